"""Language of a recommendation text, among the six UN languages (py3langid, offline)."""

from __future__ import annotations

from functools import cache

# Recommendations are published in the six UN languages; restricting the identifier to them
# avoids confusing short English texts with, say, Scots or Latin.
LANGUAGES = ["en", "fr", "es", "ru", "zh", "ar"]


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language; English for empty text."""
    if not text.strip():
        return "en"
    return _identifier().classify(text)[0]

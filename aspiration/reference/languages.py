"""Language codes and the language of a text: the one owner for the corpus, the models, search and the watch desk.

Pure Python, no Django. Recommendations are published in the six UN languages, so identification chooses among
them (restricting py3langid avoids confusing a short English text with, say, Scots or Latin); codes are ISO
639-1 ("zh", not the interface's "zh-hans").
"""

from __future__ import annotations

import re
from functools import cache

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
UNDETERMINED = "und"  # ISO 639-2's code for "cannot tell": an empty text

_CJK = re.compile(r"[\u3400-\u9fff]")


def language_code(code: object) -> str | None:
    """'zh-Hans' -> 'zh', 'EN' -> 'en', 'pt_BR' -> 'pt'; None, '' or a non-text stays None."""
    if not isinstance(code, str) or not code.strip():
        return None
    return code.strip().lower().replace("_", "-").split("-")[0]


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(UN_LANGUAGES))
    return identifier


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code among the UN languages, probability); ``UNDETERMINED`` for an empty text.
    Chinese script wins outright: langid confuses short Chinese with Japanese."""
    text = " ".join((text or "").split())
    if not text:
        return UNDETERMINED, 0.0
    if len(_CJK.findall(text)) >= max(2, len(text) // 4):
        return "zh", 1.0
    code, probability = _identifier().classify(text)
    return language_code(code) or UNDETERMINED, float(probability)

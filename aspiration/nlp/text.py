"""Text normalisation, language identification and tokenisation. Pure Python: no Django imports."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The six UN languages as the rest of the platform names them in output (ISO 639-1).
UN_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
_LANGUAGE_ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh-hant": "zh", "zh-tw": "zh", "zh_hans": "zh"}

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace: the form every model sees."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return _SPACES.sub(" ", text).strip()


def language_code(code: str | None) -> str | None:
    """'zh-Hans' -> 'zh', 'EN' -> 'en'; None or '' stays None."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    return _LANGUAGE_ALIASES.get(code, code.split("-")[0])


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability). Chinese script wins outright: langid confuses short zh/ja."""
    text = normalize(text)
    if not text:
        return "und", 0.0
    if len(_CJK.findall(text)) >= max(2, len(text) // 4):
        return "zh", 1.0
    code, probability = _identifier().classify(text)
    return language_code(code) or "und", float(probability)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokens(text: str, language: str = "en") -> list[str]:
    """Lower-cased word tokens; Chinese is segmented with jieba (it has no spaces between words)."""
    text = normalize(text).lower()
    if language == "zh" or _CJK.search(text):
        return [token for token in _jieba().lcut(text) if _WORD.fullmatch(token)]
    return _WORD.findall(text)

"""Text normalisation and tokenisation. Pure Python: no Django imports.

Language codes and identification are ``aspiration.reference.languages``'s (one owner for every app).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace: the form every model sees."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return _SPACES.sub(" ", text).strip()


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

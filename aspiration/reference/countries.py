"""Match a country name or code, in any of the six UN languages, to its ISO 3166 alpha-3 code.

Pure Python, no Django. ``match_country("Iran (Islamic Republic of)") == "IRN"``. The index is built from
the shipped ``data/countries.json`` (UN names, formal names, common short names, ISO2/ISO3/M49 codes) and
``data/country_aliases.json`` (``{"alias": "ISO3"}``, maintained by the importers for quirks of their sources).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

from aspiration.reference.catalog import DATA_DIR, countries

ALIASES_FILE = DATA_DIR / "country_aliases.json"
_PUNCTUATION = re.compile(r"[\s.,;:!?\"'`´’‘“”«»()\[\]{}<>/\\|_*+=~^%$#@-]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|la|le|les|l|el|los|las) ")
_PARENTHETICAL = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<qualifier>[^()]+)\)\s*$")


def normalise(text: str) -> str:
    """Case, accents, punctuation, '&' and 'St.' folded so that spellings of one name meet."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _PUNCTUATION.sub(" ", text.replace("&", " and ")).strip()
    text = " ".join("saint" if word == "st" else word for word in text.split())
    return _LEADING_ARTICLE.sub("", text)


def _variants(name: str) -> list[str]:
    """Derived spellings: 'Iran (Islamic Republic of)' -> 'Islamic Republic of Iran' and 'Iran'."""
    match = _PARENTHETICAL.match(name.strip())
    if not match:
        return []
    base, qualifier = match["base"].strip(), match["qualifier"].strip()
    return [f"{qualifier} {base}", base]


def _inverted(name: str) -> str | None:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, Democratic Republic of the' -> '... the Congo'."""
    if name.count(",") != 1:
        return None
    head, tail = (part.strip() for part in name.split(","))
    return f"{tail} {head}" if head and tail else None


@cache
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """(codes, names): upper-case ISO2/ISO3/M49 -> ISO3, and normalised name -> ISO3."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    derived: dict[str, set[str]] = {}
    for country in countries():
        iso3 = country["iso3"]
        codes[iso3] = iso3
        if country["iso2"]:
            codes[country["iso2"]] = iso3
        if country["m49"]:
            codes[country["m49"]] = iso3
        for name in (*country["names"].values(), *country["aliases"]):
            names.setdefault(normalise(name), iso3)
            for variant in _variants(name):
                derived.setdefault(normalise(variant), set()).add(iso3)
    # A derived spelling counts only when it points to one country and no full name claims it.
    for key, found in derived.items():
        if len(found) == 1 and key and key not in names:
            names[key] = next(iter(found))
    for alias, iso3 in _importer_aliases().items():
        names[normalise(alias)] = iso3
    names.pop("", None)
    return codes, names


def _importer_aliases() -> dict[str, str]:
    if not ALIASES_FILE.exists():
        return {}
    with open(ALIASES_FILE, encoding="utf-8") as handle:
        aliases = json.load(handle)
    if not isinstance(aliases, dict):
        return {}
    # Keys starting with "_" are comments; values must look like ISO3 codes.
    return {alias: iso3.upper() for alias, iso3 in aliases.items()
            if not alias.startswith("_") and isinstance(iso3, str) and len(iso3) == 3 and iso3.isalpha()}


def match_country(name_or_code: str) -> str | None:
    """ISO3 code for a country name (any of the six UN languages, common variants) or ISO2/ISO3/M49 code."""
    if not isinstance(name_or_code, str):
        return None
    text = name_or_code.strip()
    if not text:
        return None
    codes, names = _index()
    if text.isascii() and (text.isalpha() and len(text) in (2, 3) or text.isdigit() and len(text) <= 3):
        found = codes.get(text.upper() if text.isalpha() else text.zfill(3))
        if found:
            return found
    for candidate in (text, _inverted(text), *_variants(text)):
        if candidate:
            found = names.get(normalise(candidate))
            if found:
                return found
    return None


def reload() -> None:
    """Forget the cached index, e.g. after the aliases file changed."""
    _index.cache_clear()

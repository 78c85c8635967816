"""Readers for the reference data files shipped in ``aspiration/reference/data``. Pure Python, no Django.

Each reader returns plain lists and dicts and caches the parsed file (the files never change at run time).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")


def read_json(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def countries() -> list[dict]:
    """249 countries and territories: iso3, iso2, m49, names, aliases, UN regional group, M49 regions, flags."""
    return read_json("countries.json")


@cache
def regional_groups() -> list[dict]:
    return read_json("regional_groups.json")


@cache
def mechanisms() -> list[dict]:
    return read_json("mechanisms.json")


@cache
def upr_issues() -> list[dict]:
    """The 56 UPR Info issues: code (the exact UPR Info name), names, aliases used by older exports."""
    return read_json("upr_issues.json")


@cache
def affected_groups() -> list[dict]:
    return read_json("affected_groups.json")


@cache
def call_to_action() -> dict:
    return read_json("call_to_action.json")


@cache
def taxonomy_file() -> dict:
    return read_json("taxonomies.json")


def taxonomies() -> list[dict]:
    return taxonomy_file()["taxonomies"]


@cache
def upr_issue_by_name() -> dict[str, str]:
    """Exact issue name or older alias (lower case) -> canonical issue code."""
    index = {}
    for issue in upr_issues():
        for name in (issue["code"], *issue["aliases"]):
            index[name.lower()] = issue["code"]
    return index


@cache
def affected_groups_by_uhri() -> dict[str, tuple[str, ...]]:
    """UHRI AffectedPersons value, normalised -> the affected_group codes it implies ("Women & girls": women, girls)."""
    index: dict[str, list[str]] = {}
    for group in affected_groups():
        for value in group["uhri_affected_persons"]:
            codes = index.setdefault(normalise_uhri(value), [])
            if group["code"] not in codes:  # several spellings of one value normalise alike
                codes.append(group["code"])
    return {value: tuple(codes) for value, codes in index.items()}


def normalise_uhri(value: str) -> str:
    """UHRI writes the same value as 'Refugees & asylum seekers', 'refugees &amp; asylum-seekers', 'Minorities/ racial...',
    '- Youth & juveniles' (the full export's list prefix) or 'Person with disability': one key for all of them."""
    text = value.replace("&amp;", "&").replace("&", " and ").replace("-", " ").replace("/", " / ").replace("•", " ")
    return " ".join(_singular(word) for word in text.lower().split())


IRREGULAR_PLURALS = {"children": "child", "women": "woman", "men": "man", "people": "person", "peoples": "person"}


def _singular(word: str) -> str:
    """A plural folded to its singular, well enough that both spellings meet ('minorities', 'persons', 'refugees')."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def affected_groups_for_uhri(value: str) -> tuple[str, ...]:
    """The affected_group codes for a UHRI AffectedPersons value; empty when it has no equivalent."""
    return affected_groups_by_uhri().get(normalise_uhri(value), ())

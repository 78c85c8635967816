"""The SDG framework (goals, targets, indicators in the six UN languages) from the shipped data file.

Pure Python, no Django. Goals have ``names`` (short titles, "No poverty") and ``texts`` (full titles);
targets and indicators have their official text in both. Targets carry ``goal``, indicators ``target``.
"""

from __future__ import annotations

import gzip
import json
from functools import cache

from aspiration.reference.catalog import DATA_DIR
from aspiration.reference.codes import goal_of, target_of


@cache
def _framework() -> dict[str, list[dict]]:
    with gzip.open(DATA_DIR / "sdg.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def sdg_goals() -> list[dict]:
    """17 goals: [{"code": "1", "names": {lang: short title}, "texts": {lang: title}}]."""
    return [dict(goal) for goal in _framework()["goals"]]


def sdg_targets() -> list[dict]:
    """169 targets: [{"code": "1.a", "goal": "1", "names": {...}, "texts": {...}}]."""
    return [{**target, "goal": goal_of(target["code"])} for target in _framework()["targets"]]


def sdg_indicators() -> list[dict]:
    """252 indicator entries (231 unique indicators; some repeat under several targets): code "1.1.1", "target"."""
    return [{**indicator, "target": target_of(indicator["code"])} for indicator in _framework()["indicators"]]


"""Label codes: their natural order and what a code implies. The one owner; pure Python, no Django.

Codes are dotted parts ("16", "16.10", "16.a", "16.10.1", "4", "Women's rights"). The natural order is the
UN's: part by part, numbers by value before letters and names (16.9 < 16.10 < 16.a < 16.b), a shorter code
before its longer ones (16 < 16.1). ``code_key`` gives it for ``sorted``; ``code_sort_key`` gives the same
order as the text stored in ``Label.sort_key`` so the database sorts alike. Neither ever fails on a code.

An SDG target implies its goal ("16.10" -> "16") and an indicator its target ("16.10.1" -> "16.10").
"""

from __future__ import annotations

from collections.abc import Iterable

NUMBER_WIDTH = 3  # digits the stored sort key pads numbers to: codes' numbers stay below 1000


def _parts(code: str) -> list[str]:
    return str(code).split(".")


def _is_number(part: str) -> bool:
    return part.isdecimal()  # not isdigit(): "²" is a digit that int() refuses


def code_key(code: str) -> tuple:
    """A key for ``sorted``: numbers by value before text, part by part."""
    return tuple((0, int(part), "") if _is_number(part) else (1, 0, part) for part in _parts(code))


def code_sort_key(code: str) -> str:
    """The same order as text (``Label.sort_key``): "16.10" -> "016.010", "16.a" -> "016.xa"."""
    return ".".join(f"{int(part):0{NUMBER_WIDTH}d}" if _is_number(part) else f"x{part}" for part in _parts(code))


def sorted_codes(codes: Iterable[str]) -> list[str]:
    return sorted(codes, key=code_key)


def goal_of(target: str) -> str:
    """The SDG goal a target (or an indicator) belongs to: "16.10" -> "16"."""
    return _parts(target)[0]


def target_of(indicator: str) -> str:
    """The SDG target an indicator measures: "16.10.1" -> "16.10"."""
    return str(indicator).rsplit(".", 1)[0]


def goals_implied(goals: Iterable[str], targets: Iterable[str]) -> list[str]:
    """A recommendation's SDG goals: its goal labels and the goals of its target labels, in natural order."""
    return sorted_codes(set(goals) | {goal_of(target) for target in targets})

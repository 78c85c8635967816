"""What the watch pages say instead of codes: category, status and country names, and p-values in words.

Watch's own codes (categories, alert statuses) are named here, once, for pages, the API, the model's
choices and reports; countries and languages are named by ``aspiration.reference.display``, like everywhere.
"""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aspiration.reference import display
from aspiration.watch.parsing import Reason

CATEGORY_NAMES = {
    "sexism": gettext_lazy("Sexism and misogyny"),
    "violence_against_women": gettext_lazy("Incitement to violence against women"),
    "hate": gettext_lazy("Hate against groups"),
    "threat": gettext_lazy("Threats of violence"),
    "hrd_journalist_attack": gettext_lazy("Attacks on human rights defenders and journalists"),
}
STATUS_NAMES = {
    "new": gettext_lazy("Awaiting triage"),
    "confirmed": gettext_lazy("Confirmed"),
    "dismissed": gettext_lazy("Dismissed"),
}


def category_name(code: str) -> str:
    return str(CATEGORY_NAMES.get(code, code.replace("_", " ")))


def status_name(code: str) -> str:
    return str(STATUS_NAMES.get(code, code))


def language_name(code: str) -> str:
    """An item's language code ("zh" as the scorer writes it) as the language's name in the active language."""
    return display.language_name({"zh": "zh-hans"}.get(code, code)) if code else _("unknown")


def country_name(iso3: str) -> str:
    """The country's name in the active language; a blank code is "no country", an unknown one stays as it is."""
    return display.name(display.COUNTRY, iso3.upper()) if iso3 else _("No country")


def share_words(rate: float) -> str:
    """A flagged share as a percentage with one decimal, in the reader's number format ("3.4%")."""
    return _("%(percent)s%%") % {"percent": number_format(rate * 100, 1)}


def level_words(rate: float, baseline: float | None) -> str:
    """How the day's rate compares with the usual (trailing-window) rate."""
    if baseline is None or baseline <= 0:
        return _("no usual rate yet")
    ratio = rate / baseline
    if ratio >= 3:
        return _("far above usual")
    if ratio >= 1.5:
        return _("well above usual")
    if ratio > 1.1:
        return _("above usual")
    if ratio >= 0.9:
        return _("as usual")
    return _("below usual")


def _round_odds(value: float) -> int:
    """Below 100 to the unit (1 in 25); above, to one significant figure, halves up: 434,783 -> 400,000; 25,000 -> 30,000."""
    if value < 100:
        return max(1, math.floor(round(value, 9) + 0.5))
    magnitude = 10 ** math.floor(math.log10(value))
    return int(math.floor(round(value / magnitude, 9) + 0.5) * magnitude)


def chance_words(p_value: float | None) -> str:
    """The one-sided p-value as "about 1 in N by chance", N rounded to one figure and said in words."""
    if p_value is None:
        return _("no usual rate to compare with")
    if p_value >= 0.5:
        return _("quite likely by chance")
    if p_value < 1e-12:
        return _("less than 1 in a trillion by chance")
    odds = _round_odds(1 / max(p_value, 1e-300))
    for size, alone, several in (
        (10**9, _("about 1 in a billion by chance"), _("about 1 in %(count)s billion by chance")),
        (10**6, _("about 1 in a million by chance"), _("about 1 in %(count)s million by chance")),
        (10**3, _("about 1 in a thousand by chance"), _("about 1 in %(count)s thousand by chance")),
    ):
        if odds >= size:
            count = odds // size
            return alone if count == 1 else several % {"count": number_format(count, force_grouping=True)}
    return _("about 1 in %(count)s by chance") % {"count": number_format(odds, force_grouping=True)}


def signal_in_words(rate: float, baseline: float | None, p_value: float | None) -> str:
    """ "far above usual: about 1 in a million by chance" """
    return _("%(level)s: %(chance)s") % {"level": level_words(rate, baseline), "chance": chance_words(p_value)}


def say(reason: str) -> str:
    """A refused file's or row's ``Reason`` in the active language (its values may be reasons too)."""
    if not isinstance(reason, Reason):
        return str(reason)
    values = {key: say(value) for key, value in reason.values.items()}
    return _(reason.wording) % values if values else _(reason.wording)

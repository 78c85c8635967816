"""What every report kind shares: display names of codes, counting, progress of recommendations, charts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from aspiration.corpus.models import Recommendation
from aspiration.reports.data import ActionInfo, Rec, StateData
from aspiration.reports.document import Chart, Paragraph
from aspiration.tracking.models import Action, GenderLensReview

MAX_LISTED = 25  # long lists in a briefing show the first ones and say how many more there are
TOP_ISSUES = 12
MAX_BARS = 20  # more bars than this do not fit a page legibly


def response_name(code: str) -> str:
    """A state's response by its model choice name; a recommendation with none recorded has "No position"."""
    return str(Recommendation.Response(code).label) if code in Recommendation.Response.values else _("No position")


def status_name(code: str) -> str:
    return str(Action.Status(code).label) if code in Action.Status.values else code


def conclusion_name(code: str) -> str:
    return str(GenderLensReview.Conclusion(code).label) if code in GenderLensReview.Conclusion.values else code


# The order reports list statuses in: from not started to done, then dropped.
STATUSES = (Action.Status.PLANNED, Action.Status.IN_PROGRESS, Action.Status.DELAYED, Action.Status.COMPLETED,
            Action.Status.CANCELLED)


def cycle_name(cycle: int | None) -> str:
    return _("Cycle %(number)s") % {"number": cycle} if cycle else "—"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class Progress:
    """Which recommendations actions cover, and which of them an action has completed."""

    def __init__(self, data: StateData):
        self.actions_by_rec: dict[int, list[ActionInfo]] = defaultdict(list)
        for action in data.plan.actions if data.plan else []:
            for rec_id in action.recommendation_ids:
                self.actions_by_rec[rec_id].append(action)

    def covered(self, rec: Rec) -> bool:
        return any(action.status != "cancelled" for action in self.actions_by_rec[rec.id])

    def completed(self, rec: Rec) -> bool:
        return any(action.status == "completed" for action in self.actions_by_rec[rec.id])

    def state_of(self, rec: Rec) -> str:
        """completed / open / none: the furthest any action got."""
        return "completed" if self.completed(rec) else "open" if self.covered(rec) else "none"

    def summary(self, rec: Rec) -> str:
        return "; ".join(f"{action.title} ({status_name(action.status)})" for action in self.actions_by_rec[rec.id])


def no_plan_note(data: StateData, language: str) -> Paragraph:
    return Paragraph(
        _("No implementation plan has been recorded for %(state)s, so no actions are reported.")
        % {"state": data.name(language)},
        note=True,
    )


def labelled_counts(data: StateData, taxonomy: str, recs: Iterable[Rec], progress: Progress) -> list[tuple[str, int, int, int]]:
    """(code, recommendations, supported, covered by an action) per label, most frequent first."""
    totals: Counter = Counter()
    supported: Counter = Counter()
    covered: Counter = Counter()
    for rec in recs:
        for code in rec.labels.get(taxonomy, []):
            totals[code] += 1
            supported[code] += rec.response == "supported"
            covered[code] += progress.covered(rec)
    return [(code, totals[code], supported[code], covered[code]) for code, _n in totals.most_common()]


def response_chart(title: str, categories: list[str], recs_per_category: list[list[Rec]], horizontal: bool = False) -> Chart:
    series = tuple(
        (response_name(code), tuple(float(sum(response_bucket(r) == code for r in recs)) for recs in recs_per_category))
        for code in ("supported", "noted", "other")
    )
    return Chart(title, tuple(categories), series, stacked=True, horizontal=horizontal, value_label=_("Recommendations"))


def response_bucket(rec: Rec) -> str:
    return rec.response if rec.response in ("supported", "noted") else "other"


def response_counts(recs: list[Rec]) -> tuple[int, int, int]:
    buckets = Counter(response_bucket(rec) for rec in recs)
    return buckets["supported"], buckets["noted"], buckets["other"]

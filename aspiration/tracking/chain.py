"""The chain a reader follows: recommendations -> action -> indicators -> progress.

The staff pages and the public portal load it the same way; only the portal narrows evidence to the
public items, so a page that forgets to filter cannot leak an internal document.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Label, localized
from aspiration.tracking.models import Evidence, Indicator, Measurement, ProgressUpdate


@dataclass(frozen=True)
class IndicatorProgress:
    """Where an indicator stands between its baseline and its target, from its latest total measurement."""

    baseline: float | None
    target: float | None
    latest: Measurement | None

    @property
    def share(self) -> float | None:
        """0 at the baseline, 1 at the target (either direction: a target may be a reduction); None if unknown."""
        if self.baseline is None or self.target is None or self.latest is None or self.target == self.baseline:
            return None
        return min(max((self.latest.value - self.baseline) / (self.target - self.baseline), 0.0), 1.0)

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def reached(self) -> bool:
        return self.share == 1.0


def indicator_progress(indicator: Indicator) -> IndicatorProgress:
    """The latest measurement of the total (no breakdown) counts; uses prefetched measurements when there are any."""
    totals = [m for m in indicator.measurements.all() if not m.disaggregation]
    latest = max(totals, key=lambda m: (m.date, m.pk), default=None)
    return IndicatorProgress(baseline=indicator.baseline, target=indicator.target, latest=latest)


def recommendations_prefetch(lookup: str = "recommendations") -> Prefetch:
    """Everything shown about a recommendation addressed: its document, mechanism and recommending states."""
    return Prefetch(lookup, queryset=Recommendation.objects.select_related("document", "mechanism")
                    .prefetch_related("recommending_states").order_by("document__symbol", "paragraph", "id"))


def with_chain(actions: QuerySet, *, public: bool = False) -> QuerySet:
    """Actions with their recommendations, indicators (with measurements) and progress updates (with evidence).

    ``public`` narrows evidence to what its uploader chose to publish, under ``update.shown_evidence``.
    """
    evidence = Evidence.objects.filter(public=True) if public else Evidence.objects.all()
    updates = ProgressUpdate.objects.select_related("author").prefetch_related(
        Prefetch("evidence", queryset=evidence, to_attr="shown_evidence"))
    return actions.select_related("responsible_institution", "plan__state").prefetch_related(
        recommendations_prefetch(),
        Prefetch("indicators", queryset=Indicator.objects.select_related("sdg_indicator").prefetch_related("measurements")),
        Prefetch("progress_updates", queryset=updates),
        "sdg_targets", "sdg_indicators", "cta_areas", "supporting_institutions",
    )


def sdg_goal_titles(codes) -> dict[str, str]:
    """{goal code: "Goal 5: Gender equality"} in the UI language, from the reference data's goal names."""
    names = {label.code: localized(label.names)
             for label in Label.objects.filter(taxonomy__code="sdg_goal", code__in=set(codes))}
    return {code: goal_title(code, names.get(code, "")) for code in codes}


def goal_title(code: str, name: str) -> str:
    return _("Goal %(code)s: %(name)s") % {"code": code, "name": name} if name else _("Goal %(code)s") % {"code": code}

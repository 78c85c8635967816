"""Risk and opportunity analysis per country: signals over time, alerts, and the open recommendations
in the themes and groups each category touches, with their implementation status.

``country_risk`` returns a typed ``CountryRisk``, read by the desk's country page and the country briefing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.watch.models import Alert, Signal
from aspiration.watch.scoring import CATEGORIES

# Which recommendations an early-warning category relates to: (taxonomy code, label codes).
RELATED: dict[str, list[tuple[str, list[str]]]] = {
    "sexism": [("affected_group", ["women", "girls"]), ("upr_issue", ["Women's rights"])],
    "violence_against_women": [("affected_group", ["women", "girls"]), ("upr_issue", ["Women's rights", "Trafficking"])],
    "hate": [("affected_group", ["minorities", "migrants", "refugees_asylum_seekers", "lgbti", "indigenous_peoples",
                                 "persons_with_disabilities"]),
             ("upr_issue", ["Racial discrimination", "Minorities", "Migrants", "Sexual Orientation and Gender Identity",
                            "Freedom of religion and belief"])],
    "threat": [("upr_issue", ["Public security", "Impunity", "Human rights violations by state agents"])],
    "hrd_journalist_attack": [("affected_group", ["human_rights_defenders", "journalists_media"]),
                              ("upr_issue", ["Human rights defenders", "Freedom of opinion and expression",
                                             "Freedom of the press", "Civil society"])],
}
GENDER_CATEGORIES = ("sexism", "violence_against_women")
WINDOW_DAYS = 90


def related_filter(category: str) -> Q:
    """Recommendations effectively labelled with one of the category's related themes or groups."""
    labels = Q()
    for taxonomy, codes in RELATED[category]:
        labels |= Q(label__taxonomy__code=taxonomy, label__code__in=codes)
    return Q(pk__in=Annotation.objects.effective().filter(labels).values("recommendation"))


@dataclass(frozen=True)
class RelatedRecommendation:
    id: int
    text: str
    year: int | None
    response: str  # a ``Recommendation.Response`` code
    mechanism: str
    action_statuses: tuple[str, ...] = ()  # ``Action.Status`` codes; empty: no action is planned


@dataclass(frozen=True)
class Related:
    open_count: int  # related recommendations without a completed action
    recommendations: tuple[RelatedRecommendation, ...]  # the most recent of them


@dataclass(frozen=True)
class SignalPoint:
    day: date
    count: int
    total: int
    rate: float
    baseline: float | None


@dataclass(frozen=True)
class CategoryRisk:
    series: tuple[SignalPoint, ...]
    flagged: int
    items: int
    rate: float
    open_alerts: int
    latest_alert: date | None
    related: Related


@dataclass(frozen=True)
class GenderRisk:
    flagged: int
    open_alerts: int
    open_recommendations: int


@dataclass(frozen=True)
class CountryRisk:
    """What the early-warning desk knows of one country over the last ``window_days``."""

    country: str
    window_days: int
    since: date
    open_alerts: int
    categories: dict[str, CategoryRisk] = field(default_factory=dict)  # by category code, in ``CATEGORIES`` order
    gender: GenderRisk = GenderRisk(0, 0, 0)


def related_recommendations(iso3: str, category: str, limit: int = 10) -> Related:
    """Open recommendations (no completed action) in the related themes, with their actions' statuses."""
    base = Recommendation.objects.filter(state__iso3=iso3).filter(related_filter(category)) \
        .exclude(actions__status="completed")
    rows = tuple(
        RelatedRecommendation(id=rec.pk, text=rec.text[:400], year=rec.year, response=rec.response,
                              mechanism=rec.mechanism.code,
                              action_statuses=tuple(sorted({action.status for action in rec.actions.all()})))
        for rec in base.select_related("mechanism").prefetch_related("actions").order_by("-year", "pk")[:limit]
    )
    return Related(open_count=base.count(), recommendations=rows)


def signal_series(iso3: str, since: date) -> dict[str, list[SignalPoint]]:
    series: dict[str, list[SignalPoint]] = {c: [] for c in CATEGORIES}
    for s in Signal.objects.filter(country=iso3, day__gte=since).order_by("day"):
        series[s.category].append(SignalPoint(s.day, s.count, s.total, s.rate, s.baseline))
    return series


def country_risk(iso3: str) -> CountryRisk | None:
    """None when the early-warning desk has nothing for this country."""
    iso3 = iso3.upper()
    since = timezone.now().date() - timedelta(days=WINDOW_DAYS)
    if not Signal.objects.filter(country=iso3).exists() and not Alert.objects.filter(country=iso3).exists():
        return None
    series = signal_series(iso3, since)
    categories = {}
    for category in CATEGORIES:
        points = series[category]
        flagged, total = sum(p.count for p in points), sum(p.total for p in points)
        open_alerts = Alert.objects.filter(country=iso3, category=category).exclude(status=Alert.Status.DISMISSED)
        categories[category] = CategoryRisk(
            series=tuple(points), flagged=flagged, items=total, rate=flagged / total if total else 0.0,
            open_alerts=open_alerts.count(), latest_alert=open_alerts.order_by("-day").values_list("day", flat=True).first(),
            related=related_recommendations(iso3, category))
    gender = [categories[c] for c in GENDER_CATEGORIES]
    return CountryRisk(
        country=iso3, window_days=WINDOW_DAYS, since=since,
        open_alerts=Alert.objects.filter(country=iso3).exclude(status=Alert.Status.DISMISSED).count(),
        categories=categories,
        gender=GenderRisk(flagged=sum(g.flagged for g in gender), open_alerts=sum(g.open_alerts for g in gender),
                          open_recommendations=related_recommendations(iso3, "violence_against_women").open_count))

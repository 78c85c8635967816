"""Thin Django queries that gather what a report needs about one state into plain data.

Everything downstream (builders, renderers) works on these dataclasses, never on querysets, so
the database is read once, in a few queries, whatever the report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F

from aspiration.corpus.labels import resolve_many
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.models import Country, Label, Mechanism, localized
from aspiration.watch.risk import CountryRisk, country_risk

# The taxonomies whose label names reports print.
NAMED_TAXONOMIES = ("upr_issue", "affected_group", "cta_area", "sdg_goal", "sdg_target")


class ReportError(Exception):
    """Bad input for a report (unknown state, nothing to report): the message is shown as is."""


@dataclass
class Rec:
    id: int
    text: str
    mechanism: str
    mechanism_kind: str
    cycle: int | None
    session: int | None
    year: int | None
    response: str
    recommending: tuple[dict[str, str], ...]  # the recommending states' names in six languages
    labels: dict[str, list[str]]


@dataclass
class ActionInfo:
    id: int
    title: str
    status: str
    institution: str
    start_date: date | None
    due_date: date | None
    cluster_id: int | None
    recommendation_ids: tuple[int, ...]
    sdg_targets: tuple[str, ...]
    cta_areas: tuple[str, ...]
    latest_update: str = ""
    latest_update_date: date | None = None
    evidence: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    reviewed: bool = False

    def is_overdue(self, today: date) -> bool:
        return self.status in ("planned", "in_progress", "delayed") and self.due_date is not None and self.due_date < today


@dataclass
class ReviewInfo:
    subject: str  # the action's title, or the plan's for a plan-wide review
    conclusion: str
    reviewed_on: date
    follow_up: str


@dataclass
class PlanInfo:
    id: int
    title: str
    period: str
    published: bool
    clusters: list[tuple[int, str, tuple[int, ...]]] = field(default_factory=list)  # (id, title, recommendation ids)
    actions: list[ActionInfo] = field(default_factory=list)
    reviews: list[ReviewInfo] = field(default_factory=list)


@dataclass
class StateData:
    iso3: str
    names: dict[str, str]
    recommendations: list[Rec]
    plan: PlanInfo | None
    label_names: dict[tuple[str, str], dict[str, str]]
    sort_keys: dict[tuple[str, str], str]
    mechanism_names: dict[str, dict[str, str]] = field(default_factory=dict)
    risk: CountryRisk | None = None  # the early-warning section of a country briefing

    def name(self, language: str) -> str:
        return localized(self.names, language) or self.iso3

    def recommenders(self, rec: Rec, language: str) -> str:
        return ", ".join(sorted(localized(names, language) for names in rec.recommending if names))

    def mechanism(self, code: str, language: str) -> str:
        """Treaty bodies and the UPR by their code; special procedures ("SP:...") by their name."""
        names = self.mechanism_names.get(code)
        return localized(names, language) if code.startswith("SP:") and names else code

    def label(self, taxonomy: str, code: str, language: str) -> str:
        names = self.label_names.get((taxonomy, code))
        return localized(names, language) if names else code

    def sort_key(self, taxonomy: str, code: str) -> str:
        return self.sort_keys.get((taxonomy, code)) or code


def find_country(iso3: str) -> Country:
    try:
        return Country.objects.get(iso3=iso3.strip().upper())
    except Country.DoesNotExist:
        raise ReportError(f"unknown state {iso3!r}: give an ISO 3166 alpha-3 code known to 'aspiration load_reference'") from None


def load_state(iso3: str, with_risk: bool = True) -> StateData:
    country = find_country(iso3)
    recommendations = _recommendations(country)
    return StateData(
        iso3=country.iso3, names=dict(country.names), recommendations=recommendations, plan=_plan(country),
        label_names=_label_names(), sort_keys=_sort_keys(), risk=country_risk(country.iso3) if with_risk else None,
        mechanism_names={m.code: dict(m.names) for m in Mechanism.objects.filter(recommendations__state=country).distinct()},
    )


def _recommendations(country: Country) -> list[Rec]:
    rows = list(
        Recommendation.objects.filter(state=country)
        .select_related("mechanism")
        # NULLs first on both databases (SQLite and PostgreSQL disagree by default)
        .order_by(F("cycle").asc(nulls_first=True), F("session").asc(nulls_first=True), "id")
    )
    labels = resolve_many(Annotation.objects.filter(recommendation__state=country).select_related("label__taxonomy"))
    recommending = defaultdict(list)
    through = Recommendation.recommending_states.through
    for rec_id, names in through.objects.filter(recommendation__state=country).values_list("recommendation_id", "country__names"):
        recommending[rec_id].append(names or {})
    return [
        Rec(
            id=row.id, text=row.text, mechanism=row.mechanism.code, mechanism_kind=row.mechanism.kind, cycle=row.cycle,
            session=row.session, year=row.year, response=row.response, recommending=tuple(recommending[row.id]),
            labels=labels.get(row.id, {}),
        )
        for row in rows
    ]


def _label_names() -> dict[tuple[str, str], dict[str, str]]:
    labels = Label.objects.filter(taxonomy__code__in=NAMED_TAXONOMIES).values_list("taxonomy__code", "code", "names")
    return {(taxonomy, code): names or {} for taxonomy, code, names in labels}


def _sort_keys() -> dict[tuple[str, str], str]:
    labels = Label.objects.filter(taxonomy__code__in=NAMED_TAXONOMIES).values_list("taxonomy__code", "code", "sort_key")
    return {(taxonomy, code): key for taxonomy, code, key in labels if key}


def _plan(country: Country) -> PlanInfo | None:
    """The state's current plan: the one with the latest period (then the newest)."""
    from aspiration.tracking.models import Plan

    plan = (
        Plan.objects.filter(state=country)
        .order_by(F("period_start").desc(nulls_last=True), "-created_at", "-id")
        .first()
    )
    if plan is None:
        return None
    info = PlanInfo(id=plan.id, title=plan.title, period=plan.period, published=plan.published)
    for cluster in plan.clusters.prefetch_related("recommendations"):
        info.clusters.append((cluster.id, cluster.title, tuple(sorted(r.id for r in cluster.recommendations.all()))))
    actions = plan.actions.select_related("responsible_institution").prefetch_related(
        "recommendations", "sdg_targets", "cta_areas", "indicators", "gender_reviews", "progress_updates__evidence",
    )
    info.actions = [_action(action) for action in actions]
    for review in plan.gender_reviews.all():
        info.reviews.append(ReviewInfo(plan.title, review.conclusion, review.reviewed_on, review.follow_up))
    for action in actions:
        for review in action.gender_reviews.all():
            info.reviews.append(ReviewInfo(action.title, review.conclusion, review.reviewed_on, review.follow_up))
    return info


def _action(action) -> ActionInfo:
    updates = list(action.progress_updates.all())  # newest first (model ordering)
    evidence = [item for update in updates for item in update.evidence.all()]
    return ActionInfo(
        id=action.id, title=action.title, status=action.status, institution=str(action.responsible_institution),
        start_date=action.start_date, due_date=action.due_date, cluster_id=action.cluster_id,
        recommendation_ids=tuple(sorted(r.id for r in action.recommendations.all())),
        sdg_targets=tuple(sorted(label.code for label in action.sdg_targets.all())),
        cta_areas=tuple(sorted(label.code for label in action.cta_areas.all())),
        latest_update=updates[0].narrative if updates else "",
        latest_update_date=updates[0].date if updates else None,
        evidence=tuple(item.title or item.original_name or item.url for item in evidence),
        indicators=tuple(_indicator_text(indicator) for indicator in action.indicators.all()),
        reviewed=bool(action.gender_reviews.all()),
    )


def _indicator_text(indicator) -> str:
    """"Name: baseline → target unit" (the parts that are known)."""
    parts = [indicator.name]
    if indicator.baseline is not None or indicator.target is not None:
        baseline = "" if indicator.baseline is None else f"{indicator.baseline:g}"
        target = "" if indicator.target is None else f"{indicator.target:g}"
        parts.append(f"{baseline} → {target} {indicator.unit}".strip())
    return ": ".join(parts)

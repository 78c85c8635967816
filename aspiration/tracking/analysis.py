"""Where a plan stands: coverage of recommendations by actions, deadlines, gaps, cluster suggestions."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from aspiration.corpus.labels import resolve_many
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.codes import code_key, goals_implied
from aspiration.reference.models import Label, localized
from aspiration.search.related import near_duplicates
from aspiration.tracking.models import Action, GenderLensReview, Plan

log = logging.getLogger(__name__)

COVERAGE_DIMENSIONS = ("sdg_goal", "cta_area", "affected_group")
UPCOMING_DAYS = 14


@dataclass
class CoverageRow:
    code: str
    name: str
    total: int = 0
    covered: int = 0

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0

    @property
    def label(self) -> str:
        """Numbered codes (SDG 5, area 3) read well before the name; slugs (``women``) do not."""
        if self.name == self.code or not self.code[:1].isdigit():
            return self.name
        return f"{self.code} {self.name}"


@dataclass
class Coverage:
    total: int
    covered: int
    by: dict[str, list[CoverageRow]] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


def state_recommendations(plan: Plan):
    return Recommendation.objects.filter(state_id=plan.state_id)


def covered_recommendation_ids(plan: Plan) -> set[int]:
    """Recommendations linked to at least one action of the plan that is not cancelled."""
    actions = Action.objects.filter(plan=plan).exclude(status=Action.Status.CANCELLED)
    return set(Recommendation.objects.filter(actions__in=actions).values_list("id", flat=True))


def labels_of(recommendations, taxonomies: tuple[str, ...]) -> dict[int, dict[str, list[str]]]:
    """Effective labels (person > import > model) of many recommendations in one query."""
    taxonomies_needed = set(taxonomies) | ({"sdg_target"} if "sdg_goal" in taxonomies else set())
    query = Annotation.objects.filter(recommendation__in=recommendations, label__taxonomy__code__in=taxonomies_needed)
    result = {}
    for rec_id, labels in resolve_many(query.select_related("label__taxonomy")).items():
        if "sdg_goal" in taxonomies:
            # A target implies its goal, whether or not the goal was labelled too.
            labels["sdg_goal"] = goals_implied(labels.get("sdg_goal", []), labels.get("sdg_target", []))
        result[rec_id] = labels
    return result


def label_names(taxonomy: str) -> dict[str, str]:
    return {label.code: localized(label.names) or label.code
            for label in Label.objects.filter(taxonomy__code=taxonomy).only("code", "names")}


def coverage(plan: Plan) -> Coverage:
    recommendations = state_recommendations(plan)
    ids = set(recommendations.values_list("id", flat=True))
    covered = covered_recommendation_ids(plan) & ids
    labels = labels_of(recommendations, COVERAGE_DIMENSIONS)
    result = Coverage(total=len(ids), covered=len(covered))
    for dimension in COVERAGE_DIMENSIONS:
        names = label_names(dimension)
        rows: dict[str, CoverageRow] = {}
        for rec_id, rec_labels in labels.items():
            for code in rec_labels.get(dimension, []):
                row = rows.setdefault(code, CoverageRow(code, names.get(code, code)))
                row.total += 1
                row.covered += rec_id in covered
        result.by[dimension] = sorted(rows.values(), key=lambda row: code_key(row.code))
    return result


def overdue_actions(plan: Plan | None = None, today: date | None = None):
    today = today or date.today()
    actions = Action.objects.filter(status__in=Action.OPEN_STATUSES, due_date__lt=today)
    return (actions.filter(plan=plan) if plan else actions).select_related("responsible_institution", "plan")


def upcoming_actions(plan: Plan | None = None, today: date | None = None, days: int = UPCOMING_DAYS):
    today = today or date.today()
    actions = Action.objects.filter(status__in=Action.OPEN_STATUSES, due_date__gte=today,
                                    due_date__lte=today + timedelta(days=days))
    return (actions.filter(plan=plan) if plan else actions).select_related("responsible_institution", "plan")


def supported_without_action(plan: Plan):
    return (state_recommendations(plan).filter(response=Recommendation.Response.SUPPORTED)
            .exclude(id__in=covered_recommendation_ids(plan)).select_related("mechanism"))


def actions_without_gender_review(plan: Plan):
    return plan.actions.exclude(status=Action.Status.CANCELLED).filter(gender_reviews__isnull=True)


def gender_findings(plan: Plan) -> dict:
    """Counts of conclusions (latest review per action) and the reviews that ask for change."""
    reviews = GenderLensReview.objects.filter(action__plan=plan) | GenderLensReview.objects.filter(plan=plan)
    latest: dict[tuple, GenderLensReview] = {}
    for review in reviews.order_by("reviewed_on", "id").select_related("action", "reviewer"):
        latest[(review.action_id, review.plan_id)] = review
    counts = Counter(review.conclusion for review in latest.values())
    concerns = [review for review in latest.values() if review.conclusion != GenderLensReview.Conclusion.RESPONSIVE]
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in GenderLensReview.Conclusion.choices],
        "reviewed": len(latest),
        "concerns": sorted(concerns, key=lambda review: review.reviewed_on, reverse=True),
    }


@dataclass
class ClusterSuggestion:
    origin: str
    title: str
    recommendation_ids: list[int]
    # Loaded for display (text, document symbol, paragraph), in the order of ``recommendation_ids``.
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def responses(self) -> list[tuple[str, int]]:
        """How the state answered the members ("Supported", 4), most frequent first: the group at a glance."""
        return Counter(str(rec.get_response_display()) for rec in self.recommendations if rec.response).most_common()


def suggest_clusters(plan: Plan, limit: int = 300) -> list[ClusterSuggestion]:
    """Groups of the state's not-yet-clustered recommendations: near-duplicates first, then shared UPR issues."""
    clustered = set(plan.clusters.values_list("recommendations", flat=True))
    # The latest cycle first: it is what a new plan answers. The cap keeps the page quick on large states.
    candidates = list(state_recommendations(plan).exclude(id__in=clustered)
                      .order_by("-cycle", "-year", "-id").values_list("id", flat=True)[:limit])
    suggestions = _near_duplicate_groups(candidates)
    grouped = {rec_id for suggestion in suggestions for rec_id in suggestion.recommendation_ids}
    by_issue: dict[str, list[int]] = defaultdict(list)
    for rec_id, labels in labels_of(Recommendation.objects.filter(id__in=candidates), ("upr_issue",)).items():
        for issue in labels.get("upr_issue", [])[:1]:
            by_issue[issue].append(rec_id)
    issue_names = label_names("upr_issue")
    for issue, ids in sorted(by_issue.items(), key=lambda item: -len(item[1])):
        ids = [rec_id for rec_id in ids if rec_id not in grouped]
        if len(ids) >= 2:
            suggestions.append(ClusterSuggestion("upr_issue", issue_names.get(issue, issue), sorted(ids)))
    shown = {rec.pk: rec for rec in Recommendation.objects.filter(
        id__in={rec_id for suggestion in suggestions for rec_id in suggestion.recommendation_ids})
        .select_related("document", "mechanism")}
    for suggestion in suggestions:
        suggestion.recommendations = [shown[rec_id] for rec_id in suggestion.recommendation_ids if rec_id in shown]
    return suggestions


def _near_duplicate_groups(candidates: list[int]) -> list[ClusterSuggestion]:
    """Union of the search engine's near-duplicate pairs (it applies its own similarity threshold)."""
    parent = {rec_id: rec_id for rec_id in candidates}

    def find(rec_id: int) -> int:
        while parent[rec_id] != rec_id:
            parent[rec_id] = parent[parent[rec_id]]
            rec_id = parent[rec_id]
        return rec_id

    for rec_id in candidates:
        try:
            pairs = near_duplicates(rec_id, 10)
        except Exception:  # the search index may be missing or being rebuilt: suggestions are optional
            log.warning("near-duplicate lookup failed for recommendation %s", rec_id, exc_info=True)
            return []
        for other, _score in pairs:
            if other in parent:
                parent[find(other)] = find(rec_id)
    groups: dict[int, list[int]] = defaultdict(list)
    for rec_id in candidates:
        groups[find(rec_id)].append(rec_id)
    texts = dict(Recommendation.objects.filter(id__in=candidates).values_list("id", "text"))
    return [ClusterSuggestion("near_duplicates", texts[min(ids)][:120], sorted(ids))
            for ids in groups.values() if len(ids) >= 2]

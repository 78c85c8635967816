"""The tracking API's request and response bodies, read from the models (``ModelSchema``) where they match them.

Responses keep the field names clients already use (``plan_id``, ``sdg_targets`` as codes, a state as its
ISO3 code); requests keep their stricter types (status choices, finite numbers, label codes).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Any

from ninja import ModelSchema, Schema

from aspiration.accounts import permissions as perm
from aspiration.tracking.api.common import Finite
from aspiration.tracking.models import Action, Evidence, Indicator, Measurement, Plan, ProgressUpdate


def _reader(context: dict | None):
    request = (context or {}).get("request")
    return getattr(request, "user", None)


# Plans ---------------------------------------------------------------------------------------------------------

class PlanOut(ModelSchema):
    state: str

    class Meta:
        model = Plan
        fields = ["id", "title", "description", "period_start", "period_end", "published", "version"]

    @staticmethod
    def resolve_state(plan: Plan) -> str:
        return plan.state.iso3


class PlanIn(ModelSchema):
    state: str
    description: str = ""  # a blank text is "", not null (the model schema would make it optional)
    published: bool = False

    class Meta:
        model = Plan
        fields = ["title", "description", "period_start", "period_end", "published"]


class PlanPatch(ModelSchema):
    version: int

    class Meta:
        model = Plan
        fields = ["title", "description", "period_start", "period_end", "published"]
        fields_optional = "__all__"


# Actions -------------------------------------------------------------------------------------------------------

class ActionOut(ModelSchema):
    plan_id: int
    cluster_id: int | None
    responsible_institution_id: int
    supporting_institution_ids: list[int]
    recommendation_ids: list[int]
    sdg_targets: list[str]
    sdg_indicators: list[str]
    cta_areas: list[str]

    class Meta:
        model = Action
        fields = ["id", "title", "description", "start_date", "due_date", "status", "version"]

    @staticmethod
    def resolve_supporting_institution_ids(action: Action) -> list[int]:
        return [institution.pk for institution in action.supporting_institutions.all()]

    @staticmethod
    def resolve_recommendation_ids(action: Action) -> list[int]:
        return [recommendation.pk for recommendation in action.recommendations.all()]

    @staticmethod
    def resolve_sdg_targets(action: Action) -> list[str]:
        return [label.code for label in action.sdg_targets.all()]

    @staticmethod
    def resolve_sdg_indicators(action: Action) -> list[str]:
        return [label.code for label in action.sdg_indicators.all()]

    @staticmethod
    def resolve_cta_areas(action: Action) -> list[str]:
        return [label.code for label in action.cta_areas.all()]


class ActionIn(Schema):
    plan_id: int
    title: str
    responsible_institution_id: int
    description: str = ""
    cluster_id: int | None = None
    supporting_institution_ids: list[int] = []
    start_date: Date | None = None
    due_date: Date | None = None
    status: Action.Status = Action.Status.PLANNED
    recommendation_ids: list[int] = []
    sdg_targets: list[str] = []
    sdg_indicators: list[str] = []
    cta_areas: list[str] = []


class ActionPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    responsible_institution_id: int | None = None
    cluster_id: int | None = None
    supporting_institution_ids: list[int] | None = None
    start_date: Date | None = None
    due_date: Date | None = None
    status: Action.Status | None = None
    recommendation_ids: list[int] | None = None
    sdg_targets: list[str] | None = None
    sdg_indicators: list[str] | None = None
    cta_areas: list[str] | None = None


# Indicators and measurements -----------------------------------------------------------------------------------

class IndicatorOut(ModelSchema):
    action_id: int
    sdg_indicator: str | None
    disaggregation: list[Indicator.Dimension]

    class Meta:
        model = Indicator
        fields = ["id", "name", "definition", "unit", "baseline", "baseline_date", "target", "target_date",
                  "other_dimension", "version"]

    @staticmethod
    def resolve_sdg_indicator(indicator: Indicator) -> str | None:
        return indicator.sdg_indicator.code if indicator.sdg_indicator else None


class IndicatorIn(ModelSchema):
    action_id: int
    definition: str = ""
    unit: str = ""
    other_dimension: str = ""
    baseline: Finite | None = None
    target: Finite | None = None
    sdg_indicator: str | None = None
    disaggregation: list[Indicator.Dimension] = []

    class Meta:
        model = Indicator
        fields = ["name", "definition", "unit", "baseline_date", "target_date", "other_dimension"]


class IndicatorPatch(ModelSchema):
    version: int
    baseline: Finite | None = None
    target: Finite | None = None
    sdg_indicator: str | None = None
    disaggregation: list[Indicator.Dimension] | None = None

    class Meta:
        model = Indicator
        fields = ["name", "definition", "unit", "baseline_date", "target_date", "other_dimension"]
        fields_optional = "__all__"


class MeasurementOut(ModelSchema):
    indicator_id: int
    disaggregation: dict[str, str]

    class Meta:
        model = Measurement
        fields = ["id", "date", "value", "source", "version"]


class MeasurementIn(ModelSchema):
    indicator_id: int
    value: Finite
    source: str = ""
    disaggregation: dict[str, str] = {}

    class Meta:
        model = Measurement
        fields = ["date", "source"]


class MeasurementPatch(ModelSchema):
    version: int
    value: Finite | None = None
    disaggregation: dict[str, str] | None = None

    class Meta:
        model = Measurement
        fields = ["date", "source"]
        fields_optional = "__all__"


# Progress updates ----------------------------------------------------------------------------------------------

class EvidenceOut(ModelSchema):
    file: str

    class Meta:
        model = Evidence
        fields = ["id", "url", "size", "content_type", "public"]

    @staticmethod
    def resolve_file(evidence: Evidence) -> str:
        return evidence.original_name


class ProgressOut(ModelSchema):
    """Who wrote an update, and its internal evidence, are for staff readers: the public sees the narrative and
    the evidence marked public, never staff login names or the names of internal files."""

    action_id: int
    author: str | None
    evidence: list[EvidenceOut]

    class Meta:
        model = ProgressUpdate
        fields = ["id", "date", "narrative", "status", "version"]

    @staticmethod
    def resolve_author(update: ProgressUpdate, context: Any) -> str | None:
        if update.author is None or not perm.is_staff_reader(_reader(context)):
            return None
        return str(update.author)

    @staticmethod
    def resolve_evidence(update: ProgressUpdate, context: Any) -> list[Evidence]:
        items = list(update.evidence.all())
        return items if perm.is_staff_reader(_reader(context)) else [item for item in items if item.public]


class ProgressIn(Schema):
    action_id: int
    date: Date
    narrative: str
    status: Action.Status


class ProgressPatch(Schema):
    version: int
    date: Date | None = None
    narrative: str | None = None
    status: Action.Status | None = None

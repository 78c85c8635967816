"""Indicators of actions and their measurements: list, read, create, update."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from aspiration.accounts import permissions as perm
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.reference.models import Label
from aspiration.tracking.api.common import ERRORS, READ_AUTH, ListPage, apply, checked, save, validate, visible
from aspiration.tracking.api.schemas import (
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MeasurementIn,
    MeasurementOut,
    MeasurementPatch,
)
from aspiration.tracking.models import Action, Indicator, Measurement
from aspiration.tracking.services import create_audited
from aspiration.tracking.validation import breakdown_of, labels_with_codes

router = Router()

INDICATOR_FIELDS = ("name", "definition", "unit", "baseline", "baseline_date", "target", "target_date",
                    "disaggregation", "other_dimension")


def _sdg_indicator(code: str | None) -> Label | None:
    return checked(labels_with_codes, "sdg_indicator", [code])[0] if code else None


@router.get("/indicators", response=list[IndicatorOut], auth=READ_AUTH)
@paginate(ListPage)
def list_indicators(request, response: HttpResponse, action: int | None = None):
    indicators = visible(request.user, Indicator.objects.select_related("sdg_indicator"), "action__plan__")
    if action is not None:
        indicators = indicators.filter(action_id=action)
    return indicators.order_by("id")


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}, auth=READ_AUTH)
def get_indicator(request, indicator_id: int):
    queryset = visible(request.user, Indicator.objects.select_related("sdg_indicator"), "action__plan__")
    return get_object_or_404(queryset, pk=indicator_id)


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, auth=WRITE_AUTH)
def create_indicator(request, payload: IndicatorIn):
    action = get_object_or_404(Action, pk=payload.action_id)
    allow(perm.can_edit_action(request.user, action))
    indicator = Indicator(sdg_indicator=_sdg_indicator(payload.sdg_indicator), **payload.dict(exclude={"sdg_indicator"}))
    validate(indicator)
    return Status(201, create_audited(indicator, actor=request.user))


@router.patch("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}, auth=WRITE_AUTH)
def update_indicator(request, indicator_id: int, payload: IndicatorPatch):
    queryset = visible(request.user, Indicator.objects.select_related("action", "sdg_indicator"), "action__plan__")
    indicator = get_object_or_404(queryset, pk=indicator_id)
    allow(perm.can_edit_indicator(request.user, indicator))
    values = payload.dict(exclude_unset=True)
    if "sdg_indicator" in values:
        indicator.sdg_indicator = _sdg_indicator(values["sdg_indicator"])
    apply(indicator, values, INDICATOR_FIELDS)
    return save(indicator, payload.version, request.user)


@router.get("/measurements", response=list[MeasurementOut], auth=READ_AUTH)
@paginate(ListPage)
def list_measurements(request, response: HttpResponse, indicator: int | None = None):
    measurements = visible(request.user, Measurement.objects.all(), "indicator__action__plan__")
    if indicator is not None:
        measurements = measurements.filter(indicator_id=indicator)
    return measurements.order_by("id")


@router.get("/measurements/{measurement_id}", response={200: MeasurementOut, **ERRORS}, auth=READ_AUTH)
def get_measurement(request, measurement_id: int):
    queryset = visible(request.user, Measurement.objects.all(), "indicator__action__plan__")
    return get_object_or_404(queryset, pk=measurement_id)


@router.post("/measurements", response={201: MeasurementOut, **ERRORS}, auth=WRITE_AUTH)
def create_measurement(request, payload: MeasurementIn):
    indicator = get_object_or_404(Indicator.objects.select_related("action"), pk=payload.indicator_id)
    allow(perm.can_edit_indicator(request.user, indicator))
    checked(breakdown_of, indicator.disaggregation, payload.disaggregation)
    measurement = Measurement(created_by=request.user, **payload.dict())
    validate(measurement)
    return Status(201, create_audited(measurement, actor=request.user))


@router.patch("/measurements/{measurement_id}", response={200: MeasurementOut, **ERRORS}, auth=WRITE_AUTH)
def update_measurement(request, measurement_id: int, payload: MeasurementPatch):
    queryset = visible(request.user, Measurement.objects.select_related("indicator__action"), "indicator__action__plan__")
    measurement = get_object_or_404(queryset, pk=measurement_id)
    allow(perm.can_edit_indicator(request.user, measurement.indicator))
    values = payload.dict(exclude_unset=True)
    if values.get("disaggregation") is not None:
        checked(breakdown_of, measurement.indicator.disaggregation, values["disaggregation"])
    apply(measurement, values, ("date", "value", "disaggregation", "source"))
    return save(measurement, payload.version, request.user)

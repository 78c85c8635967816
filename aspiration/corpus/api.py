"""Corpus API (mounted at /api/corpus/): import batches, their rejected rows, and adding a recommendation.

Listing and filtering recommendations is the search app's /api/recommendations.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from aspiration.accounts.permissions import can_import
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.corpus.importers import Record, cycle_for_session, normalise_text
from aspiration.corpus.models import ImportBatch
from aspiration.corpus.services import Duplicate, create_recommendation

router = Router(tags=["corpus"])


class Error(Schema):
    detail: str


class BatchOut(Schema):
    id: int
    file_name: str
    format: str
    checksum: str
    status: str
    error: str
    rows_read: int
    created: int
    merged: int
    rejected: int
    started_at: str
    finished_at: str | None

    @staticmethod
    def resolve_started_at(obj: ImportBatch) -> str:
        return obj.started_at.isoformat()

    @staticmethod
    def resolve_finished_at(obj: ImportBatch) -> str | None:
        return obj.finished_at.isoformat() if obj.finished_at else None


class RejectedOut(Schema):
    row_number: int
    reason: str
    raw: dict


class RecommendationIn(Schema):
    text: str = Field(..., min_length=3, max_length=20000)
    state: str = Field(..., min_length=2, description="ISO3 code or name of the state under review")
    mechanism: str = "UPR"
    session: int | None = Field(None, ge=1, le=32767)
    cycle: int | None = Field(None, ge=1, le=32767)
    year: int | None = Field(None, ge=1946, le=2100)
    date: Date | None = None
    paragraph: str = Field("", max_length=40)
    document: str = Field("", max_length=100)
    response: Literal["", "supported", "noted", "pending", "voluntary_pledge"] = ""
    recommending_states: list[str] = []
    labels: dict[str, list[str]] = Field({}, description="{taxonomy: [label codes]}")
    language: str = Field("", max_length=10, description="ISO 639-1; detected when empty")
    source_id: str = Field("", max_length=90)


class RecommendationOut(Schema):
    id: int
    text: str
    language: str
    state: str
    mechanism: str
    session: int | None
    cycle: int | None
    response: str
    recommending_states: list[str]
    labels: dict[str, list[str]]


@router.get("/batches", response={200: list[BatchOut], 401: Error, 403: Error}, auth=WRITE_AUTH)
def batches(request, limit: int = 100):
    """Import batches, newest first (coordinators and administrators)."""
    allow(can_import(request.user), "only coordinators and administrators manage the corpus")
    return list(ImportBatch.objects.all()[: max(1, min(limit, 1000))])


@router.get("/batches/{batch_id}/rejected", response={200: list[RejectedOut], 401: Error, 403: Error, 404: Error},
            auth=WRITE_AUTH)
def rejected(request, batch_id: int):
    """The rows a batch rejected, with the reason and the original cells."""
    allow(can_import(request.user), "only coordinators and administrators manage the corpus")
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    return list(batch.rejected_rows.all())


@router.post("/recommendations", response={201: RecommendationOut, 401: Error, 403: Error, 409: Error, 422: Error},
             auth=WRITE_AUTH)
def add_recommendation(request, payload: RecommendationIn):
    """Add one recommendation with its labels (source "import", score 1). Audited."""
    allow(can_import(request.user), "only coordinators and administrators manage the corpus")
    record = Record(
        text=normalise_text(payload.text), state=payload.state.strip(), row=0, mechanism=payload.mechanism.strip() or "UPR",
        session=payload.session, cycle=payload.cycle or cycle_for_session(payload.session),
        year=payload.year or (payload.date.year if payload.date else None), date=payload.date,
        paragraph=payload.paragraph, document=payload.document.strip(), response=payload.response,
        recommending_states=[s.strip() for s in payload.recommending_states if s.strip()],
        source_id=f"api:{payload.source_id}" if payload.source_id else "", language=payload.language,
        raw=payload.model_dump(exclude={"date"}),
    )
    for taxonomy, codes in payload.labels.items():
        for code in codes:
            record.add_label(taxonomy, code.strip())
    try:
        rec = create_recommendation(record, request.user)
    except Duplicate as error:
        raise HttpError(409, str(error)) from None
    except ValueError as error:
        raise HttpError(422, str(error)) from None
    return Status(201, {
        "id": rec.pk, "text": rec.text, "language": rec.language, "state": rec.state.iso3, "mechanism": rec.mechanism.code,
        "session": rec.session, "cycle": rec.cycle, "response": rec.response,
        "recommending_states": sorted(rec.recommending_states.values_list("iso3", flat=True)),
        "labels": rec.labels_by_taxonomy(),
    })

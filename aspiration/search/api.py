"""REST API for searching recommendations (mounted at /api/recommendations).

Reads of the public corpus need no credentials. Bad input (unknown mode, page < 1, page_size out of
range, a non-numeric year) is answered with HTTP 422 and the reason.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from aspiration.corpus.labels import resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.search.engine import MAX_PAGE_SIZE, SearchError, SearchQuery, search
from aspiration.search.facets import DECLARED, FACETS, Facet
from aspiration.search.related import near_duplicates, related
from aspiration.search.snippets import as_html, result_snippets

router = Router(tags=["search"])


class BaseSearchParams(Schema):
    q: str = Field("", description='Query: words (stemmed), "exact phrases", AND / OR / NOT, -word, prefix*', max_length=1000)
    mode: Literal["keyword", "semantic", "hybrid"] = "keyword"
    sort: Literal["relevance", "newest", "oldest"] = "relevance"
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)
    collapse: bool = Field(True, description="show each near-duplicate cluster once (cluster_size counts its matches)")


def search_params_schema(declared: tuple[Facet, ...] = DECLARED) -> type[Schema]:
    """The search parameters: the fixed ones and one repeatable filter per declared facet (values ORed)."""
    with translation.override("en"):  # the API's documentation is English, whichever page loaded it first
        filters = {facet.name: (list[int] if facet.integer else list[str], Field([], description=(
            f"{facet.label}: {facet.codes or ('whole numbers' if facet.integer else 'codes')}"
            " (repeat the parameter for OR)"))) for facet in declared}
    return create_model("SearchParams", __base__=BaseSearchParams, **filters)


def facet_counts_schema(declared: tuple[Facet, ...] = DECLARED) -> type[Schema]:
    """The facet counts of a result: one field per declared facet, {code: recommendations}, largest first."""
    with translation.override("en"):
        fields = {facet.name: (dict[str, int], Field(description=f"{facet.label}: recommendations per code"))
                  for facet in declared}
    return create_model("FacetCounts", __base__=Schema, **fields)


SearchParams = search_params_schema()
FacetCounts = facet_counts_schema()


class ResultOut(Schema):
    id: int
    text: str
    state: str
    mechanism: str
    session: int | None
    response: str
    kind: Literal["recommendation", "observation"]
    labels: dict[str, list[str]]
    cluster_size: int
    snippet: str = Field(description="the words the query matched in context, HTML: text escaped, matches in <mark>;"
                                     " for a semantic match without such words, its sentence closest to the query")
    symbol: str | None = Field(description="the UN document symbol (A/HRC/...), when known")
    paragraph: str = Field(description="the paragraph number in that document, when known")


class SearchOut(Schema):
    count: int
    results: list[ResultOut]
    facets: FacetCounts = Field(description="counts per code for each facet")  # type: ignore[valid-type]


class Error(Schema):
    detail: str


def effective_labels_for(ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """Effective labels of many recommendations in one query."""
    grouped: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in Annotation.objects.filter(recommendation_id__in=ids).select_related("label__taxonomy"):
        grouped[annotation.recommendation_id].append(annotation)
    return {rec_id: resolve(grouped.get(rec_id, [])) for rec_id in ids}


@router.get("", response={200: SearchOut, 422: Error}, summary="Search recommendations")
def search_recommendations(request, params: Query[SearchParams]):  # type: ignore[valid-type]
    filters = {name: [str(v) for v in getattr(params, name)] for name in FACETS if getattr(params, name)}
    query = SearchQuery(text=params.q, mode=params.mode, filters=filters, sort=params.sort, page=params.page,
                        page_size=params.page_size, collapse_duplicates=params.collapse)
    try:
        result = search(query)
    except SearchError as error:
        raise HttpError(422, str(error)) from error
    ids = [hit.recommendation_id for hit in result.hits]
    recommendations = Recommendation.objects.select_related("state", "mechanism", "document").in_bulk(ids)
    labels = effective_labels_for(ids)
    snippets = result_snippets({i: (recommendations[i].text, recommendations[i].language) for i in ids}, params.q,
                               result.mode)
    results = []
    for hit in result.hits:
        rec = recommendations[hit.recommendation_id]
        results.append({"id": rec.id, "text": rec.text, "state": rec.state.iso3, "mechanism": rec.mechanism.code,
                        "session": rec.session, "response": rec.response, "kind": rec.kind, "labels": labels[rec.id],
                        "cluster_size": hit.cluster_size, "snippet": as_html(snippets[rec.id]),
                        "symbol": rec.document.symbol if rec.document else None, "paragraph": rec.paragraph})
    return {"count": result.count, "results": results, "facets": result.facets}


class LabelOut(Schema):
    taxonomy: str
    code: str
    name: str
    source: Literal["import", "model", "person"]
    score: float | None
    reason: str
    model_version: str
    rejected: bool
    effective: bool = Field(description="whether the label counts (a person's rejection removes it whatever the source)")


class NeighbourOut(Schema):
    id: int
    similarity: float
    state: str
    mechanism: str
    session: int | None
    text: str


class RecommendationOut(Schema):
    id: int
    text: str
    language: str
    state: str
    state_name: str
    mechanism: str
    document: str | None
    paragraph: str
    date: date | None
    year: int | None
    cycle: int | None
    session: int | None
    response: str
    response_source: str
    kind: Literal["recommendation", "observation"]
    recommending_states: list[str]
    labels: list[LabelOut]
    effective_labels: dict[str, list[str]]
    near_duplicates: list[NeighbourOut]
    related: list[NeighbourOut]


def _neighbours(pairs: list[tuple[int, float]]) -> list[dict]:
    found = Recommendation.objects.select_related("state", "mechanism").in_bulk([i for i, _s in pairs])
    return [{"id": i, "similarity": s, "state": found[i].state.iso3, "mechanism": found[i].mechanism.code,
             "session": found[i].session, "text": found[i].text} for i, s in pairs if i in found]


@router.get("/{int:recommendation_id}", response={200: RecommendationOut, 404: Error}, summary="One recommendation in full")
def recommendation_detail(request, recommendation_id: int):
    rec = get_object_or_404(Recommendation.objects.select_related("state", "mechanism", "document"), pk=recommendation_id)
    annotations = list(
        rec.annotations.select_related("label__taxonomy").order_by("label__taxonomy__code", "label__code", "source")
    )
    effective = resolve(annotations)
    labels = [{
        "taxonomy": a.label.taxonomy.code, "code": a.label.code, "name": a.label.name, "source": a.source, "score": a.score,
        "reason": a.reason, "model_version": a.model_version, "rejected": a.rejected,
        "effective": a.label.code in effective.get(a.label.taxonomy.code, []),
    } for a in annotations]
    return {
        "id": rec.id, "text": rec.text, "language": rec.language, "state": rec.state.iso3, "state_name": rec.state.name,
        "mechanism": rec.mechanism.code, "document": rec.document.symbol if rec.document else None,
        "paragraph": rec.paragraph, "date": rec.date, "year": rec.year, "cycle": rec.cycle, "session": rec.session,
        "response": rec.response, "response_source": rec.response_source, "kind": rec.kind,
        "recommending_states": sorted(rec.recommending_states.values_list("iso3", flat=True)),
        "labels": labels, "effective_labels": effective,
        "near_duplicates": _neighbours(near_duplicates(rec.id, 20)), "related": _neighbours(related(rec.id, 10)),
    }

"""``POST /api/match``: the recommendations a text answers, passage by passage (see ``matching``).

Authenticated (a token or a signed-in session): matching embeds every passage, so it is not open to
anonymous callers. Limits: the text's length and its number of passages; over them, HTTP 422 with
the reason. Nothing is stored.
"""

from __future__ import annotations

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from aspiration.api.auth import WRITE_AUTH
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country
from aspiration.search.matching import MAX_PASSAGES, MAX_PER_PASSAGE, MAX_TEXT_CHARS, MatchError, match_document

router = Router(tags=["search"])


class MatchIn(Schema):
    text: str = Field(description=f"the document's text; each paragraph or numbered item is one passage (at most"
                                  f" {MAX_PASSAGES} passages)", max_length=MAX_TEXT_CHARS)
    state: str = Field(description="ISO3 of the state under review whose recommendations are matched",
                       min_length=3, max_length=3)
    mechanism: list[str] = Field([], description="only these mechanisms (UPR, CCPR, ..., SP:<mandate>)")
    response: list[str] = Field([], description="only these responses (supported, noted, pending, voluntary_pledge)")
    cycle: list[int] = []
    kind: list[str] = Field([], description="recommendation or observation")
    per_passage: int = Field(5, ge=1, le=MAX_PER_PASSAGE, description="how many matches per passage")


class MatchOut(Schema):
    id: int
    score: float | None = Field(description="cosine similarity of the passage and the recommendation (null before"
                                            " `aspiration index` built vectors)")
    sentence: str = Field(description="the recommendation's sentence closest to the passage")
    text: str
    mechanism: str
    session: int | None
    response: str
    cluster_size: int


class PassageOut(Schema):
    number: int
    label: str = Field(description="the item's own number in the document (\"116.23\", \"b\"), or empty")
    text: str
    matches: list[MatchOut]


class MatchResultOut(Schema):
    state: str
    passages: list[PassageOut]


class Error(Schema):
    detail: str


@router.post("", auth=WRITE_AUTH, response={200: MatchResultOut, 422: Error},
             summary="Find the recommendations a text answers")
def match(request, payload: MatchIn):
    state = payload.state.upper()
    if not Country.objects.filter(iso3=state).exists():
        raise HttpError(422, f"unknown state: {payload.state}")
    filters = {name: [str(v) for v in getattr(payload, name)] for name in ("mechanism", "response", "cycle", "kind")
               if getattr(payload, name)}
    try:
        results = match_document(payload.text, state, filters, per_passage=payload.per_passage)
    except MatchError as error:
        raise HttpError(422, str(error)) from error
    recs = Recommendation.objects.select_related("mechanism").in_bulk(
        [m.recommendation_id for row in results for m in row.matches])
    passages = []
    for row in results:
        matches = [{"id": m.recommendation_id, "score": m.score, "sentence": m.sentence,
                    "text": recs[m.recommendation_id].text, "mechanism": recs[m.recommendation_id].mechanism.code,
                    "session": recs[m.recommendation_id].session, "response": recs[m.recommendation_id].response,
                    "cluster_size": m.cluster_size} for m in row.matches if m.recommendation_id in recs]
        passages.append({"number": row.passage.number, "label": row.passage.label, "text": row.passage.text,
                         "matches": matches})
    return {"state": state, "passages": passages}

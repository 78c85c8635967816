"""Which labels a recommendation effectively carries, given imports, models and people: the one owner of the rule.

The rule: for each label of a recommendation, the annotation of the highest-precedence source decides
(a person's confirmation or rejection, then an import, then a model). Put the other way round, an
annotation *counts* when it is not rejected and no annotation of a higher source on the same label and
recommendation rejects it; a label is effective when one of its annotations counts.

It is written three ways, for the three places that need it, and tests/corpus/test_label_rule.py checks
that they agree: in Python (``counts``, ``resolve``), as a Django ORM filter
(``Annotation.objects.effective()``, built on ``precedence``), and as an SQL fragment for hand-written
queries (``counts_sql``, used by ``aspiration.search.facets``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from django.db.models import Case, IntegerField, Value, When

PRECEDENCE = {"person": 3, "import": 2, "model": 1}


def counts(rows: Iterable[tuple[Hashable, str, bool]]) -> set[tuple[Hashable, str]]:
    """The (key, source) of the annotations that count, from (key, source, rejected) rows, where ``key`` names
    a label on a recommendation (e.g. ``(recommendation_id, label_id)``)."""
    rows = list(rows)
    overruling: dict[Hashable, int] = {}  # per key, the highest rank among its rejections
    for key, source, rejected in rows:
        if rejected:
            overruling[key] = max(overruling.get(key, 0), PRECEDENCE[source])
    return {(key, source) for key, source, rejected in rows
            if not rejected and PRECEDENCE[source] > overruling.get(key, 0)}


def deciding(annotations: Iterable):
    """The annotation that decides one label on one recommendation: the highest-precedence source's (None if none).
    The label is effective when it is not a rejection; this is ``counts`` for pages that show who decided."""
    return max(annotations, key=lambda annotation: PRECEDENCE[annotation.source], default=None)


def resolve(annotations) -> dict[str, list[str]]:
    """Reduce one recommendation's annotations to its effective labels, {taxonomy: [codes]} (codes sorted)."""
    counting = counts(((a.label.taxonomy.code, a.label.code), a.source, a.rejected) for a in annotations)
    result: dict[str, list[str]] = defaultdict(list)
    for taxonomy, code in sorted({key for key, _source in counting}):
        result[taxonomy].append(code)
    return dict(result)


def resolve_many(annotations) -> dict[int, dict[str, list[str]]]:
    """Effective labels per recommendation id, from the annotations of many recommendations at once."""
    grouped = defaultdict(list)
    for annotation in annotations:
        grouped[annotation.recommendation_id].append(annotation)
    return {recommendation_id: resolve(found) for recommendation_id, found in grouped.items()}


def effective_labels(recommendation) -> dict[str, list[str]]:
    return resolve(recommendation.annotations.select_related("label__taxonomy"))


def precedence(field: str = "source") -> Case:
    """The rank of an annotation's source as an ORM expression (``AnnotationQuerySet.effective``)."""
    return Case(*(When(**{field: source}, then=Value(rank)) for source, rank in PRECEDENCE.items()),
                default=Value(0), output_field=IntegerField())


def _rank_sql(alias: str) -> str:
    whens = " ".join(f"WHEN '{source}' THEN {rank}" for source, rank in PRECEDENCE.items())
    return f"(CASE {alias}.source {whens} ELSE 0 END)"


def counts_sql(alias: str = "a", other: str = "p") -> str:
    """SQL condition: the annotation row ``alias`` (corpus_annotation) counts. ``other`` names the inner alias."""
    return (f"NOT {alias}.rejected AND NOT EXISTS (SELECT 1 FROM corpus_annotation {other}"
            f" WHERE {other}.recommendation_id = {alias}.recommendation_id AND {other}.label_id = {alias}.label_id"
            f" AND {other}.rejected AND {_rank_sql(other)} > {_rank_sql(alias)})")

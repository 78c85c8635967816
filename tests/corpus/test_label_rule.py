"""The effective-label rule (a person's decision wins over an import, an import over a model) written in Python,
as an ORM filter and as SQL agrees on every combination of annotations (run it on SQLite and on PostgreSQL:
``DATABASE_URL=postgres://... pytest tests/corpus/test_label_rule.py``)."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from aspiration.corpus.labels import PRECEDENCE, resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.search import facets
from tests import factories

# Each source: no annotation, a confirmation (not rejected), or a rejection.
STATES = (None, False, True)
COMBINATIONS = list(itertools.product(STATES, repeat=len(PRECEDENCE)))


def expected(combination: dict[str, bool | None]) -> bool:
    """The rule as people say it: the highest source that spoke decides."""
    for source in sorted(PRECEDENCE, key=PRECEDENCE.get, reverse=True):
        if combination[source] is not None:
            return not combination[source]
    return False


@pytest.fixture
def every_combination(db):
    """One recommendation per combination, on the same label, plus a second label that is always a plain import."""
    goal = factories.label("sdg_goal", "5")
    other = factories.label("sdg_goal", "16")
    cases = {}
    for combination in COMBINATIONS:
        spoken = dict(zip(PRECEDENCE, combination, strict=True))
        rec = factories.recommendation(f"Case {spoken}")
        for source, rejected in spoken.items():
            if rejected is not None:
                Annotation.objects.create(recommendation=rec, label=goal, source=source, rejected=rejected)
        Annotation.objects.create(recommendation=rec, label=other, source="import")
        cases[rec.pk] = spoken
    return cases


def test_python_orm_and_sql_agree_with_the_rule(every_combination):
    from aspiration.corpus.labels import counts_sql, deciding

    want = {pk for pk, spoken in every_combination.items() if expected(spoken)}
    assert 0 < len(want) < len(every_combination)

    python = {rec.pk for rec in Recommendation.objects.prefetch_related("annotations__label__taxonomy")
              if "5" in resolve(rec.annotations.all()).get("sdg_goal", [])}
    orm = set(Annotation.objects.effective().filter(label__code="5").values_list("recommendation_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.recommendation_id FROM corpus_annotation a JOIN reference_label l ON l.id = a.label_id"
                       f" WHERE l.code = %s AND {counts_sql('a', 'p')}", ["5"])
        raw = {row[0] for row in cursor.fetchall()}
    index = facets.current()
    facet = set(index.ids[facets.filter_mask(index, {"sdg_goal": ["5"]})].tolist())

    # The review page shows who decided: the same verdict.
    shown = {rec.pk for rec in Recommendation.objects.prefetch_related("annotations__label")
             if (winner := deciding([a for a in rec.annotations.all() if a.label.code == "5"])) and not winner.rejected}

    assert python == want
    assert shown == want
    assert orm == want
    assert raw == want
    assert facet == want
    # The other label is untouched by decisions on the first.
    assert set(Annotation.objects.effective().filter(label__code="16").values_list("recommendation_id", flat=True)) \
        == set(every_combination)


def test_a_rejection_from_a_lower_source_does_not_overrule_a_higher_one(every_combination):
    """An import's no (e.g. a rejection carried over from another system) beats a model's yes, and a model's no
    never removes an import's label. The ORM and SQL used to look only at a person's rejections, so they kept
    the model's yes that the Python rule dropped."""
    pk = next(pk for pk, spoken in every_combination.items()
              if spoken == {"person": None, "import": True, "model": False})
    assert not Annotation.objects.effective().filter(recommendation_id=pk, label__code="5").exists()  # import decides
    pk = next(pk for pk, spoken in every_combination.items()
              if spoken == {"person": None, "import": False, "model": True})
    assert Annotation.objects.effective().filter(recommendation_id=pk, label__code="5").exists()

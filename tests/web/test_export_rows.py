"""The search page's exports read plain rows in bulk: the same records as ``aspiration export``, in a fixed number
of queries whatever the number of rows, and the CSV streamed."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aspiration.corpus.export import BASE_COLUMNS, records, select
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.web.presenters import choice_names, export_rows
from tests import factories
from tests.web.conftest import build_corpus

pytestmark = pytest.mark.django_db


def _responses() -> dict[str, str]:
    return choice_names(Recommendation.Response.choices)


def test_rows_agree_with_the_export_command_including_people_decisions(db):
    recs = build_corpus()
    torture = recs["torture"]
    # A person rejects the model's goal 5 and confirms an issue the model did not give: the rule decides.
    goal5 = factories.label("sdg_goal", "5")
    Annotation.objects.create(recommendation=torture, label=goal5, source="person", rejected=True)
    Annotation.objects.create(recommendation=torture, label=factories.label("upr_issue", "Detention"), source="person")
    ids = [rec.pk for rec in recs.values()]
    page = {row["id"]: row for row in export_rows(ids, _responses())}
    command = {item["id"]: item for item in records(select())}
    assert sorted(page) == sorted(command) == sorted(ids)
    for pk, item in command.items():
        assert {key: page[pk][key] for key in (*BASE_COLUMNS, "labels")} == {key: item[key] for key in (*BASE_COLUMNS,
                                                                                                       "labels")}
    assert page[torture.pk]["labels"]["upr_issue"] == ["Detention", "Torture and other CID treatment"]
    assert "sdg_goal" not in page[torture.pk]["labels"]
    assert page[recs["education"].pk]["recommending_state_names"] == ["Brazil", "France"]
    assert page[recs["violence"].pk]["label_names"]["sdg_goal"] == {"5": "Gender equality"}


def test_rows_keep_the_order_asked_and_skip_missing_ids(db):
    recs = build_corpus()
    ids = [recs["education"].pk, 999_999, recs["violence"].pk]
    assert [row["id"] for row in export_rows(ids, _responses())] == [recs["education"].pk, recs["violence"].pk]


def test_queries_do_not_grow_with_the_rows(db):
    build_corpus()
    few = list(Recommendation.objects.values_list("pk", flat=True))
    export_rows(few, _responses())  # the names of countries are read once per process and minute
    with CaptureQueriesContext(connection) as small:
        export_rows(few, _responses())
    for n in range(40):
        factories.recommendation(f"Another recommendation on water, number {n}.", state="KEN", recommending=("FRA", "BRA"),
                                 labels={"upr_issue": ["Women's rights"], "sdg_goal": ["6"]})
    many = list(Recommendation.objects.values_list("pk", flat=True))
    export_rows(many, _responses())  # new labels were saved: the names are read again, once
    with CaptureQueriesContext(connection) as large:
        rows = export_rows(many, _responses())
    assert len(rows) == len(few) + 40
    assert len(large.captured_queries) == len(small.captured_queries)


def test_csv_is_streamed_with_every_cell_safe(client, db):
    build_corpus()
    factories.recommendation("=HYPERLINK(\"http://evil\")\x07 and more", state="KEN")
    response = client.get(reverse("export", args=["csv"]))
    assert response.streaming
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 4
    assert "'=HYPERLINK(\"http://evil\") and more" in [row["text"] for row in rows]

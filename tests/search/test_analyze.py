"""The planner's statistics cover every table a search page reads, the small reference tables included."""

from __future__ import annotations

import pytest
from django.db import connection

from aspiration.search import indexer
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_analyze_gives_the_reference_tables_statistics():
    factories.recommendation("Protect women from violence.", labels={"sdg_goal": ["5"]})
    indexer.analyze()
    with connection.cursor() as cursor:
        # reltuples is -1 for a table never analyzed (autovacuum never analyzes one of 13 rows).
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN"
                       " ('reference_taxonomy', 'reference_label', 'reference_country', 'reference_mechanism')")
        assert {name: tuples >= 0 for name, tuples in cursor.fetchall()} == dict.fromkeys(
            ("reference_taxonomy", "reference_label", "reference_country", "reference_mechanism"), True)

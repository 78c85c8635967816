"""Indexing under concurrency (issue 11): searches never write the index, and indexers running at once all succeed."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from aspiration.corpus.models import Recommendation
from aspiration.search import indexer
from aspiration.search.engine import SearchQuery, search
from aspiration.search.models import IndexEntry
from tests import factories

ROWS = 3000  # more than one indexer batch, so both indexers are mid-way through the same rows at once


def _bulk_import(count: int) -> None:
    """Rows as a table import writes them: in bulk, so no save signal indexes them."""
    state, mechanism = factories.country("KEN"), factories.mechanism()
    Recommendation.objects.bulk_create(
        [Recommendation(text=f"Protect human rights defenders, number {n}.", state=state, mechanism=mechanism,
                        session=n, content_hash=f"bulk-{n}") for n in range(count)],
        batch_size=1000,
    )


@pytest.mark.django_db
def test_a_search_does_no_index_work():
    _bulk_import(50)
    result = search(SearchQuery(text="defenders"))
    assert result.count == 0  # not indexed yet: the search reports what is indexed
    assert not IndexEntry.objects.exists()
    indexer.sync_text()
    assert search(SearchQuery(text="defenders")).count == 50


@pytest.mark.django_db(transaction=True)
def test_two_indexer_threads_at_once_both_succeed():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share SQLite's in-memory test database; the process test covers SQLite")
    _bulk_import(ROWS)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            indexer.sync_text()
        except BaseException as error:  # noqa: BLE001 - the test reports whatever an indexer raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert IndexEntry.objects.count() == ROWS
    assert search(SearchQuery(text="defenders", with_facets=False)).count == ROWS


def test_two_index_commands_at_once_on_sqlite_both_succeed(tmp_path):
    """Two ``aspiration index`` processes over the same freshly imported SQLite file database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ASPIRATION_HOME": str(tmp_path / "home")}
    table = tmp_path / "rows.csv"
    with table.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "state"])
        writer.writerows([f"Protect human rights defenders, number {n}.", "KEN"] for n in range(ROWS))
    command = [sys.executable, "-m", "aspiration"]
    imported = subprocess.run([*command, "import", "table", str(table), "--map", "text=text,state=state", "--language", "en"],
                              env=env, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    runs = [subprocess.Popen([*command, "index", "--no-vectors"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert [code for code, _err in results] == [0, 0], results
    database = Path(env["ASPIRATION_HOME"]) / "aspiration.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT COUNT(*) FROM search_indexentry").fetchone() == (ROWS,)

"""A version stamp of everything facet counts read, changed by the database itself on every write.

``search_facetversion`` holds one row whose ``version`` is set to a new random number by triggers on the
recommendations, their recommending states, their annotations and their near-duplicate clusters. Every writer (the ORM, bulk inserts,
raw SQL, another process) changes it inside its own transaction, so a reader sees a new stamp exactly
when it can see the new rows; ``aspiration.search.facets`` rebuilds its in-memory arrays when the stamp
differs. A random value rather than a counter: a rolled-back transaction (a test) must not leave two
different corpora with the same stamp.
"""

from django.db import migrations

# What the facets read: a change anywhere else (a text edit, a cluster) leaves the stamp alone.
WATCHED = {
    "corpus_recommendation": "state_id, mechanism_id, cycle, session, year, response, kind",
    "corpus_annotation": "recommendation_id, label_id, source, rejected",
    "corpus_recommendation_recommending_states": "recommendation_id, country_id",
    "search_indexentry": "cluster",  # browsing without a query pages near-duplicate clusters from the arrays
}
TABLE = "CREATE TABLE search_facetversion (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)"
ROW = "INSERT INTO search_facetversion (id, version) VALUES (1, 0)"


def _sqlite() -> list[str]:
    # SQLite has only row triggers; one UPDATE of a one-row table per written row is cheap.
    bump = "BEGIN UPDATE search_facetversion SET version = random() WHERE id = 1; END"
    statements = [TABLE, ROW]
    for table, columns in WATCHED.items():
        statements += [
            f"CREATE TRIGGER {table}_facets_insert AFTER INSERT ON {table} {bump}",
            f"CREATE TRIGGER {table}_facets_delete AFTER DELETE ON {table} {bump}",
            f"CREATE TRIGGER {table}_facets_update AFTER UPDATE OF {columns} ON {table} {bump}",
        ]
    return statements


def _postgresql() -> list[str]:
    # Statement triggers: a bulk insert of a million annotations changes the stamp once, not a million times.
    statements = [
        TABLE, ROW,
        """CREATE FUNCTION search_facet_bump() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE search_facetversion SET version = (random() * 9e18)::bigint WHERE id = 1;
            RETURN NULL;
        END $$""",
    ]
    for table, columns in WATCHED.items():
        statements += [
            f"CREATE TRIGGER {table}_facets_write AFTER INSERT OR DELETE OR UPDATE OF {columns} ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION search_facet_bump()",
            f"CREATE TRIGGER {table}_facets_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION search_facet_bump()",
        ]
    return statements


def _sqlite_reverse() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_facets_{event}" for table in WATCHED for event in ("insert", "delete", "update")] \
        + ["DROP TABLE IF EXISTS search_facetversion"]


def _postgresql_reverse() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}" for table in WATCHED for event in ("write", "truncate")] \
        + ["DROP FUNCTION IF EXISTS search_facet_bump()", "DROP TABLE IF EXISTS search_facetversion"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, list)():
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("corpus", "0002_recommendation_kind")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _sqlite, "postgresql": _postgresql}),
            _run({"sqlite": _sqlite_reverse, "postgresql": _postgresql_reverse}),
        ),
    ]

"""Which recommendations changed, so the facet arrays re-read those rows instead of every row.

``search_facetchange`` is a log the database writes itself, inside every writer's own transaction: one row
(a recommendation's id and a random token) per recommendation whose facet values a statement changed, for
the same tables and columns as the stamp of migration 0003 (whose triggers this one replaces). A process
that built its arrays up to log row N re-reads only the recommendations of the rows after N
(``aspiration.search.facets``). Three rules keep that exact:

- Log ids follow commit order. Every trigger first updates the one ``search_facetversion`` row, which on
  PostgreSQL holds that row's lock until the writer commits, so a second writer takes its log ids only
  after the first one's are visible (SQLite has one writer at a time anyway).
- A reader checks that its last row is still there with the same token: a rolled-back transaction whose
  ids were reused (SQLite) or a pruned log makes it build everything again.
- A change the log cannot name (TRUNCATE) is logged as recommendation -1: build everything.

The log keeps its last ``KEEP`` rows (each writer prunes older ones); a process further behind than that
builds everything, as it would have before this log.
"""

from django.db import migrations

KEEP = 100_000
# table -> (its primary key, the recommendation it belongs to, the columns the facets read)
WATCHED = {
    "corpus_recommendation": ("id", "id", ("state_id", "mechanism_id", "cycle", "session", "year", "response", "kind")),
    "corpus_annotation": ("id", "recommendation_id", ("recommendation_id", "label_id", "source", "rejected")),
    "corpus_recommendation_recommending_states": ("id", "recommendation_id", ("recommendation_id", "country_id")),
    # Browsing without a query pages near-duplicate clusters from the arrays; an entry without one changes nothing.
    "search_indexentry": ("recommendation_id", "recommendation_id", ("cluster",)),
}
LOG = ("CREATE TABLE search_facetchange (id {key}, recommendation_id BIGINT NOT NULL, token BIGINT NOT NULL)")


def _old_sqlite_triggers() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_facets_{event}" for table in WATCHED for event in ("insert", "delete", "update")]


def _old_postgresql_triggers() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}" for table in WATCHED for event in ("write", "truncate")]


def _sqlite() -> list[str]:
    # AUTOINCREMENT: ids are never reused after a prune (a reader past them would miss new rows).
    statements = [*_old_sqlite_triggers(), LOG.format(key="INTEGER PRIMARY KEY AUTOINCREMENT")]
    bump = "UPDATE search_facetversion SET version = random() WHERE id = 1;"
    prune = f"DELETE FROM search_facetchange WHERE id <= (SELECT max(id) FROM search_facetchange) - {KEEP};"

    def log(row: str, owner: str) -> str:
        return f"INSERT INTO search_facetchange (recommendation_id, token) VALUES ({row}.{owner}, random());"

    for table, (_key, owner, columns) in WATCHED.items():
        only_clustered = table == "search_indexentry"
        statements += [
            f"CREATE TRIGGER {table}_facets_insert AFTER INSERT ON {table}"
            f"{' WHEN NEW.cluster IS NOT NULL' if only_clustered else ''}"
            f" BEGIN {bump} {log('NEW', owner)} {prune} END",
            f"CREATE TRIGGER {table}_facets_delete AFTER DELETE ON {table}"
            f"{' WHEN OLD.cluster IS NOT NULL' if only_clustered else ''}"
            f" BEGIN {bump} {log('OLD', owner)} {prune} END",
            # Both rows: a label moved from one recommendation to another changes the counts of both.
            f"CREATE TRIGGER {table}_facets_update AFTER UPDATE OF {', '.join(columns)} ON {table}"
            f" WHEN {' OR '.join(f'OLD.{c} IS NOT NEW.{c}' for c in columns)}"
            f" BEGIN {bump} {log('OLD', owner)} {log('NEW', owner)} {prune} END",
        ]
    return statements


def _postgresql() -> list[str]:
    # Statement triggers with transition tables: a bulk insert of a million annotations runs one trigger
    # and one INSERT ... SELECT, not a million. PostgreSQL allows transition tables only on one-event
    # triggers without a column list, so updates compare the old and new rows themselves.
    statements = [*_old_postgresql_triggers(), LOG.format(key="BIGSERIAL PRIMARY KEY")]

    def function(name: str, changed: str) -> str:
        return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            logged bigint;
        BEGIN
            IF NOT EXISTS ({changed}) THEN  -- an update of other columns: no lock, no log
                RETURN NULL;
            END IF;
            -- The stamp row's lock first: this writer's log ids come after every earlier writer's commit.
            UPDATE search_facetversion SET version = (random() * 9e18)::bigint WHERE id = 1;
            INSERT INTO search_facetchange (recommendation_id, token)
                SELECT DISTINCT changed.id, (random() * 9e18)::bigint FROM ({changed}) AS changed(id);
            SELECT max(id) INTO logged FROM search_facetchange;
            DELETE FROM search_facetchange WHERE id <= logged - {KEEP};
            RETURN NULL;
        END $$"""

    for table, (key, owner, columns) in WATCHED.items():
        clustered = " WHERE cluster IS NOT NULL" if table == "search_indexentry" else ""
        old, new = ", ".join(f"o.{c}" for c in columns), ", ".join(f"n.{c}" for c in columns)
        moved = (f"SELECT o.{owner} FROM old_rows o JOIN new_rows n ON n.{key} = o.{key} WHERE ({old}) IS DISTINCT FROM ({new})"
                 f" UNION SELECT n.{owner} FROM old_rows o JOIN new_rows n ON n.{key} = o.{key}"
                 f" WHERE ({old}) IS DISTINCT FROM ({new})")
        for event, rows, changed in (("insert", "NEW TABLE AS new_rows", f"SELECT {owner} FROM new_rows{clustered}"),
                                     ("delete", "OLD TABLE AS old_rows", f"SELECT {owner} FROM old_rows{clustered}"),
                                     ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows", moved)):
            name = f"{table}_facets_{event}"
            statements += [
                function(name, changed),
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} REFERENCING {rows}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
        statements += [
            f"""CREATE FUNCTION {table}_facets_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE search_facetversion SET version = (random() * 9e18)::bigint WHERE id = 1;
                INSERT INTO search_facetchange (recommendation_id, token) VALUES (-1, (random() * 9e18)::bigint);
                RETURN NULL;
            END $$""",
            f"CREATE TRIGGER {table}_facets_truncate AFTER TRUNCATE ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {table}_facets_truncate()",
        ]
    return statements


def _sqlite_reverse() -> list[str]:
    from importlib import import_module

    version = import_module("aspiration.search.migrations.0003_facet_version")
    return [*_old_sqlite_triggers(), "DROP TABLE IF EXISTS search_facetchange",
            *(s for s in version._sqlite() if s.startswith("CREATE TRIGGER"))]


def _postgresql_reverse() -> list[str]:
    from importlib import import_module

    version = import_module("aspiration.search.migrations.0003_facet_version")
    events = ("insert", "delete", "update", "truncate")
    return [*(f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}" for table in WATCHED for event in events),
            *(f"DROP FUNCTION IF EXISTS {table}_facets_{event}()" for table in WATCHED for event in events),
            "DROP TABLE IF EXISTS search_facetchange",
            *(s for s in version._postgresql() if s.startswith("CREATE TRIGGER"))]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, list)():
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_facet_version")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _sqlite, "postgresql": _postgresql}),
            _run({"sqlite": _sqlite_reverse, "postgresql": _postgresql_reverse}),
        ),
    ]

"""The full-text index for the database in use: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations

SQLITE = [
    # External-content FTS5 table over search_indexentry; the text is already processed, so the
    # tokenizer only splits on spaces (unicode61 without diacritic folding, which we did ourselves).
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        surface, stems, content='search_indexentry', content_rowid='recommendation_id',
        tokenize="unicode61 remove_diacritics 0")""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_fts(rowid, surface, stems) VALUES (new.recommendation_id, new.surface, new.stems);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, surface, stems)
        VALUES ('delete', old.recommendation_id, old.surface, old.stems);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF surface, stems ON search_indexentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, surface, stems)
        VALUES ('delete', old.recommendation_id, old.surface, old.stems);
        INSERT INTO search_fts(rowid, surface, stems) VALUES (new.recommendation_id, new.surface, new.stems);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL = [
    # Surface words get weight B, stems weight A; '||' shifts the stems' positions past the
    # surface words, so a phrase never spans the two streams.
    """ALTER TABLE search_indexentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, surface), 'B') ||
        setweight(to_tsvector('simple'::regconfig, stems), 'A')) STORED""",
    "CREATE INDEX search_indexentry_tsv ON search_indexentry USING GIN (tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_indexentry_tsv",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]

"""PostgreSQL: the search documents' tsvectors are stored (generated columns) and indexed, so
that neither a search nor a recheck of a lossy bitmap (a common word at a million cases) computes
``to_tsvector`` per row. The texts are folded (lower case, no accents) in Python before they are
stored (``radhus.diarium.search.fold``), so the columns are over folded text. SQLite keeps its
FTS5 table (migration 0002) and is not touched."""

from django.db import migrations

TSV_COLUMNS = [
    "ALTER TABLE diarium_casesearch ADD COLUMN public_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, public_text)) STORED",
    "ALTER TABLE diarium_casesearch ADD COLUMN full_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, full_text)) STORED",
]
TSV_INDEXES = [
    "CREATE INDEX diarium_search_public_tsv ON diarium_casesearch USING gin (public_tsv)",
    "CREATE INDEX diarium_search_full_tsv ON diarium_casesearch USING gin (full_tsv)",
]
TSV_INDEXES_DROP = [
    "DROP INDEX IF EXISTS diarium_search_public_tsv",
    "DROP INDEX IF EXISTS diarium_search_full_tsv",
]
# Migration 0002's indexes over the expression, replaced by those over the stored columns.
EXPRESSION_INDEXES_DROP = [
    "DROP INDEX IF EXISTS diarium_search_public_gin",
    "DROP INDEX IF EXISTS diarium_search_full_gin",
]
EXPRESSION_INDEXES = [
    "CREATE INDEX diarium_search_public_gin ON diarium_casesearch "
    "USING gin (to_tsvector('swedish'::regconfig, public_text))",
    "CREATE INDEX diarium_search_full_gin ON diarium_casesearch "
    "USING gin (to_tsvector('swedish'::regconfig, full_text))",
]
FORWARD = [*EXPRESSION_INDEXES_DROP, *TSV_COLUMNS, *TSV_INDEXES]
BACKWARD = [
    *TSV_INDEXES_DROP,
    "ALTER TABLE diarium_casesearch DROP COLUMN IF EXISTS public_tsv",
    "ALTER TABLE diarium_casesearch DROP COLUMN IF EXISTS full_tsv",
    *EXPRESSION_INDEXES,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("diarium", "0004_public_form_receipt")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]

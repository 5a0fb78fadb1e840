from django.db import migrations

from common.search import search_index

LANGUAGES = ("en", "fr", "es")


def drop_expression_indexes(apps, schema_editor):
    # Replaced by the stored columns' indexes.
    if schema_editor.connection.vendor == "postgresql":
        for code in LANGUAGES:
            schema_editor.execute(f"DROP INDEX IF EXISTS documents_document_search_{code}")


class Migration(migrations.Migration):
    """Search that finds what people type: stored vectors with GIN indexes (PostgreSQL) or FTS5 (SQLite)."""

    dependencies = [("documents", "0003_document_other_documents"), ("events", "0004_search_index")]

    operations = [
        migrations.RunPython(drop_expression_indexes, migrations.RunPython.noop),
        search_index("documents_document", translated=("title", "description"), plain=("symbol",)),
    ]

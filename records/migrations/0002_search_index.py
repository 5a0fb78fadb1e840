from django.db import migrations

from common.search import search_index


class Migration(migrations.Migration):
    """Statements in site search: stored vectors with GIN indexes (PostgreSQL) or FTS5 (SQLite)."""

    dependencies = [("records", "0001_initial"), ("documents", "0004_search_index")]

    operations = [search_index("records_statement", translated=("speaker_title",), plain=("speaker_name",))]

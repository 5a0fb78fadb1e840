from django.db import migrations

from common.search import search_index


class Migration(migrations.Migration):
    """Search that finds what people type: stored vectors with GIN indexes (PostgreSQL) or FTS5 (SQLite)."""

    dependencies = [("submissions", "0005_call_deadline_optional"), ("events", "0004_search_index")]

    operations = [
        search_index("submissions_call", translated=("title",), plain=("reference_prefix",)),
        search_index("submissions_submission", plain=("organisation", "title")),
    ]

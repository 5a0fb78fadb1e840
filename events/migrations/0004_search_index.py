from django.db import migrations

from common.search import search_index


class Migration(migrations.Migration):
    """Search that finds what people type: stored vectors with GIN indexes (PostgreSQL) or FTS5 (SQLite)."""

    dependencies = [("events", "0003_organiser_url")]

    operations = [
        search_index("events_event", translated=("title", "theme", "summary", "body", "city"), plain=("hashtag",)),
        search_index("events_session", translated=("title", "theme", "description", "chairs")),
    ]

from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search reads the words of events and sessions as common/lexemes.py makes them, on PostgreSQL and SQLite alike."""

    dependencies = [("events", "0009_session_past_midnight")]

    operations = [
        search_words_again(
            "events_event", translated=("title", "theme", "summary", "body", "city"), plain=("hashtag",)
        ),
        search_words_again("events_session", translated=("title", "theme", "description", "chairs")),
    ]

from django.db import migrations

from common.search import plain_words


class Migration(migrations.Migration):
    """The parts of a hashtag are words in search_plain on PostgreSQL, as on SQLite."""

    dependencies = [("events", "0005_published_at")]

    operations = [
        plain_words("events_event", plain=("hashtag",)),
    ]

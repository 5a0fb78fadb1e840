from django.db import migrations

from common.search import plain_words


class Migration(migrations.Migration):
    """The parts of a speaker's name are words in search_plain on PostgreSQL, as on SQLite."""

    dependencies = [("records", "0005_published_at")]

    operations = [
        plain_words("records_statement", plain=("speaker_name",)),
    ]

from django.db import migrations

from common.search import plain_words


class Migration(migrations.Migration):
    """The parts of a reference prefix, a name or a title are words in search_plain on PostgreSQL, as on SQLite."""

    dependencies = [("submissions", "0009_published_at")]

    operations = [
        plain_words("submissions_call", plain=("reference_prefix",)),
        plain_words("submissions_submission", plain=("organisation", "title")),
    ]

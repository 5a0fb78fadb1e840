from django.db import migrations

from common.search import plain_words


class Migration(migrations.Migration):
    """The parts of a symbol are words in search_plain on PostgreSQL ("res 68 4" finds A/RES/68/4), as on SQLite."""

    dependencies = [("documents", "0011_published_at")]

    operations = [
        plain_words("documents_document", plain=("symbol",), in_row=True),
    ]

from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search reads the words of statements as common/lexemes.py makes them, on PostgreSQL and SQLite alike."""

    dependencies = [("records", "0006_search_plain_words")]

    operations = [
        search_words_again("records_statement", translated=("speaker_title",), plain=("speaker_name",)),
    ]

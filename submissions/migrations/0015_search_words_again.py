from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search reads the words of calls and submissions as common/lexemes.py makes them, on PostgreSQL and SQLite
    alike."""

    dependencies = [("submissions", "0014_submission_call_order")]

    operations = [
        search_words_again("submissions_call", translated=("title",), plain=("reference_prefix",)),
        search_words_again("submissions_submission", plain=("organisation", "title")),
    ]

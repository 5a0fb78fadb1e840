from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search reads the words of a document as common/lexemes.py makes them, on PostgreSQL and SQLite alike."""

    dependencies = [("documents", "0017_link_document_state")]

    operations = [
        search_words_again("documents_document", translated=("title", "description"), plain=("symbol",), titles=True),
    ]

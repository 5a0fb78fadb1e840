from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search finds the Spanish singulars in -ación and -ución as their plurals (common.lexemes.SPANISH_SINGULARS)."""

    dependencies = [("documents", "0018_search_words_again")]

    operations = [
        search_words_again("documents_document", translated=("title", "description"), plain=("symbol",), titles=True),
    ]

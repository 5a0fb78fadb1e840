from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search finds the Spanish singulars in -ación and -ución as their plurals (common.lexemes.SPANISH_SINGULARS)."""

    dependencies = [("records", "0007_search_words_again")]

    operations = [
        search_words_again("records_statement", translated=("speaker_title",), plain=("speaker_name",)),
    ]

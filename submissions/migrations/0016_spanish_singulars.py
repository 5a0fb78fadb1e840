from django.db import migrations

from common.search import search_words_again


class Migration(migrations.Migration):
    """Search finds the Spanish singulars in -ación and -ución as their plurals (common.lexemes.SPANISH_SINGULARS)."""

    dependencies = [("submissions", "0015_search_words_again")]

    operations = [
        search_words_again("submissions_call", translated=("title",), plain=("reference_prefix",)),
    ]

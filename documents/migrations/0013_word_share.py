from django.db import migrations

from common.search import word_share_function


class Migration(migrations.Migration):
    dependencies = [("documents", "0012_search_plain_words")]

    operations = [word_share_function()]

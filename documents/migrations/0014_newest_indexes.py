from django.db import migrations

from common.search import newest_indexes


class Migration(migrations.Migration):
    dependencies = [("documents", "0013_word_share")]

    operations = [newest_indexes("documents_document", block=1024, beside=("doc_type",))]

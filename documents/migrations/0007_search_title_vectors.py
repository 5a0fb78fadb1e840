from django.db import migrations

from common.search import title_vectors


class Migration(migrations.Migration):
    """Search ranks documents by their titles' vectors, kept in the row (PostgreSQL; nothing to do on SQLite)."""

    dependencies = [("documents", "0006_list_indexes")]

    operations = [title_vectors("documents_document")]

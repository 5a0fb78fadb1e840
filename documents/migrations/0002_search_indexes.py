from django.db import migrations

# The exact expressions Django writes for SearchVector("title_<lang>", "description_<lang>", config=...), so that
# PostgreSQL answers full-text searches of the library from these indexes instead of reading every document.
LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code, config in LANGUAGES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS documents_document_search_{code} ON documents_document USING gin "
            f"(to_tsvector('{config}'::regconfig, COALESCE(title_{code}, '') || ' ' || COALESCE(description_{code}, '')))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS documents_document_search_{code}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]

"""Count the translations of the items that already exist (a one-off, set-wise)."""

from django.db import migrations


def fill(apps, schema_editor):
    # The tracking's own SQL (current models): these tables and columns exist at this point of the history, and
    # an empty archive (a new site, the tests) costs nothing.
    from translations.tracking import refresh_translation_states, tracked_models

    if any(model._base_manager.exists() for model in tracked_models()):
        refresh_translation_states()


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_item_translation_states"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0004_search_index"),
        ("documents", "0006_list_indexes"),
        ("submissions", "0006_search_index"),
        ("records", "0003_statement_file_help_text"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

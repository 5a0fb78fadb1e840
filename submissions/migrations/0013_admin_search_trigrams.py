from django.db import migrations

# The moderation queue's search (SubmissionAdmin.search_fields) is Django's: each word in any of five columns,
# written UPPER(column::text) LIKE UPPER('%word%'). Organisation and title had trigram indexes of that expression
# (0006); without them for the other three, every search read every submission.
COLUMNS = ("reference", "contact_name", "email")


def run(schema_editor, create):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        name = f"submissions_submission_{column}_trigram"
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON submissions_submission USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            if create
            else f"DROP INDEX IF EXISTS {name}"
        )


class Migration(migrations.Migration):
    dependencies = [("submissions", "0012_call_list_indexes")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: run(schema_editor, True), lambda apps, schema_editor: run(schema_editor, False)
        )
    ]

"""Each event's link to a document keeps the document's date, kept by the database's triggers (made here on
PostgreSQL; migration 0017 replaced them: documents/link_state.py), so that an event's documents are read newest
first from one index. And whether a document found by its key is public, from an index: the library counts an
event's documents with a probe each."""

from django.db import migrations, models

LINKS, DOCUMENTS = "documents_eventdocument", "documents_document"

POSTGRESQL = (
    [
        f"""CREATE FUNCTION {LINKS}_take_date() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.document_date := (SELECT date FROM {DOCUMENTS} WHERE id = NEW.document_id);
            RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {LINKS}_take_date BEFORE INSERT OR UPDATE OF document_id, document_date ON {LINKS}
        FOR EACH ROW EXECUTE FUNCTION {LINKS}_take_date()""",
        f"""CREATE FUNCTION {DOCUMENTS}_give_date() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {LINKS} SET document_date = NEW.date WHERE document_id = NEW.id;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {DOCUMENTS}_give_date AFTER UPDATE OF date ON {DOCUMENTS}
        FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date) EXECUTE FUNCTION {DOCUMENTS}_give_date()""",
        # PL/pgSQL keeps a statement's plan for the session: one made while a table was nearly empty (a bulk load
        # into a new database) would read it whole for every row written after, as it grows (generate_archive's
        # 100,000 documents took 628 s instead of 100). Each row's statement planned for the table as it is.
        f"ALTER FUNCTION {LINKS}_take_date() SET plan_cache_mode = force_custom_plan",
        f"ALTER FUNCTION {DOCUMENTS}_give_date() SET plan_cache_mode = force_custom_plan",
        f"""UPDATE {LINKS} AS link SET document_date = document.date FROM {DOCUMENTS} AS document
        WHERE document.id = link.document_id""",
    ],
    [
        f"DROP TRIGGER IF EXISTS {DOCUMENTS}_give_date ON {DOCUMENTS}",
        f"DROP FUNCTION IF EXISTS {DOCUMENTS}_give_date()",
        f"DROP TRIGGER IF EXISTS {LINKS}_take_date ON {LINKS}",
        f"DROP FUNCTION IF EXISTS {LINKS}_take_date()",
    ],
)


def triggers(direction):
    """This migration's step making (0) or dropping (1) the triggers on PostgreSQL (SQLite's were made after migrate)."""

    def run(apps, schema_editor):
        for statement in POSTGRESQL[direction] if schema_editor.connection.vendor == "postgresql" else ():
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_newest_indexes"),
        ("events", "0007_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventdocument",
            name="document_date",
            field=models.DateField(editable=False, null=True, verbose_name="document date"),
        ),
        migrations.RunPython(triggers(0), triggers(1)),
        migrations.AddIndex(
            model_name="eventdocument",
            index=models.Index(fields=["event", "-document_date", "document"], name="event_document_dates"),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["id", "status", "publish_from"], name="document_published_by_key"),
        ),
    ]

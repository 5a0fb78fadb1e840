"""Each event's link to a document keeps the document's date, kept by the database, so that an event's documents are
read newest first from one index (DocumentQuerySet.of_event). Triggers, not save(): links are also written by
bulk_create and COPY (generate_archive), and a document's date changed by update() must reach its links (a link is
written after its document, as Django's loaddata and the backups' restore write them). And whether
a document found by its key is public, from an index: the library counts an event's documents with a probe each."""

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

# SQLite has no BEFORE trigger that sets a row's value: the link is written, then given its date. Its triggers do
# not fire themselves again (recursive_triggers is off).
TAKE_DATE = (
    f"UPDATE {LINKS} SET document_date = (SELECT date FROM {DOCUMENTS} WHERE id = new.document_id) WHERE id = new.id;"
)
SQLITE = (
    [
        f"CREATE TRIGGER {LINKS}_take_date_insert AFTER INSERT ON {LINKS} BEGIN {TAKE_DATE} END",
        f"""CREATE TRIGGER {LINKS}_take_date_update AFTER UPDATE OF document_id, document_date ON {LINKS}
        BEGIN {TAKE_DATE} END""",
        f"""CREATE TRIGGER {DOCUMENTS}_give_date AFTER UPDATE OF date ON {DOCUMENTS}
        BEGIN UPDATE {LINKS} SET document_date = new.date WHERE document_id = new.id; END""",
        f"UPDATE {LINKS} SET document_date = (SELECT date FROM {DOCUMENTS} WHERE id = {LINKS}.document_id)",
    ],
    [
        f"DROP TRIGGER IF EXISTS {DOCUMENTS}_give_date",
        f"DROP TRIGGER IF EXISTS {LINKS}_take_date_update",
        f"DROP TRIGGER IF EXISTS {LINKS}_take_date_insert",
    ],
)


def triggers(direction):
    def run(apps, schema_editor):
        statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
        for statement in statements[direction] if statements else ():
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

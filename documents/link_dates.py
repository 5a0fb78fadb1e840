"""Each event's link to a document keeps the document's date, kept by the database (migration 0015), so that an
event's documents are read newest first from one index (DocumentQuerySet.of_event). Triggers, not save(): links are
also written by bulk_create and COPY (generate_archive), and a document's date changed by update() must reach its
links (a link is written after its document, as Django's loaddata and the backups' restore write them)."""

from functools import partial

from common import sqlite_triggers

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
# not fire themselves again (recursive_triggers is off). Each names the other table: they are made after each
# migrate, never during one (keep_sqlite_triggers).
TAKE_DATE = (
    f"UPDATE {LINKS} SET document_date = (SELECT date FROM {DOCUMENTS} WHERE id = new.document_id) WHERE id = new.id;"
)
SQLITE_TRIGGERS = (f"{LINKS}_take_date_insert", f"{LINKS}_take_date_update", f"{DOCUMENTS}_give_date")
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS {LINKS}_take_date_insert AFTER INSERT ON {LINKS} BEGIN {TAKE_DATE} END",
    f"""CREATE TRIGGER IF NOT EXISTS {LINKS}_take_date_update AFTER UPDATE OF document_id, document_date ON {LINKS}
        BEGIN {TAKE_DATE} END""",
    f"""CREATE TRIGGER IF NOT EXISTS {DOCUMENTS}_give_date AFTER UPDATE OF date ON {DOCUMENTS}
        BEGIN UPDATE {LINKS} SET document_date = new.date WHERE document_id = new.id; END""",
    f"UPDATE {LINKS} SET document_date = (SELECT date FROM {DOCUMENTS} WHERE id = {LINKS}.document_id)",
]


def triggers(direction):
    """Migration 0015's step making (0) or dropping (1) the triggers on PostgreSQL; SQLite's are made after migrate."""

    def run(apps, schema_editor):
        for statement in POSTGRESQL[direction] if schema_editor.connection.vendor == "postgresql" else ():
            schema_editor.execute(statement, params=None)

    return run


def keep_sqlite_triggers():
    """The SQLite triggers, made by ``common.sqlite_triggers`` after each migrate once migration 0015 made the links'
    column, and set aside during a migrate: each names the other table, which a migration may rebuild."""
    sqlite_triggers.keep(
        SQLITE_TRIGGERS,
        lambda: SQLITE,
        partial(sqlite_triggers.has_column, table=LINKS, column="document_date"),
        across_tables=True,
    )

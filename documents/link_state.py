"""Each event's link to a document keeps the document's date and publication state (status, publish from), kept by
the database, so that the library filtered by an event reads the event's documents newest first from one index
(DocumentQuerySet.of_event) and counts its public ones from that index alone (EventDocumentQuerySet.
of_public_documents): probing each document's own row instead cost PostgreSQL 3 ms for an event of a thousand
documents or more.

Triggers, not save(): links are also written by bulk_create and COPY (generate_archive), and a document's date or
state changed by update() (the admin's actions) must reach its links (a link is written after its document, as
Django's loaddata and the backups' restore write them). Migration 0017 makes them; 0015 made the first ones, which
kept the date only."""

from functools import partial

from common import sqlite_triggers

LINKS, DOCUMENTS = "documents_eventdocument", "documents_document"
# Each copy on the link, and the document's column it copies.
COPIES = {"document_date": "date", "document_status": "status", "document_publish_from": "publish_from"}

POSTGRESQL = (
    [
        f"""CREATE FUNCTION {LINKS}_take_document() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            SELECT {", ".join(COPIES.values())} INTO {", ".join(f"NEW.{copy}" for copy in COPIES)}
            FROM {DOCUMENTS} WHERE id = NEW.document_id;
            NEW.document_status := COALESCE(NEW.document_status, '');
            RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {LINKS}_take_document BEFORE INSERT OR UPDATE OF document_id, {", ".join(COPIES)}
        ON {LINKS} FOR EACH ROW EXECUTE FUNCTION {LINKS}_take_document()""",
        f"""CREATE FUNCTION {DOCUMENTS}_give_links() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE {LINKS} SET {", ".join(f"{copy} = NEW.{column}" for copy, column in COPIES.items())}
            WHERE document_id = NEW.id;
            RETURN NULL;
        END $$""",
        f"""CREATE TRIGGER {DOCUMENTS}_give_links AFTER UPDATE OF {", ".join(COPIES.values())} ON {DOCUMENTS}
        FOR EACH ROW WHEN ({" OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in COPIES.values())})
        EXECUTE FUNCTION {DOCUMENTS}_give_links()""",
        # PL/pgSQL keeps a statement's plan for the session: one made while a table was nearly empty (a bulk load
        # into a new database) would read it whole for every row written after, as it grows (generate_archive's
        # 100,000 documents took 628 s instead of 100). Each row's statement planned for the table as it is.
        f"ALTER FUNCTION {LINKS}_take_document() SET plan_cache_mode = force_custom_plan",
        f"ALTER FUNCTION {DOCUMENTS}_give_links() SET plan_cache_mode = force_custom_plan",
        f"""UPDATE {LINKS} AS link SET {", ".join(f"{copy} = document.{column}" for copy, column in COPIES.items())}
        FROM {DOCUMENTS} AS document WHERE document.id = link.document_id""",
    ],
    [
        f"DROP TRIGGER IF EXISTS {DOCUMENTS}_give_links ON {DOCUMENTS}",
        f"DROP FUNCTION IF EXISTS {DOCUMENTS}_give_links()",
        f"DROP TRIGGER IF EXISTS {LINKS}_take_document ON {LINKS}",
        f"DROP FUNCTION IF EXISTS {LINKS}_take_document()",
    ],
)

# SQLite has no BEFORE trigger that sets a row's value: the link is written, then given its copies. Its triggers do
# not fire themselves again (recursive_triggers is off). Each names the other table: they are made after each
# migrate, never during one (keep_sqlite_triggers).
_TAKEN = {
    copy: f"(SELECT {column} FROM {DOCUMENTS} WHERE id = {{link}}.document_id)" for copy, column in COPIES.items()
}
_TAKEN["document_status"] = f"COALESCE({_TAKEN['document_status']}, '')"


def _take(link):
    return ", ".join(f"{copy} = {taken.format(link=link)}" for copy, taken in _TAKEN.items())


SQLITE_TRIGGERS = (f"{LINKS}_take_document_insert", f"{LINKS}_take_document_update", f"{DOCUMENTS}_give_links")
# Those made before migration 0017, which kept the date only.
SQLITE_TRIGGERS_REPLACED = (f"{LINKS}_take_date_insert", f"{LINKS}_take_date_update", f"{DOCUMENTS}_give_date")
SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {LINKS}_take_document_insert AFTER INSERT ON {LINKS}
        BEGIN UPDATE {LINKS} SET {_take("new")} WHERE id = new.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS {LINKS}_take_document_update
        AFTER UPDATE OF document_id, {", ".join(COPIES)} ON {LINKS}
        BEGIN UPDATE {LINKS} SET {_take("new")} WHERE id = new.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS {DOCUMENTS}_give_links AFTER UPDATE OF {", ".join(COPIES.values())} ON {DOCUMENTS}
        WHEN {" OR ".join(f"old.{column} IS NOT new.{column}" for column in COPIES.values())}
        BEGIN UPDATE {LINKS} SET {", ".join(f"{copy} = new.{column}" for copy, column in COPIES.items())}
        WHERE document_id = new.id; END""",
    f"UPDATE {LINKS} SET {_take(LINKS)}",
]


def triggers(direction):
    """Migration 0017's step making (0) or dropping (1) the triggers on PostgreSQL; SQLite's are made after migrate."""

    def run(apps, schema_editor):
        for statement in POSTGRESQL[direction] if schema_editor.connection.vendor == "postgresql" else ():
            schema_editor.execute(statement, params=None)

    return run


def keep_sqlite_triggers():
    """The SQLite triggers, made by ``common.sqlite_triggers`` after each migrate once migration 0017 made the links'
    columns, and set aside during a migrate: each names the other table, which a migration may rebuild."""
    sqlite_triggers.keep(
        SQLITE_TRIGGERS,
        lambda: SQLITE,
        partial(sqlite_triggers.has_column, table=LINKS, column="document_status"),
        across_tables=True,
        replacing=SQLITE_TRIGGERS_REPLACED,
    )

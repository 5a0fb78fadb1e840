"""Triggers the embedded SQLite must keep, made again when a migration has dropped them.

SQLite cannot alter most columns in place, so Django's migrations copy such a table to a new one, which drops the old
table's triggers; the rows keep their ids. What an app keeps up to date with triggers (the search's FTS5 tables, the
documents' dates on events' links) registers here (``keep``), and after each ``migrate`` a post_migrate receiver
(``repair``) makes the missing triggers again, with the statements that bring what they keep up to date: rows may
have changed meanwhile.

A trigger that names another table than its own is set aside during ``migrate`` (``set_aside``, a pre_migrate
receiver), and made by ``repair`` only: SQLite refuses to rename a rebuilt table into place while a trigger names it
("error in trigger ...: no such table"), so with it in place no migration could rebuild that table.
"""

from django.db import connection

_kept = []


def keep(names, statements, ready, *, across_tables=False, replacing=()):
    """Keep the triggers ``names``: ``statements()`` gives the SQL that makes them (without failing on those present)
    and refills what they keep; ``ready(cursor)`` says whether the migrations they need are applied. Triggers
    ``across_tables`` (naming another table) are dropped before each ``migrate`` and made after it, and so are those
    they replace, made by an earlier version under other names (``replacing``), never made again."""
    _kept.append((frozenset(names), statements, ready, across_tables, tuple(replacing)))


def set_aside(**kwargs):
    """Drop the kept triggers that name other tables (a pre_migrate receiver)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for names, _statements, _ready, across_tables, replacing in _kept:
            for name in [*sorted(names), *replacing] if across_tables else replacing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def repair(**kwargs):
    """Make again the kept triggers that are missing (a post_migrate receiver)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        present = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for names, statements, ready, _across_tables, _replacing in _kept:
            if not names <= present and ready(cursor):
                for statement in statements():
                    cursor.execute(statement)


def has_table(cursor, table):
    query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s"
    return cursor.execute(query, [table]).fetchone() is not None


def has_column(cursor, table, column):
    return any(row[1] == column for row in cursor.execute(f"PRAGMA table_info({table})"))

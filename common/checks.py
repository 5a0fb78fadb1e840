"""System checks of the database the site runs on (tagged ``database``: run by ``migrate`` and ``check --database``)."""

from django.core import checks
from django.db import connections


def character_type(connection):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        return cursor.fetchone()[0]


@checks.register(checks.Tags.database)
def postgresql_reads_every_script(app_configs, databases=None, **kwargs):
    """A PostgreSQL database must have a UTF-8 character type: under C (``initdb --no-locale``) its search parser
    takes every non-ASCII character for a letter and its LOWER and UPPER change ASCII letters only, so its search
    would no longer find what common/lexemes.py finds, on SQLite, in other scripts' capitals and punctuation."""
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        ctype = character_type(connection)
        if "utf8" not in ctype.lower().replace("-", ""):
            found.append(
                checks.Warning(
                    f"The database {alias!r} has the character type {ctype!r}, not UTF-8: its search reads letters "
                    "outside ASCII otherwise than the site expects.",
                    hint="Create it with a UTF-8 character type: initdb --locale=C.UTF-8, or CREATE DATABASE ... "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0.",
                    id="common.W001",
                )
            )
    return found

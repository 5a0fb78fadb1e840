"""The database's own checks, as ``migrate`` runs them."""

import pytest
from django.core import checks
from django.db import connection

pytestmark = pytest.mark.django_db


def database_warnings():
    return [found.id for found in checks.run_checks(tags=[checks.Tags.database], databases=["default"])]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's character type")
def test_a_utf8_postgresql_database_passes():
    assert "common.W001" not in database_warnings()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's character type")
def test_a_postgresql_database_of_character_type_c_is_warned_of(monkeypatch):
    monkeypatch.setattr("common.checks.character_type", lambda connection: "C")

    assert "common.W001" in database_warnings()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database")
def test_sqlite_is_not_asked(monkeypatch):
    # Its search reads words in Python (common/lexemes.py), whatever the machine's locale.
    monkeypatch.setattr("common.checks.character_type", lambda connection: "C")

    assert "common.W001" not in database_warnings()

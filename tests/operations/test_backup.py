"""Backups: ``backup`` writes one archive of the database and all files, ``restore`` puts it into an empty instance.

The round trips restore in a subprocess, against a database and folders of their own (a new database on the
same PostgreSQL server, or a new SQLite file), then compare every table and every file with the original.
pg_dump works on its own connection, so the tests that back up commit their data (transaction=True).
"""

import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from events.models import Event
from tests.factories import CallFactory
from tests.submission_fixtures import PDF, receive

OTHER_VENDOR = {"postgresql": "sqlite", "sqlite": "postgresql"}


# Helpers


def manage(*args, env):
    """Run manage.py in a fresh process; fail the test with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def command_env(tmp_path, **variables):
    """The environment of a production-like process: the project's settings, nothing of this test run's."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "VAR_DIR", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hldportal.settings",
        SECRET_KEY="backup-tests-" + "0123456789" * 3,
        VAR_DIR=str(tmp_path / "var"),
    )
    env.update({name: str(value) for name, value in variables.items()})
    return env


def file_hashes(root):
    """{posix path relative to root: SHA-256} of every file under root."""
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def model_tables():
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(tables | {"django_migrations"})


def count_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite_archive(source, target, replace):
    """Copy the archive ``source`` to ``target``, with the members named in ``replace`` given new content."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = replace.get(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def build_archive(target, members, manifest):
    """An archive of ``members`` ({name: bytes or TarInfo}) and ``manifest``, as a crafted or foreign tool might."""
    with tarfile.open(target, "w:gz") as tar:
        for name, content in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            if isinstance(content, tarfile.TarInfo):
                tar.addfile(content)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))


def manifest_for(vendor, database_content, files=()):
    database = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[vendor]
    return {
        "format": 1,
        "created_at": "2013-10-04T12:00:00+00:00",
        "database": {
            "vendor": vendor,
            "file": database,
            "size": len(database_content),
            "sha256": hashlib.sha256(database_content).hexdigest(),
        },
        "migrations": [],
        "files": [
            {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            for path, content in files
        ],
    }


def receive_a_submission():
    """A submission with a file, received as the public form does it: the file lands in private storage."""
    call = CallFactory(event=Event.objects.get(slug="hld-2013"), slug="backup-call", reference_prefix="BACKUP")
    submission, _token = receive(
        call,
        name="contribution.pdf",
        submitter_language="fr",
        organisation="Réseau des migrants",
        country="FR",
        contact_name="Ana Pérez",
        email="ana@example.org",
        title="Protéger les travailleurs migrants",
        language="fr",
    )
    return submission


# Fixtures


@pytest.fixture
def empty_target(tmp_path):
    """An empty database of the kind under test, with empty folders, and a way to query it from outside Django."""
    media, private = tmp_path / "restored-media", tmp_path / "restored-private"
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def query(sql):
            with closing(sqlite3.connect(path)) as db:
                return db.execute(sql).fetchall()

        yield SimpleNamespace(url=f"sqlite:///{path}", media=media, private=private, query=query)
        return

    import psycopg

    params = connection.settings_dict
    server = {
        key: value
        for key, value in {
            "host": params["HOST"],
            "port": params["PORT"],
            "user": params["USER"],
            "password": params["PASSWORD"],
        }.items()
        if value
    }
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(params["USER"] or "", safe="") + (
        ":" + quote(params["PASSWORD"], safe="") if params["PASSWORD"] else ""
    )
    port = f":{params['PORT']}" if params["PORT"] else ""
    url = f"postgres://{credentials}@{params['HOST'] or ''}{port}/{name}"

    def query(sql):
        with psycopg.connect(dbname=name, **server) as db:
            return [tuple(row) for row in db.execute(sql).fetchall()]

    try:
        yield SimpleNamespace(url=url, media=media, private=private, query=query)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def stored_files(media_root, private_root):
    """One file in each folder, without the demo content: enough for the tests that need no round trip."""
    (media_root / "documents").mkdir(parents=True)
    (media_root / "documents" / "report.txt").write_bytes(b"The report of the Secretary-General.\n")
    (private_root / "2013").mkdir(parents=True)
    (private_root / "2013" / "submission.txt").write_bytes(b"A written submission.\n")
    return media_root, private_root


# The round trips


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_row_and_file(tmp_path, media_root, private_root, empty_target):
    call_command("load_demo", stdout=io.StringIO())
    submission = receive_a_submission()
    archive = tmp_path / "backups" / "hld.tar.gz"

    output = io.StringIO()
    call_command("backup", output=str(archive), stdout=output)

    lines = output.getvalue().splitlines()
    assert lines[0] == str(archive)
    assert re.search(r"\b4 events, 8 documents, 3 submissions\b", lines[1])
    assert [path.name for path in archive.parent.iterdir()] == ["hld.tar.gz"]  # no temporary file left behind
    assert archive.stat().st_mode & 0o077 == 0  # it holds personal data: the owner's alone
    manifest = read_manifest(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        assert [tuple(pair) for pair in manifest["migrations"]] == sorted(cursor.fetchall())
    original_files = {f"media/{p}": h for p, h in file_hashes(media_root).items()}
    original_files |= {f"private/{p}": h for p, h in file_hashes(private_root).items()}
    assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == original_files

    env = command_env(
        tmp_path, DATABASE_URL=empty_target.url, MEDIA_ROOT=empty_target.media, PRIVATE_MEDIA_ROOT=empty_target.private
    )
    restored = manage("restore", str(archive), env=env)
    assert "Restored" in restored.stdout
    assert "migrate" not in restored.stdout  # the backup is of the code's own migration state

    # Every table has the same rows: counted from outside Django, and compared object by object.
    counts = {table: count_rows(table) for table in model_tables()}
    assert {table: empty_target.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in counts} == counts
    assert all(counts[table] for table in ("events_event", "documents_version", "submissions_submissionfile"))
    events = "SELECT slug, title_en, title_fr, title_es FROM events_event ORDER BY slug"
    with connection.cursor() as cursor:
        cursor.execute(events)
        assert empty_target.query(events) == [tuple(row) for row in cursor.fetchall()]
    references = empty_target.query("SELECT reference FROM submissions_submission ORDER BY reference")
    assert ("BACKUP-0001",) in references
    assert len(references) == 3  # the call's received submission and the two demo examples
    original_dump = io.StringIO()
    call_command("dumpdata", stdout=original_dump)
    assert json.loads(manage("dumpdata", env=env).stdout) == json.loads(original_dump.getvalue())

    # Every file is back, byte for byte, and where the rows say it is.
    assert file_hashes(empty_target.media) == file_hashes(media_root)
    assert file_hashes(empty_target.private) == file_hashes(private_root)
    for (name,) in empty_target.query("SELECT file FROM documents_version WHERE file <> ''"):
        assert (empty_target.media / name).is_file()
    assert (empty_target.private / submission.files.get().file.name).read_bytes() == PDF


def test_make_backup_and_make_restore_round_trip_on_sqlite_files(tmp_path):
    """The commands as an operator runs them with the default settings: SQLite under VAR_DIR, archive in var/backups."""
    source = command_env(tmp_path, VAR_DIR=tmp_path / "source")
    manage("migrate", "--noinput", env=source)
    manage("load_demo", env=source)
    manage("backup", env=source)
    archives = list((tmp_path / "source" / "backups").iterdir())
    assert [re.fullmatch(r"hldportal-\d{8}-\d{6}\.tar\.gz", path.name) is not None for path in archives] == [True]

    target = command_env(tmp_path, VAR_DIR=tmp_path / "target")
    manage("restore", str(archives[0]), env=target)

    def tables(path):
        with closing(sqlite3.connect(path)) as db:
            names = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")]
            # Sorted here: the search index's shadow tables (FTS5) have no rowid to order by.
            return {name: sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}

    original = tables(tmp_path / "source" / "db.sqlite3")
    assert original["events_event"]
    assert tables(tmp_path / "target" / "db.sqlite3") == original
    for folder in ("media", "private"):
        assert file_hashes(tmp_path / "source" / folder)
        assert file_hashes(tmp_path / "target" / folder) == file_hashes(tmp_path / "source" / folder)


# Refusals: each leaves the target as it was


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_target_that_is_not_empty(tmp_path, stored_files):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    migrations = count_rows("django_migrations")

    with pytest.raises(CommandError, match=r"not empty: the database has \d+ applied migrations.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert count_rows("django_migrations") == migrations


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_changed_after_the_backup(tmp_path, settings, stored_files):
    media_root, _private_root = stored_files
    archive, tampered = tmp_path / "backup.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    rewrite_archive(archive, tampered, {"media/documents/report.txt": b"The report of the Secretary-Generaj.\n"})
    settings.MEDIA_ROOT = tmp_path / "new-media"

    # Even with --force: the archive is checked in full before anything is changed.
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tampered), force=True, stdout=io.StringIO(), stderr=io.StringIO())

    message = str(refused.value)
    assert "damaged or was altered after the backup" in message
    assert "media/documents/report.txt: its content does not match the SHA-256" in message
    assert "Nothing was restored." in message
    assert not settings.MEDIA_ROOT.exists()
    assert (media_root / "documents" / "report.txt").read_bytes() == b"The report of the Secretary-General.\n"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_of_the_other_database_kind(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    other = OTHER_VENDOR[connection.vendor]
    database = b"not a real database"
    member = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[other]
    build_archive(archive, {member: database}, manifest_for(other, database))
    names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}

    with pytest.raises(CommandError, match=f"holds a {names[other]} database but the configured database is"):
        call_command("restore", str(archive), force=True, stdout=io.StringIO())


def unsafe_member(name, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    return info


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (unsafe_member("media/../../escaped.txt"), "unexpected member 'media/../../escaped.txt'"),
        (unsafe_member("/tmp/escaped.txt"), "unexpected member '/tmp/escaped.txt'"),
        (unsafe_member("settings.py"), "unexpected member 'settings.py'"),
        (unsafe_member("media/link", tarfile.SYMTYPE, "/etc/passwd"), "'media/link' is not a regular file"),
        (unsafe_member("private/hard", tarfile.LNKTYPE, "database.dump"), "'private/hard' is not a regular file"),
        (unsafe_member("media/null", tarfile.CHRTYPE), "'media/null' is not a regular file"),
    ],
    ids=["dot-dot", "absolute", "unknown", "symlink", "hard-link", "device"],
)
@pytest.mark.django_db
def test_restore_refuses_unsafe_archive_members(tmp_path, member, reason):
    archive = tmp_path / "crafted.tar.gz"
    database = b"database"
    vendor = connection.vendor
    name = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[vendor]
    build_archive(archive, {name: database, member.name: member}, manifest_for(vendor, database))

    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("restore", str(archive), force=True, stdout=io.StringIO())

    assert not (tmp_path.parent / "escaped.txt").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL only")
def test_backup_fails_clearly_without_pg_dump_and_leaves_no_partial_archive(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    monkeypatch.setenv("PG_BINDIR", str(bindir))
    output = tmp_path / "backups" / "backup.tar.gz"

    with pytest.raises(CommandError, match="pg_dump not found"):
        call_command("backup", output=str(output), stdout=io.StringIO())

    failing = bindir / "pg_dump"
    failing.write_text("#!/bin/sh\necho 'pg_dump: error: connection refused' >&2\nexit 1\n")
    failing.chmod(0o755)
    with pytest.raises(CommandError, match="pg_dump failed:\npg_dump: error: connection refused"):
        call_command("backup", output=str(output), stdout=io.StringIO())
    assert list(output.parent.iterdir()) == []

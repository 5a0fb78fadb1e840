"""Restore an archive made by ``backup`` into the configured database and storages.

Nothing is changed before the whole archive has been read and checked: every member is a plain file with a
safe name, the manifest lists exactly the members there are, every SHA-256 matches and the database is of
the configured kind. Only then is the database restored (PostgreSQL: pg_restore in one transaction;
SQLite: SQLite's backup API), the files written through Django's storage API (local folders and object
storage alike) under their own names, and each file read back and checked where it landed.
"""

import hashlib
import json
import posixpath
import sqlite3
import tarfile
import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from delivery.cache import new_content_version

from .backup import (
    CHUNK,
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    describe_counts,
    describe_storage,
    row_counts,
    run_pg,
    storage_files,
    storage_folders,
)

MANIFEST_MAX_SIZE = 64 * 1024 * 1024
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def safe_name(name):
    """A relative POSIX path without "..", "." or empty parts, e.g. "media/documents/x.pdf"."""
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and posixpath.normpath(name) == name
        and ".." not in name.split("/")
    )


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the configured database, MEDIA_ROOT and private folder (empty unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="PATH", help="An archive written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database or the folders already hold data; it is replaced.",
        )

    def handle(self, *args, archive, force=False, **options):
        started = time.monotonic()
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file.")
        with tempfile.TemporaryDirectory(prefix="hldportal-restore-") as staging:
            manifest, database = self.verify_archive(path, Path(staging))
            self.check_target_is_empty(force)
            self.restore_database(database)
            written = self.extract_files(path)
            self.verify_files(manifest)
        # Pages cached before (a 404 for a row the archive brings back) are not served after it.
        new_content_version()
        counts = row_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (made {manifest.get('created_at', 'at an unknown time')}): "
                f"the {connection.vendor} database ({describe_counts(counts)}) and {written} files, "
                f"all checked against the manifest, in {time.monotonic() - started:.1f}s."
            )
        )
        self.report_migrations()

    # Before anything changes

    def verify_archive(self, path, staging):
        """Read the whole archive once: check every member and hash it; keep the database file in ``staging``."""
        hashes, database, manifest_data = {}, None, None
        try:
            with tarfile.open(path, mode="r|gz") as archive:
                for member in archive:
                    name = member.name
                    if not member.isreg():
                        raise CommandError(
                            f"Refusing {path}: member {name!r} is not a regular file (links, devices and folders "
                            f"are never in a backup). Nothing was restored."
                        )
                    if name in hashes or (name == MANIFEST and manifest_data is not None):
                        raise CommandError(f"Refusing {path}: member {name!r} appears twice. Nothing was restored.")
                    if name == MANIFEST:
                        if member.size > MANIFEST_MAX_SIZE:
                            raise CommandError(f"Refusing {path}: the manifest is too large. Nothing was restored.")
                        manifest_data = archive.extractfile(member).read()
                        continue
                    folder, slash, _relative = name.partition("/")
                    allowed = name in DATABASE_MEMBERS.values() or (folder in storage_folders() and slash)
                    if not safe_name(name) or not allowed:
                        raise CommandError(f"Refusing {path}: unexpected member {name!r}. Nothing was restored.")
                    source = archive.extractfile(member)
                    if name in DATABASE_MEMBERS.values():
                        database = staging / name
                        with open(database, "wb") as copy:
                            hashes[name] = copy_hashing(source, copy)
                    else:
                        hashes[name] = copy_hashing(source, None)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise CommandError(f"{path} is not a readable backup archive: {error}. Nothing was restored.") from error

        if manifest_data is None:
            raise CommandError(f"{path} has no {MANIFEST}: it was not made by manage.py backup. Nothing was restored.")
        try:
            manifest = json.loads(manifest_data)
            vendor = manifest["database"]["vendor"]
            expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
            expected[manifest["database"]["file"]] = (manifest["database"]["size"], manifest["database"]["sha256"])
        except (ValueError, KeyError, TypeError) as error:
            raise CommandError(f"{path}: the manifest is unreadable ({error!r}). Nothing was restored.") from error
        if manifest.get("format") != FORMAT:
            raise CommandError(f"{path}: unknown archive format {manifest.get('format')!r}. Nothing was restored.")
        if vendor != connection.vendor:
            raise CommandError(
                f"{path} holds a {VENDOR_NAMES.get(vendor, vendor)} database but the configured database is "
                f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}: restore it into a "
                f"{VENDOR_NAMES.get(vendor, vendor)} database (set DATABASE_URL). Nothing was restored."
            )
        if manifest["database"]["file"] != DATABASE_MEMBERS[vendor] or database is None:
            raise CommandError(f"{path} has no {DATABASE_MEMBERS[vendor]}. Nothing was restored.")

        problems = [f"{name}: missing from the archive" for name in sorted(expected.keys() - hashes.keys())]
        problems += [f"{name}: not in the manifest" for name in sorted(hashes.keys() - expected.keys())]
        problems += [
            f"{name}: its content does not match the SHA-256 (or size) in the manifest"
            for name in sorted(expected.keys() & hashes.keys())
            if hashes[name] != tuple(expected[name])
        ]
        if problems:
            raise CommandError(
                f"Refusing {path}: the archive is damaged or was altered after the backup.\n"
                + describe_problems(problems)
                + "\nNothing was restored."
            )
        return manifest, database

    def check_target_is_empty(self, force):
        reasons = []
        recorder = MigrationRecorder(connection)
        if recorder.has_table() and recorder.migration_qs.exists():
            reasons.append(f"the database has {recorder.migration_qs.count()} applied migrations")
        for alias in storage_folders().values():
            files, skipped = storage_files(alias)
            if files or skipped:
                reasons.append(f"{describe_storage(alias)} holds {len(files) + len(skipped)} files")
        if not reasons:
            return
        if not force:
            raise CommandError(
                "The target is not empty: "
                + "; ".join(reasons)
                + ". Restore into an empty database and empty folders, or pass --force to replace the database "
                "(files of the archive overwrite those with the same names; other files stay)."
            )
        self.stderr.write(self.style.WARNING("Replacing existing data (--force): " + "; ".join(reasons) + "."))

    # Changes

    def restore_database(self, database):
        if connection.vendor == "postgresql":
            # pg_restore works on its own connection; ours must hold no locks.
            connection.close()
            run_pg(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                str(database),
            )
        else:
            connection.ensure_connection()
            if connection.in_atomic_block:
                raise CommandError("Cannot restore an SQLite database inside a transaction.")
            source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            try:
                source.backup(connection.connection)
            except sqlite3.Error as error:
                raise CommandError(f"Restoring the SQLite database failed: {error}") from error
            finally:
                source.close()
        connection.close()

    def extract_files(self, path):
        folders = storage_folders()
        written = 0
        with tarfile.open(path, mode="r|gz") as archive, tempfile.TemporaryFile() as spool:
            for member in archive:
                folder, _slash, name = member.name.partition("/")
                if folder not in folders or not member.isreg():
                    continue
                # The member is streamed; the storage may read its content more than once (size, retries).
                spool.seek(0)
                spool.truncate()
                copy_hashing(archive.extractfile(member), spool)
                spool.seek(0)
                storage = storages[folders[folder]]
                if storage.exists(name):
                    storage.delete(name)  # with --force: the archive's file replaces it, under the same name
                saved = storage.save(name, File(spool, name=posixpath.basename(name)))
                if saved != name:
                    raise CommandError(
                        f"{describe_storage(folders[folder])} stored {member.name} as {saved!r}; the restore is "
                        f"incomplete."
                    )
                written += 1
        return written

    def verify_files(self, manifest):
        folders = storage_folders()
        problems = []
        for entry in manifest["files"]:
            folder, _slash, name = entry["path"].partition("/")
            storage = storages[folders[folder]]
            if not storage.exists(name):
                problems.append(f"{entry['path']}: missing after the restore")
                continue
            with storage.open(name, "rb") as handle:
                if copy_hashing(handle, None) != (entry["size"], entry["sha256"]):
                    problems.append(f"{entry['path']}: does not match its SHA-256 in the manifest")
        if problems:
            raise CommandError(
                "The restored files do not match the archive's manifest; the restore is incomplete:\n"
                + describe_problems(problems)
            )

    def report_migrations(self):
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The code has {len(pending)} migrations the backup has not applied: run manage.py migrate."
                )
            )
        applied = set(executor.recorder.applied_migrations())
        unknown = sorted(applied - set(executor.loader.disk_migrations))
        if unknown:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup has {len(unknown)} migrations this code does not know (e.g. "
                    f"{unknown[0][0]}.{unknown[0][1]}): it was made by a newer version of HLD Portal."
                )
            )


def copy_hashing(source, destination):
    """Read ``source`` to its end, writing it to ``destination`` if given; return (size, SHA-256)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if destination is not None:
            destination.write(chunk)
    return size, digest.hexdigest()


def describe_problems(problems, limit=10):
    lines = [f"  {problem}" for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit} more")
    return "\n".join(lines)

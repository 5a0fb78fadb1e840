"""Back up the database and all stored files into one .tar.gz archive; ``restore`` puts it back.

The archive holds:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite, a consistent
  copy made with SQLite's backup API);
- ``media/...``: every file of the "default" storage, the document files;
- ``private/...``: every file of the "submissions" storage, the submitted files (private);
- ``<alias>/...``: every file of any other storage in STORAGES (static files excepted: collectstatic makes them);
- ``manifest.json``: when and from what the archive was made, the applied migrations, and the size and
  SHA-256 of every member, which ``restore`` checks before it changes anything.

Files are read through Django's storage API, so local folders and object storage (S3) are backed up alike. A
storage that cannot be read fails the backup, and so does a file the database names that no storage holds.

The database is dumped before the files are read, so every file the dumped rows name is in the archive
(a file uploaded during the backup may be in it without a row, which is harmless).
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import localservices

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Archive folders of the storages that have always been backed up, under the names of the first archives.
FOLDER_NAMES = {"default": "media", "submissions": "private"}
# Made again by collectstatic from the code: not data.
NOT_BACKED_UP = {"staticfiles"}
# The tables whose row counts make the one-line summary.
KEY_TABLES = ("events_event", "documents_document", "submissions_submission")
CHUNK = 1024 * 1024


def storage_folders():
    """{archive folder: storage alias} for every storage in STORAGES that holds data, read at call time."""
    return {FOLDER_NAMES.get(alias, alias): alias for alias in settings.STORAGES if alias not in NOT_BACKED_UP}


def describe_storage(alias):
    storage = storages[alias]
    where = getattr(storage, "bucket_name", None) or ""
    where = f"{where}/{storage.location}" if where else storage.location
    return f'the "{alias}" storage ({type(storage).__name__} at {where})'


def local_path(storage, name):
    """The path of ``name`` on this machine's disk, or None for storage that is not a local folder."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def nested_roots(alias):
    """Folders of storage ``alias`` that are the root of another storage: backed up under its own name, or static."""
    storage, skip = storages[alias], set()
    # Every storage, static files' too: sweep_orphan_files walks these folders and must never reach them.
    for other_alias in settings.STORAGES:
        other = storages[other_alias]
        if other.location is None:  # StaticFilesStorage without STATIC_ROOT
            continue
        # Two local folders (static files' storage is a FileSystemStorage too), or two places in one bucket.
        same_place = isinstance(other, FileSystemStorage) == isinstance(storage, FileSystemStorage) and getattr(
            other, "bucket_name", None
        ) == getattr(storage, "bucket_name", None)
        inner, outer = PurePosixPath(other.location), PurePosixPath(storage.location)
        if other_alias != alias and same_place and inner != outer and inner.is_relative_to(outer):
            skip.add(inner.relative_to(outer).as_posix())
    return skip


def storage_files(alias):
    """(names of the regular files in storage ``alias``, sorted; names skipped as links or special files).

    A local folder that does not exist yet holds nothing. Any other failure to list is raised as it comes.
    """
    storage, skip = storages[alias], nested_roots(alias)
    root = local_path(storage, "")
    if root is not None and not root.exists():
        return [], []
    files, skipped, pending = [], [], [""]
    while pending:
        directory = pending.pop()
        directories, names = storage.listdir(directory)
        for name, is_directory in [(name, True) for name in directories] + [(name, False) for name in names]:
            path = posixpath.join(directory, name) if directory else name
            local = local_path(storage, path)
            # A link could lead out of the folder; a fifo or a device would block or never end.
            if local is not None and (local.is_symlink() or not (local.is_dir() or local.is_file())):
                skipped.append(path)
            elif is_directory:
                if path not in skip:
                    pending.append(path)
            else:
                files.append(path)
    return sorted(files), sorted(skipped)


def file_fields():
    """(model, field) for every FileField (ImageField too) of every installed model."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def files_named_in_the_database():
    """Every file name a FileField of any model holds, in any row (the base manager filters none out)."""
    names = set()
    for model, field in file_fields():
        names.update(model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def check_vendor():
    if connection.vendor not in DATABASE_MEMBERS:
        raise CommandError(f"Backups support PostgreSQL and SQLite; the configured database is {connection.vendor}.")
    return connection.vendor


def find_pg_binary(name):
    """The path of ``name`` (pg_dump, pg_restore): PG_BINDIR if set, else PATH, else the newest Debian install."""
    hint = "Install the PostgreSQL client tools of the server's version or newer (Debian: postgresql-client-15)."
    try:
        return localservices.find_pg_binary(name, hint=hint)
    except localservices.ServiceError as error:
        raise CommandError(str(error)) from error


def pg_command(name, *options):
    """The command line and environment to run ``name`` against the default database.

    The password goes in PGPASSWORD, never on the command line; --no-password makes a missing one fail at
    once instead of waiting for a prompt.
    """
    settings_dict = connection.settings_dict
    _args, extra_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    args = [find_pg_binary(name), "--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    args += list(options)
    if settings_dict.get("NAME"):
        args += ["--dbname", settings_dict["NAME"]]
    return args, {**os.environ, **(extra_env or {})}


def run_pg(name, *options):
    args, env = pg_command(name, *options)
    result = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-20:]) or f"exit status {result.returncode}"
        raise CommandError(f"{name} failed:\n{detail}")
    return result


def row_counts(tables=KEY_TABLES):
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
    return counts


def describe_counts(counts):
    labels = {"events_event": "events", "documents_document": "documents", "submissions_submission": "submissions"}
    return ", ".join(f"{count} {labels.get(table, table)}" for table, count in counts.items())


def applied_migrations():
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def human_size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TB"  # pragma: no cover


class HashingReader:
    """Wraps a file: what tarfile copies into the archive is exactly what gets hashed and counted."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def add_file(archive, path, name):
    """Add the regular file ``path`` as ``name``; return its manifest entry."""
    with open(path, "rb") as handle:
        info = archive.gettarinfo(arcname=name, fileobj=handle)
        return add_member(archive, info, handle)


def add_stored_file(archive, storage, name, member):
    """Add ``name`` of ``storage`` as ``member``, read through the storage API; return its manifest entry."""
    info = tarfile.TarInfo(member)
    info.size = storage.size(name)
    try:
        info.mtime = int(storage.get_modified_time(name).timestamp())
    except NotImplementedError:
        info.mtime = int(time.time())
    with storage.open(name, "rb") as handle:
        return add_member(archive, info, handle)


def add_member(archive, info, handle):
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o644
    reader = HashingReader(handle)
    archive.addfile(info, reader)
    return {"path": info.name, "size": reader.size, "sha256": reader.digest.hexdigest()}


class Command(BaseCommand):
    help = "Write the database, the document files and the submitted files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="The archive to write (default: var/backups/hldportal-YYYYmmdd-HHMMSS.tar.gz, in UTC).",
        )

    def handle(self, *args, output=None, **options):
        vendor = check_vendor()
        started = time.monotonic()
        now = timezone.now().astimezone(datetime.UTC)
        if output:
            target = Path(output)
        else:
            var_dir = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var"))
            target = var_dir / "backups" / f"hldportal-{now:%Y%m%d-%H%M%S}.tar.gz"
        if target.exists():
            raise CommandError(f"{target} already exists; choose another --output.")
        for folder, alias in storage_folders().items():
            root = local_path(storages[alias], "")
            if root is not None and target.parent.resolve().is_relative_to(root.resolve()):
                # MEDIA_ROOT is public; and an archive inside a backed-up folder would be backed up into itself.
                raise CommandError(f"Write the archive outside the {folder} folder ({root}); choose another --output.")
        # The archive holds submitters' personal data: only its owner may read the folder and the file.
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)

        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".hldportal-backup-") as staging:
            database = Path(staging) / DATABASE_MEMBERS[vendor]
            if vendor == "postgresql":
                run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database))
            else:
                copy_sqlite(database)
            counts = row_counts()
            manifest = {
                "format": FORMAT,
                "application": "HLD Portal",
                "created_at": now.isoformat(),
                "django_version": django.get_version(),
                "database": {"vendor": vendor, "version": database_version()},
                "migrations": applied_migrations(),
                "row_counts": counts,
                "files": [],
            }
            # mkstemp: mode 0600, in the target's folder so the final rename is atomic.
            fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
            try:
                with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                    entry = add_file(archive, database, database.name)
                    manifest["database"].update(file=entry["path"], size=entry["size"], sha256=entry["sha256"])
                    manifest["files"] = self.add_folders(archive)
                    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o644
                    archive.addfile(info, io.BytesIO(data))
                    raw.flush()
                    os.fsync(raw.fileno())
                os.replace(partial, target)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise

        archived = {entry["path"].partition("/")[2] for entry in manifest["files"]}
        missing = sorted(files_named_in_the_database() - archived)
        if missing:
            shown = "\n".join(f"  {name}" for name in missing[:10]) + ("\n  ..." if len(missing) > 10 else "")
            raise CommandError(
                f"{target} was written but is incomplete: {len(missing)} files named in the database are in no "
                f"storage:\n{shown}\nCheck the storage settings (MEDIA_ROOT, PRIVATE_MEDIA_ROOT, S3_*)."
            )
        total = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(str(target))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {vendor} database ({describe_counts(counts)}, "
                f"{len(manifest['migrations'])} migrations applied) and {len(manifest['files'])} files "
                f"({human_size(total)}) into {human_size(target.stat().st_size)} in {time.monotonic() - started:.1f}s."
            )
        )

    def add_folders(self, archive):
        entries = []
        for folder, alias in storage_folders().items():
            storage = storages[alias]
            try:
                files, skipped = storage_files(alias)
                for path in skipped:
                    self.stderr.write(
                        f"Skipped {folder}/{path}: not a regular file (links and special files are not backed up)."
                    )
                entries += [add_stored_file(archive, storage, name, f"{folder}/{name}") for name in files]
            except (CommandError, KeyboardInterrupt):
                raise
            except Exception as error:
                raise CommandError(
                    f"Could not read {describe_storage(alias)}: {error!r}. No archive was written."
                ) from error
        return entries


def copy_sqlite(destination):
    """A consistent copy of the default SQLite database, through Django's own connection (in-memory ones too)."""
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def database_version():
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        return str(connection.pg_version)
    return sqlite3.sqlite_version

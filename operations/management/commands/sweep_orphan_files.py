"""Delete the stored files no row and no kept revision names, in every storage a model's file field uses.

Such files are left when an editor replaces or removes a lead photo, a document's or a statement's file, or deletes
its row (Django deletes no file), and when a submission's commit fails with an unknown outcome
(submissions.services). The storages and the names come from the models, so a new file field is swept without a
change here. Files younger than ``--older-than`` are kept: a request in flight writes its file before the row that
names it is committed. Links, special files and the folders of other storages (static files among them) nested in
a storage's folder are never entered nor deleted (``backup.storage_files``). A file that only a kept revision names
stays, since the admin's History and "Recover deleted" can put its row back (common.stored_files).
"""

import datetime

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.stored_files import files_named_in_the_history

from .backup import describe_storage, file_fields, files_named_in_the_database, storage_files, storage_folders


def swept_storages():
    """The aliases of the storages the models' file fields use, sorted; an error for one outside STORAGES."""
    aliases, kept = set(), storage_folders().values()
    for model, field in file_fields():
        alias = next((alias for alias in kept if field.storage == storages[alias]), None)
        if alias is None:
            raise CommandError(
                f"{model._meta.label}.{field.name} keeps its files in a storage that is not in STORAGES: add it "
                "there, or the sweep cannot tell its files from orphans. Nothing was deleted."
            )
        aliases.add(alias)
    return sorted(aliases)


def sweep_orphan_files(*, older_than, dry_run, say):
    """Delete (unless ``dry_run``) every file at least ``older_than`` seconds old that no row of any model names, nor
    any kept revision, in every storage the models use; ``say`` is told each file deleted or skipped and each
    storage's count."""
    limit = timezone.now() - datetime.timedelta(seconds=older_than)
    old_files = {}
    for alias in swept_storages():
        storage = storages[alias]
        files, skipped = storage_files(alias)
        for name in skipped:
            say(f"{alias}: skipped {name}: not a regular file (links and special files are left alone).")
        old_files[alias] = [name for name in files if storage.get_modified_time(name) < limit]
    # Read after the listing: a row committed meanwhile still keeps its file.
    named = files_named_in_the_database() | files_named_in_the_history()
    for alias, names in old_files.items():
        storage, orphans = storages[alias], [name for name in names if name not in named]
        for name in orphans:
            if not dry_run:
                storage.delete(name)
            say(f"{alias}: {'would delete' if dry_run else 'deleted'} {name}")
        outcome = "found in" if dry_run else "deleted from"
        say(f"{len(orphans)} orphan file(s) {outcome} {describe_storage(alias)}.")


class Command(BaseCommand):
    help = (
        "Delete the files no row names (replaced lead photos and document files, deleted rows, submissions whose "
        "commit failed) from every storage the models use. Files a kept revision names are kept for the History to "
        "restore; files younger than --older-than seconds are kept: they may belong to a row being saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=3600, help="Only files at least this old (seconds).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, older_than, dry_run, **options):
        sweep_orphan_files(older_than=older_than, dry_run=dry_run, say=self.stdout.write)

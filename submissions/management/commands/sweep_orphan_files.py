import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from submissions.models import SubmissionFile, private_storage


def stored_names(storage, folder=""):
    """Every file name under ``folder`` of ``storage``, recursively."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from stored_names(storage, f"{folder}/{directory}" if folder else directory)


class Command(BaseCommand):
    help = (
        "Delete submitted files that no submission names, left by a crash or a commit whose outcome was unknown. "
        "Files younger than --older-than seconds are kept: they may belong to a submission being saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=3600, help="Only files at least this old (seconds).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, older_than, dry_run, **options):
        storage = private_storage()
        known = set(SubmissionFile.objects.values_list("file", flat=True))
        limit = timezone.now() - datetime.timedelta(seconds=older_than)
        orphans = [
            name for name in stored_names(storage) if name not in known and storage.get_modified_time(name) < limit
        ]
        for name in orphans:
            if not dry_run:
                storage.delete(name)
            self.stdout.write(("would delete " if dry_run else "deleted ") + name)
        self.stdout.write(f"{len(orphans)} orphan file(s) {'found' if dry_run else 'deleted'}.")

from django.core.management.base import BaseCommand

from delivery.cache import new_content_version


class Command(BaseCommand):
    help = (
        "Make every cached page and part of a page anew at its next request (a new content version). Saves and "
        "deletes do this by themselves; run it after changing content without them: QuerySet.update(), "
        "bulk_create(), SQL, a restore."
    )

    def handle(self, *args, **options):
        new_content_version()
        self.stdout.write("Every cached page will be made anew at its next request.")

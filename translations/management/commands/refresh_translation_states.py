"""Recount every item's translations (after a bulk load, a restore or a change made with SQL)."""

from django.core.management.base import BaseCommand

from translations.models import ItemTranslation
from translations.tracking import refresh_translation_states


class Command(BaseCommand):
    help = "Rebuild the stored translation states and counts of every translated item, in a few SQL statements."

    def handle(self, *args, **options):
        refresh_translation_states()
        self.stdout.write(self.style.SUCCESS(f"Translation states refreshed: {ItemTranslation.objects.count()} rows."))

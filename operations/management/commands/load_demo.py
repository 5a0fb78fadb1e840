"""Load the demo content: the 2013 High-Level Dialogue, its meetings, documents and call, in three languages."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from documents import demo as documents_demo
from documents.models import Document, EventDocument, Version
from events import demo as events_demo
from events.models import Event, Session
from records import demo as records_demo
from records.models import SessionRecord, Statement
from submissions import demo as submissions_demo
from submissions.models import Call, Submission, SubmissionFile
from translations.tracking import refresh_translation_states


class Command(BaseCommand):
    help = "Create or update the demo events, sessions and documents. Running it again changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            events_demo.load()
            documents_demo.load()
            submissions_demo.load()
            records_demo.load()
            # Demo loaders may write in bulk, without the saves that keep the translation counts.
            refresh_translation_states()
            # A first revision of everything, so editors can undo their first change of the demo content.
            call_command("createinitialrevisions", comment="Demo content", verbosity=0)
        counts = [
            ("events", Event),
            ("sessions", Session),
            ("documents", Document),
            ("versions", Version),
            ("event documents", EventDocument),
            ("calls", Call),
            ("submissions", Submission),
            ("submitted files", SubmissionFile),
            ("statements", Statement),
            ("session records", SessionRecord),
        ]
        summary = ", ".join(f"{model.objects.count()} {label}" for label, model in counts)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))

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
    help = (
        "Load the demo events, sessions, documents and call into a database without content. Running it again "
        "changes nothing: what editors did to the demo stays."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--again",
            action="store_true",
            help="Load it into a database that holds content too, undoing what editors changed in the demo's items.",
        )

    def handle(self, *args, again=False, **options):
        # make run and make serve load the demo at each start: it must not publish again what an editor withdrew.
        if not again and any(model.objects.exists() for model in (Event, Document, Call, Submission)):
            self.stdout.write(
                "The database holds content already: the demo is loaded into an empty one only "
                "(load_demo --again loads it anyway, undoing editors' changes to its items)."
            )
            return
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

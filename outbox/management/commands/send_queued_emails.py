from django.core.management.base import BaseCommand

from outbox.models import OutgoingEmail
from outbox.services import Attempt, send_due_emails


class Command(BaseCommand):
    help = (
        "Send the queued emails whose attempt is due: those that failed before, and any whose task was lost. Run it "
        "every few minutes from cron with the immediate task backend, which cannot run a task later; the database "
        "backend's worker retries by itself."
    )

    def handle(self, *args, **options):
        counts = send_due_emails()
        self.stdout.write(
            f"{counts[Attempt.SENT]} email(s) sent, {counts[Attempt.FAILED]} failed and will be tried again, "
            f"{counts[Attempt.GIVEN_UP]} given up."
        )
        if given_up := OutgoingEmail.objects.given_up().count():
            self.stdout.write(f"{given_up} email(s) given up in all: see Outgoing emails in the admin.")

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from submissions import services
from submissions.tasks import erase_expired_contacts_daily


class Command(BaseCommand):
    help = (
        "Erase the contact details of submissions decided more than SUBMISSION_CONTACT_RETENTION_MONTHS months "
        "ago. With --schedule, make sure the task worker does it once a day from now on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="Queue the daily task unless it is queued.")

    def handle(self, *args, schedule=False, **options):
        months = settings.SUBMISSION_CONTACT_RETENTION_MONTHS
        count = services.erase_expired_contact_details(months=months)
        self.stdout.write(f"Contact details erased from {count} submission(s) decided over {months} months ago.")
        if schedule:
            if not erase_expired_contacts_daily.get_backend().supports_defer:
                self.stdout.write("This task backend cannot run a task later: run this command once a day instead.")
                return
            path = erase_expired_contacts_daily.module_path
            if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
                self.stdout.write("The daily task is already queued.")
            else:
                erase_expired_contacts_daily.enqueue()
                self.stdout.write("The daily task is queued.")

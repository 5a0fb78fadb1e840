import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import services


@task()
def erase_expired_contacts_daily():
    """Apply the retention rule, then come back tomorrow: the task worker keeps it running once a day."""
    services.erase_expired_contact_details(months=settings.SUBMISSION_CONTACT_RETENTION_MONTHS)
    if erase_expired_contacts_daily.get_backend().supports_defer:
        erase_expired_contacts_daily.using(run_after=timezone.now() + datetime.timedelta(days=1)).enqueue()

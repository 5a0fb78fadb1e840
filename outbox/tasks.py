from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from . import services
from .models import OutgoingEmail


@task()
def send_email(*, email_id):
    """Send one queued email and delete it; queued so that SMTP latency never holds up a request. A failed send
    comes back at its next attempt (outbox.services) when the backend can run a task later; otherwise
    ``manage.py send_queued_emails``, run by cron, sends it.

    The task's stored arguments are only the id: no address, name or status link stays in the task table.
    """
    outcome = services.send_queued_email(email_id=email_id)
    if outcome is services.Attempt.FAILED and send_email.get_backend().supports_defer:
        retry_at = OutgoingEmail.objects.values_list("next_attempt_at", flat=True).get(pk=email_id)
        send_email.using(run_after=retry_at).enqueue(email_id=email_id)
    return outcome.value


def queue_email(*, subject, body, to, reply_to=()):
    """Queue an email so that it goes out only if the current transaction commits.

    A database-backed queue stores the task in that very transaction, so a
    committed submission always has its receipt queued; the immediate backend
    of development and tests would send at once, so it waits for the commit.
    """
    email = OutgoingEmail.objects.create(subject=subject, body=body, to=list(to), reply_to=list(reply_to))
    if isinstance(send_email.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    else:
        send_email.enqueue(email_id=email.pk)

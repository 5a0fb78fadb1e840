from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from .models import OutgoingEmail


@task()
def send_email(*, email_id):
    """Send one queued email and delete it; queued so that SMTP latency never holds up a request.

    The task's stored arguments are only the id: no address, name or status link stays in the task table.
    """
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:  # already sent by an earlier attempt
        return
    EmailMessage(subject=email.subject, body=email.body, to=email.to, reply_to=email.reply_to).send()
    email.delete()


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

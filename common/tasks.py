from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend


@task()
def send_email(*, subject, body, to, reply_to=()):
    """Send one plain-text email; queued so that SMTP latency never holds up a request."""
    EmailMessage(subject=subject, body=body, to=list(to), reply_to=list(reply_to)).send()


def queue_email(**message):
    """Queue an email so that it goes out only if the current transaction commits.

    A database-backed queue stores the task in that very transaction, so a
    committed submission always has its receipt queued; the immediate backend
    of development and tests would send at once, so it waits for the commit.
    """
    if isinstance(send_email.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: send_email.enqueue(**message))
    else:
        send_email.enqueue(**message)

"""Sending a queued email, again after a failure, until it goes or is given up."""

import collections
import datetime
import enum
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# How long an attempt may take before another process may try the same email: well past an SMTP timeout, so that
# two processes do not send one email, yet short enough that an attempt cut off (a worker killed) is tried again.
ATTEMPT_LEASE = datetime.timedelta(minutes=15)


class Attempt(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # tried again later
    GIVEN_UP = "given up"
    SKIPPED = "skipped"  # sent or given up already, not due yet, or being sent by another process


def retry_delay(attempts):
    """The wait after the ``attempts``-th failure: EMAIL_RETRY_SECONDS, doubled after each further failure."""
    return datetime.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempts - 1))


def send_queued_email(*, email_id):
    """Send the queued email ``email_id`` if it is due and no other process is sending it, then delete it.

    If sending fails, the attempt and its error are recorded and the next attempt is set after ``retry_delay``;
    after EMAIL_SEND_ATTEMPTS attempts the email is given up: its body (where a private status link may be) is
    erased, its subject, recipients and error stay for staff (admin, Outgoing emails), and an error is logged.
    Returns what became of it (``Attempt``).
    """
    now = timezone.now()
    # The claim is one UPDATE: of two processes (the worker and send_queued_emails), only one gets the row.
    claimed = (
        OutgoingEmail.objects.due(now)
        .filter(pk=email_id)
        .update(attempts=F("attempts") + 1, next_attempt_at=now + ATTEMPT_LEASE)
    )
    if not claimed:
        return Attempt.SKIPPED
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        EmailMessage(subject=email.subject, body=email.body, to=email.to, reply_to=email.reply_to).send()
    except Exception as error:  # any failure of any mail backend: the email is tried again, a bounded number of times
        return record_failure(email, error)
    email.delete()
    return Attempt.SENT


def record_failure(email, error):
    now = timezone.now()
    email.last_error = f"{type(error).__name__}: {error}"[:300]
    if email.attempts >= settings.EMAIL_SEND_ATTEMPTS:
        email.body, email.given_up_at = "", now
        logger.error(
            "Outgoing email %s (%s) given up after %s attempts: %s", email.pk, email.subject, email.attempts,
            email.last_error,
        )  # fmt: skip
    else:
        email.next_attempt_at = now + retry_delay(email.attempts)
        logger.warning(
            "Outgoing email %s not sent (attempt %s of %s), tried again at %s: %s", email.pk, email.attempts,
            settings.EMAIL_SEND_ATTEMPTS, email.next_attempt_at.isoformat(), email.last_error,
        )  # fmt: skip
    email.save(update_fields=["body", "last_error", "next_attempt_at", "given_up_at"])
    return Attempt.GIVEN_UP if email.given_up_at else Attempt.FAILED


def send_due_emails():
    """Send every email whose attempt is due (``send_queued_email``); returns how many of each ``Attempt``."""
    due = OutgoingEmail.objects.due().order_by("next_attempt_at", "pk").values_list("pk", flat=True)
    return collections.Counter(send_queued_email(email_id=email_id) for email_id in list(due))

"""An email that fails to send (SMTP down, refused) is tried again with a growing wait, a bounded number of times;
one given up shows in the admin for moderators to reach its recipient another way, and keeps no private link."""

import datetime
import io
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from outbox.models import OutgoingEmail
from outbox.tasks import send_email
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 12, 2, 12, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)
REFUSING = "tests.outbox.test_retries.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def send_queued_emails():
    output = io.StringIO()
    call_command("send_queued_emails", stdout=output)
    return output.getvalue()


@pytest.fixture
def refused_receipt(call, settings, django_capture_on_commit_callbacks):
    """A submission received while the SMTP server is down: its receipt and the moderators' notice failed once."""
    settings.EMAIL_BACKEND = REFUSING
    settings.SUBMISSION_NOTIFY_EMAILS = ["mod@example.org"]
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        _submission, token = receive(call, email="ana@example.org")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return token


def test_a_receipt_that_failed_is_sent_once_the_wait_is_over(refused_receipt):
    with time_machine.travel(START + 4 * MINUTE, tick=False):
        early = send_queued_emails()
    with time_machine.travel(START + 5 * MINUTE, tick=False):
        output = send_queued_emails()

    assert early == "0 email(s) sent, 0 failed and will be tried again, 0 given up.\n"
    assert output == "2 email(s) sent, 0 failed and will be tried again, 0 given up.\n"
    receipt, notice = mail.outbox
    assert receipt.to == ["ana@example.org"]
    assert f"/en/submissions/status/{refused_receipt}/" in receipt.body
    assert notice.to == ["mod@example.org"]
    assert not OutgoingEmail.objects.exists()  # sent, then forgotten


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, EMAIL_BACKEND=REFUSING)
def test_the_worker_tries_a_failed_email_again_later_by_itself(call, settings):
    with time_machine.travel(START, tick=False):
        receive(call, email="ana@example.org")
        [queued] = DBTaskResult.objects.all()
        send_email.call(**queued.args_kwargs["kwargs"])  # as the worker runs it
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    retries = DBTaskResult.objects.exclude(pk=queued.pk)
    assert [retry.run_after for retry in retries] == [START + 5 * MINUTE]
    with time_machine.travel(START + 5 * MINUTE, tick=False):
        for retry in retries:
            send_email.call(**retry.args_kwargs["kwargs"])

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert not OutgoingEmail.objects.exists()


def test_each_wait_is_twice_the_last_and_the_email_is_given_up_after_the_last_attempt(
    refused_receipt, settings, moderator_client
):
    settings.EMAIL_BACKEND = REFUSING
    settings.EMAIL_SEND_ATTEMPTS = 3
    outputs = []
    for minutes in (5, 14, 15, 600):  # the second retry is due 10 minutes after the first
        with time_machine.travel(START + minutes * MINUTE, tick=False):
            outputs.append(send_queued_emails())

    assert outputs == [
        "0 email(s) sent, 2 failed and will be tried again, 0 given up.\n",
        "0 email(s) sent, 0 failed and will be tried again, 0 given up.\n",
        "0 email(s) sent, 0 failed and will be tried again, 2 given up.\n"
        "2 email(s) given up in all: see Outgoing emails in the admin.\n",
        "0 email(s) sent, 0 failed and will be tried again, 0 given up.\n"
        "2 email(s) given up in all: see Outgoing emails in the admin.\n",
    ]
    receipt = OutgoingEmail.objects.get(to=["ana@example.org"])
    assert (receipt.attempts, receipt.body) == (3, "")  # the private status link is not kept
    html = unescape(moderator_client.get("/admin/outbox/outgoingemail/").content.decode())
    assert "Your submission HLD2013-0001 was received" in html
    assert "ana@example.org" in html
    assert "Given up: tell its recipients another way, then delete it" in html
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in html
    assert refused_receipt not in html

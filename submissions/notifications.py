"""Emails about submissions, written in the recipient's language and queued with the change that causes them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.urls import absolute_url
from outbox.tasks import queue_email

from .text import header_safe

MODERATORS_GROUP = "Moderators"


def _queue(template, context, language, to, reply_to=()):
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        if token := context.get("token"):
            context["status_url"] = absolute_url(reverse("submissions:status", kwargs={"token": token}))
        context["call_url"] = absolute_url(context["submission"].call.get_absolute_url())
        # A name or title typed by the submitter goes into the subject: one line, no direction tricks.
        subject = header_safe(render_to_string(f"submissions/email/{template}_subject.txt", context))
        body = render_to_string(f"submissions/email/{template}.txt", context)
    queue_email(subject=subject, body=body, to=list(to), reply_to=list(reply_to))


def moderator_emails():
    if settings.SUBMISSION_NOTIFY_EMAILS:
        return list(settings.SUBMISSION_NOTIFY_EMAILS)
    users = get_user_model().objects.filter(is_active=True, groups__name=MODERATORS_GROUP).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def submission_received(submission, token):
    """Queue the receipt to the submitter and the notice to moderators."""
    context = {"submission": submission, "files": list(submission.files.all()), "token": token}
    _queue("receipt", context, submission.submitter_language, to=[submission.email])
    if recipients := moderator_emails():
        context = {
            "submission": submission,
            "files": context["files"],
            "admin_url": absolute_url(reverse("admin:submissions_submission_change", args=[submission.pk])),
        }
        _queue("moderators", context, settings.LANGUAGE_CODE, to=recipients, reply_to=[submission.email])


def decision_made(submission, note):
    """Tell the submitter their submission was published or declined, with the moderator's note."""
    if submission.email:
        context = {"submission": submission, "note": note}
        _queue(submission.status, context, submission.submitter_language, to=[submission.email])


def submission_withdrawn(submission):
    """Confirm to the submitter that their submission was withdrawn and will not be published."""
    if submission.email:
        _queue("withdrawn", {"submission": submission}, submission.submitter_language, to=[submission.email])

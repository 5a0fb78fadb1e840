"""The submission workflow: receive, change status, withdraw, erase. Each step is one function."""

import calendar
import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uploads.checks import CheckedFile, scan_stored

from . import notifications
from .models import (
    TRANSITIONS,
    Call,
    Decision,
    ScanStatus,
    Status,
    Submission,
    SubmissionFile,
    hash_token,
    private_storage,
)

# "skipped": scanning is off on this site, a decision of its operators, not a failure.
PUBLISHABLE_SCANS = (ScanStatus.CLEAN, ScanStatus.SKIPPED)


class AlreadyReceived(Exception):
    """The form was received before (sent twice, by a double click): ``submission`` is what the first sending made."""

    def __init__(self, submission):
        super().__init__(submission.reference)
        self.submission = submission


def allocate_reference(call):
    """The next reference of ``call``, e.g. "HLD2013-0042"; never given twice, even under concurrent submits.

    The UPDATE takes the call's row lock until the surrounding transaction ends,
    so concurrent submissions queue here for the few milliseconds it takes.
    """
    Call.objects.filter(pk=call.pk).update(next_number=F("next_number") + 1)
    number = Call.objects.values_list("next_number", flat=True).get(pk=call.pk) - 1
    return f"{call.reference_prefix}-{number:04d}"


def _store_file(submission, checked, publishable):
    upload = checked.upload
    record = SubmissionFile(
        submission=submission,
        original_name=checked.name,
        size=upload.size,
        sha256=checked.sha256,
        content_type=checked.kind.content_type,
        publishable=publishable,
        scan_status=checked.scan.verdict,
        scan_detail=checked.scan.detail[:200],
        findings=[finding.as_dict() for finding in checked.findings],
    )
    record.file.save(checked.name, upload, save=False)
    return record


def receive_submission(*, call, details, uploads, submitter_language, form_key=None):
    """Store a new submission and its files together, or nothing at all.

    Effects: allocates a reference number; writes the files to private storage;
    creates the submission, its file records and the first decision-log entry
    in one transaction, with the receipt to the submitter and the notice to
    moderators queued in it. If anything fails before the commit, files
    already written are deleted and the error is raised again.

    ``uploads`` are ``(CheckedFile, publishable)`` pairs: only files that went
    through ``uploads.checks.check_upload`` are accepted. A file whose virus
    scan was unavailable is stored, and the submission held: the decision log
    says so and it cannot be published until its files are scanned again
    (``rescan``). Findings (active content) are kept for moderators.

    ``form_key`` comes with the blank form: a second sending of one form
    stores nothing and raises AlreadyReceived with the first one's submission.

    Returns the submission and the token of its private status link (only its
    hash is stored).
    """
    if not call.is_open():
        raise ValidationError(_("This call is not accepting submissions."), code="call_closed")
    if not all(isinstance(checked, CheckedFile) for checked, _publishable in uploads):
        raise TypeError("receive_submission takes files checked by uploads.checks.check_upload")
    if earlier := _sent_again(call, details, uploads):
        raise AlreadyReceived(earlier)
    token = secrets.token_urlsafe(32)
    written = []
    committing = False
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                call=call,
                reference=allocate_reference(call),
                token_hash=hash_token(token),
                submitter_language=submitter_language,
                form_key=form_key,
                **details,
            )
            records = []
            for checked, publishable in uploads:
                record = _store_file(submission, checked, publishable)
                written.append(record.file.name)
                records.append(record)
            SubmissionFile.objects.bulk_create(records)
            Decision.objects.create(submission=submission, to_status=Status.RECEIVED, note=_held_note(records))
            notifications.submission_received(submission, token)
            committing = True
    except BaseException as error:
        # An error during COMMIT leaves its outcome unknown: the rows may be stored, so their files stay
        # (sweep_orphan_files removes them later if not). Any earlier error rolled everything back.
        if not committing:
            for name in written:
                private_storage().delete(name)
        # Two sendings at once wait on the key's unique index; the later one finds the first stored.
        if isinstance(error, IntegrityError) and form_key:
            _raise_if_received(form_key)
        raise
    return submission, token


# How long the same submission sent again counts as sent twice (see _sent_again).
SENT_AGAIN_HOURS = 24


def _sent_again(call, details, uploads):
    """The submission received in the last SENT_AGAIN_HOURS from the same address, with the same title and the same
    files, if any: the form sent again after going back to it, which the browser shows with a new key."""
    files = sorted(checked.sha256 for checked, _publishable in uploads)
    recent = Submission.objects.filter(
        call=call,
        email__iexact=details["email"],
        title=details["title"],
        created_at__gte=timezone.now() - datetime.timedelta(hours=SENT_AGAIN_HOURS),
    ).prefetch_related("files")
    return next((earlier for earlier in recent if sorted(f.sha256 for f in earlier.files.all()) == files), None)


def _raise_if_received(form_key):
    if earlier := Submission.objects.filter(form_key=form_key).first():
        raise AlreadyReceived(earlier) from None


def _held_note(records):
    unscanned = [record for record in records if record.scan_status == ScanStatus.UNAVAILABLE]
    if not unscanned:
        return ""
    files = "; ".join(f"{record.original_name}: {record.scan_detail}" for record in unscanned)
    return f"Held for review: not scanned for viruses ({files})."


def rescan(*, submission, actor=None, deadline=None):
    """Scan again the files of ``submission`` whose scan was unavailable; log what changed.

    Returns the files still held. A file found infected stays stored, marked
    "infected", for the moderators to decline the submission. ``deadline``
    (a time.monotonic() value) ends the scans left "unavailable" when reached.
    """
    held = [file for file in submission.files.all() if file.scan_status == ScanStatus.UNAVAILABLE]
    for record in held:
        with record.file.open("rb") as stored:
            result = scan_stored(stored, deadline=deadline)
        if result.is_unavailable:
            continue
        record.scan_status, record.scan_detail = result.verdict, result.detail[:200]
        record.save(update_fields=["scan_status", "scan_detail"])
        Decision.objects.create(
            submission=submission,
            actor=actor,
            from_status=submission.status,
            to_status=submission.status,
            note=f"Scanned again: {record.original_name}: {result.verdict} {result.detail}".strip(),
        )
    return [record for record in held if record.scan_status == ScanStatus.UNAVAILABLE]


def change_status(*, submission, to_status, actor=None, note=""):
    """Move a submission to ``to_status`` and log who did it and why.

    Effects: checks the move is allowed (and that a published submission has
    the submitter's consent); saves the status, and the moment of publication
    the feeds date it from; adds a decision-log entry;
    queues an email to the submitter when the submission is published or
    declined, in the language they wrote to us in.
    """
    to_status = Status(to_status)
    with transaction.atomic():
        _lock(submission)
        if to_status not in TRANSITIONS[submission.status]:
            raise ValidationError(
                _("A submission that is “%(from)s” cannot become “%(to)s”."),
                code="transition",
                params={"from": submission.get_status_display(), "to": to_status.label},
            )
        if to_status == Status.PUBLISHED and not submission.consent_to_publish:
            raise ValidationError(
                _("%(reference)s cannot be published: the submitter did not consent to publication."),
                code="no_consent",
                params={"reference": submission.reference},
            )
        if to_status == Status.PUBLISHED and not submission.files.filter(publishable=True).exists():
            raise ValidationError(
                _("%(reference)s cannot be published: it has no file to publish, only annexes."),
                code="nothing_to_publish",
                params={"reference": submission.reference},
            )
        if to_status == Status.PUBLISHED and submission.files.exclude(scan_status__in=PUBLISHABLE_SCANS).exists():
            raise ValidationError(
                _("%(reference)s cannot be published: some of its files were not found clean by the virus scan."),
                code="not_scanned",
                params={"reference": submission.reference},
            )
        decision = Decision.objects.create(
            submission=submission, actor=actor, from_status=submission.status, to_status=to_status, note=note
        )
        submission.status = to_status
        # Dated by this decision; leaving publication clears the date (PublishedAtField), so that a submission
        # published again is news again, from its new decision.
        if to_status == Status.PUBLISHED:
            submission.published_at = decision.at
        submission.save(update_fields=["status", "published_at", "updated_at"])
        if to_status in (Status.PUBLISHED, Status.DECLINED):
            notifications.decision_made(submission, note)
    return submission


def _lock(submission):
    """Lock the row of ``submission`` until the transaction ends, and read its status again: a second click, or
    another moderator, may have moved it since it was read (a withdrawal or a publication sent twice at once)."""
    submission.status = Submission.objects.select_for_update().values_list("status", flat=True).get(pk=submission.pk)


def set_published_files(*, submission, publishable, actor):
    """Choose which of a submission's files may be published; log what changed in the decision log.

    ``publishable`` is the set of file ids to publish; the others are kept for the record only.
    Returns the names of the files whose choice changed.
    """
    publishable = {str(pk) for pk in publishable}
    changed = []
    with transaction.atomic():
        for record in submission.files.select_for_update():
            wanted = str(record.pk) in publishable
            if record.publishable != wanted:
                record.publishable = wanted
                record.save(update_fields=["publishable"])
                changed.append(f"{'+' if wanted else '-'}{record.original_name}")
        if changed:
            Decision.objects.create(
                submission=submission,
                actor=actor,
                from_status=submission.status,
                to_status=submission.status,
                note="Files to publish changed: " + ", ".join(changed),
            )
    return changed


def withdraw(*, submission):
    """The submitter withdraws a submission, through the private status link, before any decision.

    Effects: the status change and its log entry; a confirmation email to the submitter.
    """
    with transaction.atomic():
        _lock(submission)
        if not submission.can_withdraw():
            raise ValidationError(
                _("This submission can no longer be withdrawn: a decision has been made."), code="not_withdrawable"
            )
        change_status(submission=submission, to_status=Status.WITHDRAWN, note="Withdrawn by the submitter.")
        notifications.submission_withdrawn(submission)
    return submission


def erase_personal_data(*, submission, actor, note=""):
    """Erase the submitter's contact details on request, and record it in the decision log.

    The organisation, the text and the files stay: they are what was submitted,
    not data about the person who sent it.
    """
    with transaction.atomic():
        submission.contact_name = ""
        submission.email = ""
        submission.phone = ""
        submission.personal_data_erased_at = timezone.now()
        submission.save(update_fields=["contact_name", "email", "phone", "personal_data_erased_at", "updated_at"])
        Decision.objects.create(
            submission=submission,
            actor=actor,
            from_status=submission.status,
            to_status=submission.status,
            note=note or "Personal data erased on request.",
        )
    return submission


DECIDED = (Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN)


def months_before(moment, months):
    """The same day and time ``months`` calendar months earlier (the last day of that month if it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def erase_expired_contact_details(*, months, now=None):
    """Erase the contact details of submissions decided more than ``months`` months ago; return how many.

    Effects: as ``erase_personal_data`` for each, logged in the decision log with the retention rule as note.
    The decision date is that of the last status change; undecided submissions are never touched.
    """
    now = now or timezone.now()
    limit = months_before(now, months)
    last_move = Decision.objects.filter(submission=OuterRef("pk")).exclude(from_status=F("to_status"))
    expired = (
        Submission.objects.filter(status__in=DECIDED, personal_data_erased_at__isnull=True)
        .annotate(decided_at=Subquery(last_move.order_by("-at").values("at")[:1]))
        .filter(decided_at__lt=limit)
    )
    count = 0
    for submission in expired:
        erase_personal_data(
            submission=submission,
            actor=None,
            note=f"Contact details erased: decided over {months} months ago (retention rule).",
        )
        count += 1
    return count


def find_by_token(token):
    return Submission.objects.select_related("call").prefetch_related("files").get(token_hash=hash_token(token))

import hashlib
import uuid
import zoneinfo
from functools import partial, reduce
from itertools import groupby
from operator import attrgetter, or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.countries import CountryField, country_name
from common.fields import RichTextField
from common.languages import UNLanguage
from common.models import (
    ChoiceLabels,
    Publishable,
    PublishableQuerySet,
    PublishedAtField,
    QuickLoading,
    now,
    published_q,
)
from common.search import SearchedFields, SearchMixin
from common.text import unaccented
from common.urls import slug_addresses
from documents.models import Document
from events.models import TIME_ZONE_CHOICES, Event
from uploads.inspection import Finding
from uploads.kinds import KINDS

MEGABYTE = 1024 * 1024


class PrivateStorage(LazyObject):
    """The "submissions" storage of STORAGES, looked up on first use and again whenever STORAGES changes.

    Submitted files live outside MEDIA_ROOT and are only ever served through
    views that check who is asking.
    """

    def _setup(self):
        self._wrapped = storages["submissions"]


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


class CallState(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# What the public listing of a call's submissions shows (submissions/includes/listing.html).
PUBLIC_SUBMISSION_FIELDS = (
    "call", "reference", "status", "organisation", "category", "country", "title", "language", "is_example"
)  # fmt: skip
PUBLIC_FILE_FIELDS = ("submission", "original_name", "size")


# The most published submissions an event page lists under each of its calls; the call's own pages list them all.
EVENT_PAGE_SUBMISSIONS = 50


class CallQuerySet(SearchMixin, PublishableQuerySet):
    def published(self):
        """Published calls of published events: a call of a draft event is unpublished with it, as its sessions are."""
        return super().published().filter(published_q(through="event__"))

    def open(self):
        moment = now()
        return self.filter(opens_at__lte=moment).exclude(self._closed(moment))

    def upcoming(self):
        return self.filter(opens_at__gt=now())

    def closed(self):
        return self.filter(self._closed(now()))

    @staticmethod
    def _closed(now):
        # A call without a deadline closes when its event begins.
        return Q(closes_at__lte=now) | Q(closes_at__isnull=True, event__starts_at__lte=now)

    def for_event_page(self):
        """An event page's calls, with what it shows of them (submissions/includes/event_calls.html); their
        submissions are read apart (submissions/event_page.py)."""
        return (
            self.published()
            .only("event", "slug", "title", "time_zone", "opens_at", "closes_at")
            .order_by(F("closes_at").asc(nulls_last=True))
        )


def default_accepted_types():
    return list(KINDS)


class Call(Publishable):
    """A call for written submissions: what is asked, by when, in which files."""

    searched_fields = SearchedFields(("title",), ("reference_prefix",))

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The call's address."))
    instructions = RichTextField(
        _("instructions"), help_text=_("What is asked of the submitters, shown above the form.")
    )
    publication_policy = RichTextField(
        _("how submissions are published"),
        help_text=_("Shown before the form: what is made public, when, and what stays private."),
    )
    note_verbale = models.ForeignKey(
        Document,
        verbose_name=_("note verbale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The invitation this call answers, if it is in the document library."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no deadline was announced: the call then closes when its event begins."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="America/New_York",
        help_text=_("The deadline is shown to submitters in this time zone."),
    )
    accepted_types = models.JSONField(
        _("accepted file types"), default=default_accepted_types, help_text=_("Checked by content, not by name.")
    )
    max_file_size = models.PositiveIntegerField(_("largest file (bytes)"), default=10 * MEGABYTE)
    max_total_size = models.PositiveIntegerField(_("largest submission (bytes)"), default=25 * MEGABYTE)
    max_files = models.PositiveSmallIntegerField(_("most files per submission"), default=5)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=20,
        unique=True,
        help_text=_("Submissions are numbered PREFIX-0001, PREFIX-0002…; e.g. “HLD2013”."),
    )
    # The next reference number; only ever incremented, so numbers are never reused.
    next_number = models.PositiveIntegerField(default=1, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for submissions")
        verbose_name_plural = _("calls for submissions")
        ordering = [F("closes_at").desc(nulls_last=True), "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")), name="call_closes_after_it_opens"
            ),
        ]
        # The calls list walks them in its order and stops at its page (submissions/views.py).
        indexes = [
            models.Index(fields=["opens_at", "id"], name="call_opens_at"),
            models.Index(fields=["closes_at", "opens_at", "id"], name="call_closes_at"),
        ]

    def __str__(self):
        return self.title

    # A function of each call giving its address (common.templatetags.portal.Rows).
    addresses = partial(slug_addresses, "submissions:call")

    def get_absolute_url(self):
        return self.addresses()(self)

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = ValidationError(
                _("The deadline must be after the opening."), code="closes_before_opening"
            )
        if self.opens_at and not self.closes_at and self.event_id and self.opens_at >= self.event.starts_at:
            # It would go from "not yet open" to "closed" without ever taking a submission.
            errors["opens_at"] = ValidationError(
                _("Without a deadline the call closes when its meeting begins: open it before, or set a deadline."),
                code="opens_after_meeting",
            )
        unknown = set(self.accepted_types or ()) - set(KINDS)
        if not self.accepted_types or unknown:
            errors["accepted_types"] = ValidationError(
                _("Choose one or more of: %(kinds)s."), code="accepted_types", params={"kinds": ", ".join(KINDS)}
            )
        if self.max_total_size and self.max_file_size and self.max_total_size < self.max_file_size:
            errors["max_total_size"] = ValidationError(
                _("The submission limit cannot be smaller than the file limit."), code="total_below_file"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def deadline(self):
        """When submissions stop: the deadline, or without one the start of the event."""
        return self.closes_at or self.event.starts_at

    @property
    def state(self):
        now = timezone.now()
        if now < self.opens_at:
            return CallState.NOT_YET_OPEN
        if now < self.deadline:
            return CallState.OPEN
        return CallState.CLOSED

    def is_open(self):
        return self.state == CallState.OPEN

    @property
    def accepted_kinds(self):
        return [KINDS[code] for code in self.accepted_types if code in KINDS]

    def public_groups(self):
        """Published submissions by category, in the listing's order; Member States by country name: those of an
        event page (submissions/event_page.py), where there are no more than it lists."""
        return group_by_category(in_listing_order(self.public_submissions))

    @property
    def more_public_submissions(self):
        """Whether more submissions are published than an event page lists: the call's own pages list them."""
        return len(self.public_submissions) > EVENT_PAGE_SUBMISSIONS


class Category(models.TextChoices):
    # The order of the public listing.
    MEMBER_STATE = "member_state", _("Member State")
    IGO = "igo", _("Intergovernmental organization")
    UN_ENTITY = "un_entity", _("United Nations entity")
    NHRI = "nhri", _("National human rights institution")
    CSO = "cso", _("Civil society organization")
    ACADEMIA = "academia", _("Academia")
    OTHER = "other", _("Other")


CATEGORY_HEADINGS = {
    Category.MEMBER_STATE: _("Member States"),
    Category.IGO: _("Intergovernmental organizations"),
    Category.UN_ENTITY: _("United Nations entities"),
    Category.NHRI: _("National human rights institutions"),
    Category.CSO: _("Civil society"),
    Category.ACADEMIA: _("Academia"),
    Category.OTHER: _("Other contributors"),
}


def _sort_key(text):
    # Accents must not push "Égypte" after "Zambie": compare the base letters first.
    return unaccented(str(text)).casefold(), str(text)


def in_listing_order(submissions):
    """``submissions`` (rows, or named tuples of their category, country and organisation) in the public listing's
    order: by category, in the order of Category; Member States by country name in the active language, the
    others by organisation."""
    categories = list(Category)
    return sorted(
        submissions,
        key=lambda submission: (
            categories.index(submission.category),
            _sort_key(
                country_name(submission.country)
                if submission.category == Category.MEMBER_STATE
                else submission.organisation
            ),
        ),
    )


def group_by_category(submissions):
    """[(heading, [submission, ...]), ...] of ``submissions`` in the listing's order (``in_listing_order``),
    headings in the active language."""
    return [
        (CATEGORY_HEADINGS[category], list(members))
        for category, members in groupby(submissions, key=attrgetter("category"))
    ]


class Status(models.TextChoices):
    # A context of their own: in French and Spanish they agree with "contribution", a feminine noun.
    RECEIVED = "received", pgettext_lazy("submission status", "Received")
    UNDER_REVIEW = "under_review", pgettext_lazy("submission status", "Under review")
    PUBLISHED = "published", pgettext_lazy("submission status", "Published")
    DECLINED = "declined", pgettext_lazy("submission status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("submission status", "Withdrawn")


# Which status may follow which; a decision (published, declined) ends the submitter's right to withdraw.
TRANSITIONS = {
    Status.RECEIVED: {Status.UNDER_REVIEW, Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN},
    Status.UNDER_REVIEW: {Status.RECEIVED, Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN},
    Status.PUBLISHED: {Status.UNDER_REVIEW, Status.DECLINED},
    Status.DECLINED: {Status.UNDER_REVIEW},
    Status.WITHDRAWN: set(),
}


class SubmissionQuerySet(SearchMixin, models.QuerySet):
    def published(self):
        """Published submissions to published calls of published events."""
        return self.filter(published_q(through="call__"), published_q(through="call__event__"), status=Status.PUBLISHED)

    def listed(self):
        """Published submissions with their publishable files, as the public listing shows them
        (submissions/includes/listing.html): only the columns it shows are read, so the submitters' contact
        details never leave the database for a public page. The files are a list per submission
        (``public_files``): a prefetch into each one's related manager would make a queryset for each."""
        return self.listed_rows().prefetch_related(
            Prefetch("files", queryset=SubmissionFile.objects.listed(), to_attr="public_files")
        )

    def listed_rows(self):
        """``listed()`` without the files."""
        return self.filter(status=Status.PUBLISHED).only(*PUBLIC_SUBMISSION_FIELDS)

    def first_of_each_call(self, calls, count):
        """The first ``count`` of each of ``calls`` (keys), by key, in one query (an event page lists a few of each
        call's). Each call's are read along an index that stops at them (submission_call_order): numbering every
        submission of a call instead read them all, and a big consultation receives thousands (1.5 ms of
        PostgreSQL's time at 2,000, ten times that at 20,000)."""
        firsts = (Q(pk__in=self.filter(call=call).order_by("pk").values("pk")[:count]) for call in calls)
        return self.filter(reduce(or_, firsts, Q(pk__in=[])), call__in=calls).order_by("pk")

    def awaiting_review(self):
        return self.filter(status__in=[Status.RECEIVED, Status.UNDER_REVIEW])


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class Submission(ChoiceLabels, QuickLoading, models.Model):
    """A written submission answering a call: who sent it, what, and where it stands."""

    searched_fields = SearchedFields(plain=("organisation", "title"), each_index=True)

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="submissions")
    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    country = CountryField(_("country"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title of the submission"), max_length=300)
    language = models.CharField(_("language of the text"), max_length=2, choices=UNLanguage)
    consent_to_publish = models.BooleanField(_("consent to publication"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RECEIVED)
    submitter_language = models.CharField(
        _("language of the correspondence"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Given with each blank form: the same form sent twice (a double click) is received once.
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Demo content, marked as an example on the public site.")
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the moderators' decision to publish it was taken (change_status), the date of its entry in the feeds:
    # kept when the submission is saved later (its contact details erased), cleared when it leaves publication.
    published_at = PublishedAtField(_("published"), null=True, blank=True, editable=False)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("written submission")
        verbose_name_plural = _("written submissions")
        ordering = ["-created_at"]
        indexes = [
            # The moderation queue's order (the admin adds the id to make it total) and its date hierarchy's first
            # and last days: read from here, not by sorting every submission on each page (16 ms at 20,000).
            models.Index(fields=["-created_at", "-id"], name="submission_received"),
            # The dashboard's count of submissions waiting for a decision, and the queue filtered by status.
            models.Index(fields=["status", "-created_at", "-id"], name="submission_status"),
            # The feeds of published submissions, newest publication first: the first thirty read from here, not
            # by dating and sorting every published submission on each request (56 ms at 20,000).
            models.Index(
                fields=["-published_at", "-id"], condition=Q(status=Status.PUBLISHED), name="submission_published"
            ),
            # A call's first published submissions, as its event's page lists them (first_of_each_call).
            models.Index(fields=["call", "id"], condition=Q(status=Status.PUBLISHED), name="submission_call_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(category="member_state") | ~Q(country=""), name="member_state_has_country"
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.organisation}"

    def get_absolute_url(self):
        return self.addresses()(self)

    @staticmethod
    def addresses():
        """A function of each submission giving its address: its call's page, at its entry."""
        calls = Call.addresses()
        return lambda submission: f"{calls(submission.call)}#{submission.reference}"

    def is_published(self):
        return self.status == Status.PUBLISHED

    def may_be_published(self):
        """Whether publishing it can be done: its sender consented and sent a file to publish (services.change_status
        refuses it otherwise, saying why)."""
        return self.consent_to_publish and self.files.filter(publishable=True).exists()

    @property
    def publication_outcome(self):
        """What the submitter chose about publication, and what follows from it now, in the active language."""
        if self.status == Status.WITHDRAWN:
            return _("You withdrew your submission: it is not published, and will not be.")
        if self.status == Status.DECLINED:
            return _("The reviewers declined your submission: it is not published.")
        if self.status == Status.PUBLISHED and self.consent_to_publish:
            return _(
                "Your submission is published: its files for publication are on the call's page; annexes and your "
                "contact details are never published."
            )
        if self.consent_to_publish:
            return _(
                "You chose to have your submission published. Once the reviewers accept it, its files for "
                "publication appear on the call's page; annexes and your contact details are never published."
            )
        return _(
            "You chose to keep your submission for the record only. The reviewers read it, but it is never "
            "published on this site."
        )

    def can_withdraw(self):
        return Status.WITHDRAWN in TRANSITIONS[self.status]

    def is_held(self):
        """Some file could not be scanned for viruses: it must be scanned again before publication."""
        return any(file.scan_status == ScanStatus.UNAVAILABLE for file in self.files.all())


class ScanStatus(models.TextChoices):
    CLEAN = "clean", pgettext_lazy("virus scan", "Clean")
    INFECTED = "infected", pgettext_lazy("virus scan", "Infected")
    UNAVAILABLE = "unavailable", pgettext_lazy("virus scan", "Not scanned: scanner unavailable")
    SKIPPED = "skipped", pgettext_lazy("virus scan", "Not scanned")


# What a submitter fills in: the public form's fields, the admin's read-only record, the CSV export's columns.
SUBMITTED_FIELDS = (
    "organisation",
    "category",
    "country",
    "contact_name",
    "email",
    "phone",
    "title",
    "language",
    "consent_to_publish",
)


def submission_upload_to(instance, filename):
    # A random name with no trace of what the submitter called it; that is kept in original_name.
    today = timezone.now()
    return f"{today:%Y/%m}/{uuid.uuid4().hex}"


class SubmissionFileQuerySet(models.QuerySet):
    def with_duplicate_flag(self):
        """Annotate ``is_possible_duplicate``: a file with the same content arrived in another submission."""
        others = SubmissionFile.objects.filter(sha256=OuterRef("sha256")).exclude(submission=OuterRef("submission"))
        return self.annotate(is_possible_duplicate=Exists(others))

    def public(self):
        return self.filter(publishable=True, submission__in=Submission.objects.published())

    def listed(self):
        """What the public listing shows of files (submissions/includes/listing.html)."""
        return self.filter(publishable=True).only(*PUBLIC_FILE_FIELDS).order_by("original_name")


class SubmissionFile(QuickLoading, models.Model):
    """A file of a submission, stored privately under a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=submission_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.CharField(_("content type"), max_length=100)
    publishable = models.BooleanField(
        _("may be published"), default=True, help_text=_("The submitter may keep an annex out of publication.")
    )
    scan_status = models.CharField(
        _("virus scan"), max_length=12, choices=ScanStatus, default=ScanStatus.SKIPPED, editable=False
    )
    scan_detail = models.CharField(_("virus scan detail"), max_length=200, blank=True, editable=False)
    findings = models.JSONField(
        _("active content found"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("What the file check flagged for the moderators: scripts, actions, remote resources."),
    )

    objects = SubmissionFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["-publishable", "original_name"]
        indexes = [
            # The moderation queue's "held" and "flagged" columns: the few files not scanned or with findings, so
            # that answering them for a page does not read every file of the archive (9 ms at 20,000 files).
            models.Index(fields=["submission"], condition=Q(scan_status=ScanStatus.UNAVAILABLE), name="file_held"),
            models.Index(fields=["submission"], condition=~Q(findings=[]), name="file_flagged"),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("submissions:file", kwargs={"pk": self.pk, "name": self.original_name})

    @property
    def flags(self):
        """The findings as Finding values, with their translated labels."""
        return [Finding(item["code"], item.get("detail", "")) for item in self.findings or ()]


class Decision(QuickLoading, models.Model):
    """One status change of a submission: who, when, from what, to what, and why."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the submitter acted, through the private status link."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decision log")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.submission.reference}: {self.from_status or '–'} → {self.to_status}"

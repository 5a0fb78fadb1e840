"""What a meeting leaves on record: who spoke in what order, their statements per language, the official records.

Layering: records -> documents -> events. A session's page, API and feeds that show statements are composed here.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.countries import CountryField
from common.fields import URLField
from common.languages import ORDER
from common.models import Publishable, PublishableQuerySet, QuickLoading, published_q
from common.search import SearchedFields, SearchMixin
from documents.models import Document, LanguageFile, random_file_name
from events.models import Session

# The attribute in which a page gives each statement its files, read by a query compiled once (records/views.py).
LISTED_FILES = "listed_files"


class DelegationKind(models.TextChoices):
    STATE = "state", _("Member State or observer State")
    IGO = "igo", _("Intergovernmental organization")
    UN = "un", _("United Nations organ or entity")
    CIVIL_SOCIETY = "civil_society", _("Civil society organization")
    OTHER = "other", _("Other")


class Delegation(QuickLoading, models.Model):
    """Who a speaker speaks for: a State from the UN list, or an organization named in each language."""

    kind = models.CharField(_("kind"), max_length=20, choices=DelegationKind, default=DelegationKind.STATE)
    country = CountryField(_("State"), blank=True, help_text=_("For a State: its name as the UN lists it."))
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("For an organization: its name, e.g. “International Organization for Migration”."),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_(
            "Lowercase letters, digits, hyphens, e.g. “france” or “iom”. Used in the page’s filter and in the "
            "names of files uploaded in a batch (“france-F.pdf”)."
        ),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="state") & ~Q(country="") | ~Q(kind="state") & Q(country=""),
                name="delegation_state_has_country",
                violation_error_message=_("A State delegation names its State; other delegations name none."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The State's UN name in the active language, or the organization's name (with the English fallback)."""
        return self.country.name if self.kind == DelegationKind.STATE else self.name

    def clean(self):
        super().clean()
        if self.kind == DelegationKind.STATE and not self.country:
            raise ValidationError({"country": _("Choose the State.")}, code="state_missing")
        if self.kind != DelegationKind.STATE and self.country:
            raise ValidationError({"country": _("Only a State delegation names a State.")}, code="country_not_state")
        if self.kind != DelegationKind.STATE and not self.name_en:
            raise ValidationError({"name_en": _("Give the organization’s name.")}, code="name_missing")


class StatementQuerySet(SearchMixin, PublishableQuerySet):
    def public(self):
        """Published statements of published sessions of published events."""
        return self.published().filter(published_q(through="session__"), published_q(through="session__event__"))

    def with_files(self):
        """With the delegation and the files the [E | F | S] links need: two queries, whatever the number."""
        return self.select_related("delegation").prefetch_related(
            Prefetch("files", queryset=StatementFile.objects.order_by("language"))
        )


class Statement(Publishable):
    """What one speaker said at a session, in the order of the list of speakers, with a file per language."""

    searched_fields = SearchedFields(("speaker_title",), ("speaker_name",))

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="statements")
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="statements"
    )
    speaker_name = models.CharField(_("speaker"), max_length=200, blank=True, help_text=_("E.g. “Ban Ki-moon”."))
    speaker_title = models.CharField(
        _("speaker’s title"), max_length=300, blank=True, help_text=_("E.g. “Secretary-General”.")
    )
    order = models.PositiveIntegerField(_("order on the list of speakers"), default=0, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    check_against_delivery = models.BooleanField(
        _("check against delivery"),
        default=True,
        help_text=_("The text was posted as prepared: the spoken words prevail."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where this entry on the list of speakers comes from, e.g. a press release symbol. Not shown."),
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["order", "pk"]
        # The feed of new statements: those made public last (common/feeds.py).
        indexes = [
            models.Index(fields=["-published_at"], condition=Q(published_at__isnull=False), name="statement_published")
        ]

    def __str__(self):
        speaker = f" ({self.speaker_name})" if self.speaker_name else ""
        return f"{self.order}. {self.delegation}{speaker}"

    def get_absolute_url(self):
        return self.addresses()(self)

    @staticmethod
    def addresses():
        """A function of each statement giving its address: its session's page, at the statement."""
        sessions = Session.addresses()
        return lambda statement: f"{sessions(statement.session)}#statement-{statement.pk}"

    def sorted_files(self):
        """Files in UN language order: those a page attached (``LISTED_FILES``), else the prefetched ones if any."""
        files = getattr(self, LISTED_FILES, None)
        if files is None:
            files = self.files.all()
        return sorted(files, key=lambda item: ORDER[item.language])


def statement_upload_to(statement_file, filename):
    return random_file_name("statements", filename)


class StatementFile(LanguageFile):
    """A statement in one language: an uploaded file, checked like every document file, or a link to the copy."""

    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"),
        upload_to=statement_upload_to,
        blank=True,
        help_text=_("PDF, DOC, DOCX or ODT, checked by its content. Or give an address instead."),
    )

    class Meta(LanguageFile.Meta):
        verbose_name = _("statement file")
        verbose_name_plural = _("statement files")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "language"],
                name="statement_file_one_per_language",
                violation_error_message=_("This statement already has a file in this language."),
            ),
            LanguageFile.file_or_url("statement_file_or_url", _("Give a file or an address, not both.")),
        ]

    def __str__(self):
        return f"{self.statement} [{self.letter}]"

    def get_absolute_url(self):
        if self.url:
            return self.url
        return reverse("records:download", kwargs={"pk": self.statement_id, "language": self.language})

    @property
    def download_name(self):
        statement = self.statement
        return f"{statement.session.slug}-{statement.order}-{statement.delegation.slug}-{self.letter}.{self.extension}"


class SessionRecord(QuickLoading, models.Model):
    """The official records of one session: verbatim record, press summary, chair's summary, webcast recording."""

    session = models.OneToOneField(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="record")
    verbatim_record = models.ForeignKey(
        Document,
        verbose_name=_("verbatim record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The meeting’s verbatim record, e.g. A/68/PV.25, as a document of the library."),
    )
    press_summary = models.ForeignKey(
        Document,
        verbose_name=_("press summary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The meetings coverage press release, e.g. GA/11434."),
    )
    chairs_summary = models.ForeignKey(
        Document,
        verbose_name=_("chair’s summary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a round table: the summary by its chair or co-chairs."),
    )
    recording_url = URLField(
        _("webcast recording address"), blank=True, help_text=_("The meeting’s recording, e.g. on UN Web TV.")
    )

    class Meta:
        verbose_name = _("session record")
        verbose_name_plural = _("session records")

    def __str__(self):
        return str(self.session)

    def documents(self):
        """(label, document) for each record that is published, in the UN's order."""
        pairs = (
            (_("Verbatim record"), self.verbatim_record),
            (_("Press summary"), self.press_summary),
            (_("Chair’s summary"), self.chairs_summary),
        )
        return [(label, document) for label, document in pairs if document and document.is_published()]

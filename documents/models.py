import re
import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from common.compiled import CompiledQuery, attach
from common.fields import RichTextField, URLField
from common.languages import LETTERS, NATIVE_NAMES, ORDER, UNLanguage
from common.models import (
    ChoiceLabels,
    Publishable,
    PublishableQuerySet,
    QuickLoading,
    published_q,
    with_translations,
)
from common.ordering import nulls_largest
from common.search import FROM_STATISTICS, SEARCH_LIMIT, SearchedFields, text_search
from common.urls import page_urls, slug_addresses
from events.models import Event
from uploads.kinds import KINDS

from .symbols import normalise_symbol, symbol_slug, validate_symbol

# What PublishableQuerySet.published() reads: carried by the list indexes.
PUBLISHED_FIELDS = ["status", "publish_from"]


class DocumentType(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    SG_REPORT = "sg_report", _("Report of the Secretary-General")
    REPORT = "report", _("Report")
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PROGRAMME = "programme", _("Programme")
    STATEMENT = "statement", _("Statement")
    WRITTEN_SUBMISSION = "written_submission", _("Written submission")
    OTHER = "other", _("Other")


class Reissue(models.TextChoices):
    ADDENDUM = "addendum", _("Addendum")
    CORRIGENDUM = "corrigendum", _("Corrigendum")
    REVISION = "revision", _("Revision")


class SymbolField(models.CharField):
    """A UN document symbol, stored in its normal form."""

    default_validators = [validate_symbol]

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_symbol(value) if value else value


class Codes(models.Aggregate):
    """The values of a group's rows in one string, separated by spaces, in no order."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


# Where ``with_versions`` puts a document's versions.
LISTED_VERSIONS = "listed_versions"


class DocumentQuerySet(PublishableQuerySet):
    def newest_first(self):
        """By date, newest first, then symbol: the order of the library and its index (document_list_order). An
        undated document comes first on either database, where PostgreSQL's index holds it (common/ordering.py)."""
        return self.order_by(nulls_largest("-date"), "symbol", "pk")

    def with_versions(self):
        """Each document's versions in a list (``sorted_versions``): a list per row, where a prefetch into the
        related manager makes a queryset for each of them (14 µs a row, a third of what the versions cost a list)."""
        return self.prefetch_related(Prefetch("versions", to_attr=LISTED_VERSIONS))

    def in_language(self, language):
        # A subquery, not a join: no duplicate rows, so no DISTINCT over every column.
        return self.filter(pk__in=Version.objects.filter(language=language).values("document"))

    def with_languages(self):
        """The codes of the UN languages each document has a version in, as ``language_codes`` (in one string
        separated by spaces, in no order; None without versions): one probe of the (document, language) index per
        row, where a subquery per language took six and loading every version would build a model object for each."""
        # A value, not Exists: under a LIMIT, PostgreSQL would answer Exists by hashing every version of the
        # language in the archive (30 ms each at 100,000 documents), where a value is probed per listed row.
        codes = Version.objects.filter(document=OuterRef("pk")).order_by().values("document")
        return self.annotate(language_codes=Subquery(codes.annotate(codes=Codes("language")).values("codes")))

    def of_event(self, event, first_day=None, last_day=None):
        """The documents of the event whose key is ``event``, newest first (dated between ``first_day`` and
        ``last_day`` if given), read along the event's links in their documents' date order (the index
        event_document_dates). Filtered through the documents instead, PostgreSQL walked the whole library newest
        first to find them, expecting an event's documents among every date: at 100,000 documents the 2,000 of an
        event whose newest are a year old cost 7,750 documents read, 52 ms. By the event's key, not its slug:
        PostgreSQL then estimates the event's documents from the links' statistics."""
        # One filter(), so that both conditions are on the same link: the event's.
        on_event = event_links(event, first_day, last_day, through="event_links__")
        return self.filter(**on_event).order_by(nulls_largest("-event_links__document_date"), "symbol", "pk")

    def filtered(self, *, doc_type=None, event=None, first_day=None, last_day=None, language=None):
        """The library's filters, those given: a type, an event's key, dates (a year's first and last days), a
        language its versions are in. An event's documents come ordered along its links (``of_event``), in the
        library's order: newest first, then by symbol."""
        documents = self
        if doc_type:
            documents = documents.filter(doc_type=doc_type)
        if event:
            documents = documents.of_event(event, first_day, last_day)
        elif first_day:
            documents = documents.filter(date__range=(first_day, last_day))
        if language:
            documents = documents.in_language(language)
        return documents

    def for_lists(self):
        """Only the columns a list's row shows (its link, title, symbol, type and date): a row of the library or of
        the search costs a third less to read and build than with the document's twenty other columns."""
        return self.only("slug", "symbol", "doc_type", "date", *with_translations("title"))

    def search(self, text, language, top=SEARCH_LIMIT, newest_block=FROM_STATISTICS):
        """Full-text search, the best ``top`` matches; a document whose symbol is the text itself comes first (a
        compiled search's text also reaches the SQL as a symbol: ``normalise_symbol`` is one of its forms)."""
        exact = Case(When(symbol=normalise_symbol(text), then=Value(1)), default=Value(0))
        ordering = ("-exact_symbol", "-rank", "-date")
        return text_search(self.annotate(exact_symbol=exact), text, language, ordering, top, newest_block)

    def by_symbol(self, symbol):
        return self.filter(symbol=normalise_symbol(symbol))


class Document(ChoiceLabels, Publishable):
    """A UN text cited by its symbol, with one version per language."""

    searched_fields = SearchedFields(("title", "description"), ("symbol",), title_vectors=True, newest_first=True)

    symbol = SymbolField(
        _("symbol"),
        max_length=80,
        blank=True,
        help_text=_("The UN symbol, e.g. A/RES/63/225 or A/68/292/Add.1. Leave empty for documents without one."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The document's address."))
    title = models.CharField(_("title"), max_length=400)
    description = RichTextField(_("description"))
    doc_type = models.CharField(_("type"), max_length=30, choices=DocumentType, default=DocumentType.OTHER)
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("The date the document bears."))
    original_language = models.CharField(
        _("original language"), max_length=2, choices=UNLanguage, blank=True, help_text=_("As in “Original: English”.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reissue of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reissues",
        help_text=_("For a corrigendum, addendum or revision: the document it corrects or adds to."),
    )
    reissue = models.CharField(_("reissue kind"), max_length=20, choices=Reissue, blank=True)
    other_documents = models.ManyToManyField(
        "self",
        verbose_name=_("other documents"),
        symmetrical=False,
        blank=True,
        related_name="listed_under",
        help_text=_("Listed under this document as “Other documents”: related texts a reader may want next."),
    )
    events = models.ManyToManyField(
        Event, through="EventDocument", verbose_name=_("events"), related_name="documents", blank=True
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "symbol"]
        indexes = [
            # The library's and the admin's order, so that a page of a million documents is read from an index,
            # in full and filtered by type (a year is a range of the first). They end with what published() tests
            # (after the unique id, so the order is the same), so that counting a list's first LIST_LIMIT rows reads
            # the index alone, not a row per document: 6 ms to 0.3 ms for a type at 100,000 documents. Key columns,
            # not INCLUDE, which SQLite lacks.
            models.Index(fields=["-date", "symbol", "id", *PUBLISHED_FIELDS], name="document_list_order"),
            models.Index(
                fields=["doc_type", "-date", "symbol", "id", *PUBLISHED_FIELDS], name="document_type_list_order"
            ),
            # Whether a document found by its key is public, from the index alone: an event's documents in the
            # library are counted by a probe each (DocumentQuerySet.of_event), 16.5 -> 7.7 ms for a thousand.
            models.Index(fields=["id", *PUBLISHED_FIELDS], name="document_published_by_key"),
            # The admin's list sorted by symbol (its other sortable columns use the two indexes above).
            models.Index(fields=["symbol", "-date", "id"], name="document_symbol_order"),
            # The dashboard's drafts and scheduled documents, a few among a million.
            models.Index(fields=["status", "publish_from"], name="document_status"),
            # The feed of new documents: those made public last (common/feeds.py).
            models.Index(fields=["-published_at"], condition=Q(published_at__isnull=False), name="document_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"],
                condition=~Q(symbol=""),
                name="document_symbol_unique",
                violation_error_message=_("Another document already has this symbol."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, reissue="") | Q(parent__isnull=False) & ~Q(reissue=""),
                name="document_reissue_has_parent",
                violation_error_message=_("A reissue needs both the document it reissues and its kind."),
            ),
        ]

    def __str__(self):
        return f"{self.symbol} – {self.title}" if self.symbol else self.title

    def clean(self):
        super().clean()
        # The database's rule (document_reissue_has_parent), said beside the field that is missing, so that the
        # admin opens the folded "Reissue" section that holds it.
        message = _("A reissue needs both the document it reissues and its kind.")
        if self.reissue and self.parent_id is None:
            raise ValidationError({"parent": message}, code="reissue_without_parent")
        if self.parent_id is not None and not self.reissue:
            raise ValidationError({"reissue": message}, code="reissue_without_kind")

    # A function of each document giving its address (common.templatetags.portal.Rows).
    addresses = partial(slug_addresses, "documents:detail")

    def get_absolute_url(self):
        return self.addresses()(self)

    @property
    def official_url(self):
        return f"https://undocs.org/{self.symbol}" if self.symbol else ""

    @property
    def file_stem(self):
        return symbol_slug(self.symbol) if self.symbol else self.slug

    def sorted_versions(self):
        """Versions in UN language order; uses the prefetched versions when there are some (``with_versions``)."""
        versions = getattr(self, LISTED_VERSIONS, None)
        if versions is None:
            versions = self.versions.all()
        return sorted(versions, key=lambda version: ORDER[version.language])


class EventRole(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    BACKGROUND = "background", _("Background")
    PREPARATORY = "preparatory", _("Preparatory document")
    OUTCOME = "outcome", _("Outcome")
    OTHER = "other", _("Other document")


# The most "other documents" an event page lists; the library lists them all (its filter by event).
EVENT_PAGE_OTHER_DOCUMENTS = 20
EVENT_PAGE_ORDER = ("order", "document__date", "pk")
# What an event page shows of a link and its document (documents/templatetags/document_rows.py, the mandates):
# the row numbering reads its query twice, so every column left out is saved twice.
EVENT_PAGE_FIELDS = (
    "event", "role", "order", "paragraphs", *with_translations("note"),
    "document__slug", "document__symbol", *with_translations("title", prefix="document__"),
)  # fmt: skip


def event_links(event, first_day=None, last_day=None, through=""):
    """The conditions on the links of the event whose key is ``event`` (dated between ``first_day`` and ``last_day``
    if given), links reached through ``through``."""
    dated = {f"{through}document_date__range": (first_day, last_day)} if first_day else {}
    return {f"{through}event": event, **dated}


class EventDocumentQuerySet(models.QuerySet):
    def of_public_documents(self, event, first_day=None, last_day=None):
        """The links of the event whose key is ``event`` (or an ``OuterRef`` to it), dated between ``first_day`` and
        ``last_day`` if given, to published documents, known by the state each link keeps of its document
        (documents/link_state.py): the library counts an event's documents, and finds the events that have some, from
        the index event_document_dates alone."""
        return self.filter(published_q(through="document_"), **event_links(event, first_day, last_day))

    def public(self):
        """Links to published documents, with their documents (documents/event_page.py reads their versions)."""
        return self.filter(published_q(through="document__")).select_related("document").order_by(*EVENT_PAGE_ORDER)

    def for_event_page(self, event):
        """The public links of ``event``'s page: every one of a named role (mandates, reports, outcome...), and the
        first EVENT_PAGE_OTHER_DOCUMENTS + 1 "other documents", the one more saying that there are more. Those are
        read along an index that stops at them (event_document_roles): numbering every link instead made an event
        of two thousand documents cost 8.7 ms of PostgreSQL's time on each visit, and ten times that at twenty
        thousand."""
        first_others = (
            self.public()
            .filter(event=event, role=EventRole.OTHER)
            .order_by("order", "document_date", "pk")
            .values("pk")[: EVENT_PAGE_OTHER_DOCUMENTS + 1]
        )
        return (
            self.public()
            .only(*EVENT_PAGE_FIELDS)
            .filter(~Q(role=EventRole.OTHER) | Q(pk__in=first_others), event=event)
        )


# "10", "10(a)", "10 (a)", separated by commas.
PARAGRAPHS = r"^\s*\d+\s*(\([a-z]{1,4}\))?(\s*,\s*\d+\s*(\([a-z]{1,4}\))?)*\s*$"
PARAGRAPH = re.compile(r"(\d+)\s*(?:\(([a-z]{1,4})\))?")


class EventDocument(ChoiceLabels, QuickLoading, models.Model):
    """A document's place in an event: the resolutions that mandate it, its reports, its outcome."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="event_links"
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole, default=EventRole.OTHER)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("E.g. the paragraphs cited: “paragraphs 10(a) and 15”.")
    )
    paragraphs = models.CharField(
        _("paragraphs cited"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                PARAGRAPHS,
                _("Write the paragraphs as the document numbers them, separated by commas: “10(a), 15”."),
                code="paragraphs",
            )
        ],
        help_text=_("As the document numbers them, e.g. “10(a), 15”: shown in each language, linked to the text."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # The document's date and publication state, kept by the database (documents/link_state.py): a link written by
    # save(), bulk_create or COPY takes them, a document's new date or state reaches its links. The library filtered
    # by an event reads the event's documents newest first along the index below (DocumentQuerySet.of_event), and
    # counts its public ones from that index alone (EventDocumentQuerySet.of_public_documents).
    document_date = models.DateField(_("document date"), null=True, editable=False)
    document_status = models.CharField(_("document status"), max_length=10, default="", editable=False)
    document_publish_from = models.DateTimeField(_("document published from"), null=True, editable=False)

    objects = EventDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "document"], name="event_document_unique")]
        indexes = [
            models.Index(
                fields=["event", "-document_date", "document"],
                include=["document_status", "document_publish_from"],
                name="event_document_dates",
            ),
            # An event page's links by role, and its first "other documents" in their order (for_event_page).
            models.Index(fields=["event", "role", "order", "document_date", "id"], name="event_document_roles"),
        ]

    def __str__(self):
        return f"{self.event} – {self.document}"

    def cited_paragraphs(self):
        """The paragraphs cited, as (number, subparagraph) pairs: "10(a), 15" is [("10", "a"), ("15", "")]."""
        return [(number, sub or "") for number, sub in PARAGRAPH.findall(self.paragraphs)]


def random_file_name(folder, filename):
    """A random name in ``folder`` with ``filename``'s extension: the readable name is made at download time."""
    return f"{folder}/{uuid.uuid4().hex}.{filename.rpartition('.')[2].lower()[:5]}"


def version_upload_to(version, filename):
    return random_file_name("documents", filename)


class LanguageFile(ChoiceLabels, QuickLoading, models.Model):
    """A text in one UN language: an uploaded file, checked by its content (``LanguageFileForm``), or a link to the
    official copy. Document versions and statements' files are both this."""

    language = models.CharField(_("language"), max_length=2, choices=UNLanguage)
    file = models.FileField(
        _("file"), blank=True, help_text=_("PDF, DOC, DOCX or ODT, checked by its content. Or give an address instead.")
    )
    url = URLField(
        _("address"), max_length=500, blank=True, help_text=_("A link to the official copy instead of a file.")
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["language"]

    @staticmethod
    def file_or_url(name, message):
        """The database rule that each row holds a file or an address, never both nor neither."""
        return models.CheckConstraint(
            condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")), name=name, violation_error_message=message
        )

    @property
    def letter(self):
        return LETTERS[self.language]

    @property
    def native_name(self):
        return NATIVE_NAMES[self.language]

    @property
    def format_label(self):
        return next((kind.label for kind in KINDS.values() if kind.content_type == self.content_type), "")

    @property
    def extension(self):
        return self.file.name.rpartition(".")[2] if self.file else "pdf"


class Version(LanguageFile):
    """A document in one language: an uploaded file or a link to the official copy."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    file = models.FileField(
        _("file"),
        upload_to=version_upload_to,
        blank=True,
        help_text=_("PDF, DOC, DOCX or ODT, checked by its content. Or give an address instead."),
    )

    class Meta(LanguageFile.Meta):
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="version_one_per_language",
                violation_error_message=_("This document already has a version in this language."),
            ),
            LanguageFile.file_or_url("version_file_or_url", _("Give a file or an address for this version, not both.")),
        ]
        indexes = [
            # The documents available in a language (the admin's and the library's filter): a rare language's few
            # versions are read from here instead of a scan of every version.
            models.Index(fields=["language", "document"], name="version_language"),
        ]

    def __str__(self):
        return f"{self.document} [{self.letter}]"

    def get_absolute_url(self):
        return self.address(downloads())

    def address(self, downloads):
        """The official copy's address, or the file's download page from ``downloads()`` (its shape looked up once
        for a list's many versions)."""
        return self.url or downloads(self.document.slug, self.language)

    @property
    def download_name(self):
        return f"{self.document.file_stem}-{self.letter}.{self.extension}"


def downloads():
    """The versions' download addresses, a function of a document's slug and a language (common.urls.page_urls)."""
    return page_urls("documents:download", "slug", "language")


# Documents' versions in one query compiled once (common/compiled.py), for documents a CompiledQuery read.
LISTED = CompiledQuery(
    lambda documents: Version.objects.filter(document__in=documents), documents="keys", prepared=True
)


def attach_versions(documents):
    """Give each of ``documents`` (a list) its versions, as ``with_versions()`` does (``sorted_versions``)."""
    # Each key once: an event lists a document under two roles as two links.
    keys = list(dict.fromkeys(document.pk for document in documents))
    attach(documents, LISTED_VERSIONS, LISTED(documents=keys), "document")
    return documents

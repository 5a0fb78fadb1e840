import functools

from django.contrib import admin
from django.db.models import Max, Min
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from common.admin import (
    HistoryAdmin,
    LabelledInlineMixin,
    ListRowsMixin,
    PrintableTextAdminMixin,
    PublicationFilter,
    PublishableAdminMixin,
    TranslationStatusMixin,
    YearListFilter,
)
from common.languages import LETTERS, UNLanguage
from common.pagination import AdminPaginator

from .forms import DocumentAdminForm, VersionForm
from .models import Document, EventDocument, Version


@functools.cache
def version_letters(codes):
    """The letters of the languages of ``codes`` (DocumentQuerySet.with_languages), in UN order: a few strings
    that every row of a list repeats, so each is worked out once."""
    present = set(codes.split()) if codes else ()
    return " ".join(LETTERS[code] for code in UNLanguage.values if code in present) or "—"


class VersionInline(LabelledInlineMixin, PrintableTextAdminMixin, admin.TabularInline):
    model = Version
    form = VersionForm
    extra = 0
    fields = ("language", "file", "url", "size", "content_type")
    readonly_fields = ("size", "content_type")


class EventDocumentInline(LabelledInlineMixin, PrintableTextAdminMixin, TranslationTabularInline):
    model = EventDocument
    extra = 0
    autocomplete_fields = ("event",)
    fields = ("event", "role", "paragraphs", "note", "order")


class AvailableLanguageFilter(admin.SimpleListFilter):
    title = _("language available")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return UNLanguage.choices

    def queryset(self, request, queryset):
        if self.value() in UNLanguage.values:
            return queryset.in_language(self.value())
        return queryset


class DocumentYearFilter(YearListFilter):
    date_field = "date"

    def lookups(self, request, model_admin):
        # Every year from the first date to the last: two reads of the date index, where the distinct years of a
        # million documents would be a scan of them all.
        span = Document.objects.aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is None:
            return []
        return [(str(year), str(year)) for year in range(span["last"].year, span["first"].year - 1, -1)]


@admin.register(Document)
class DocumentAdmin(
    PrintableTextAdminMixin,
    ListRowsMixin,
    TranslationStatusMixin,
    PublishableAdminMixin,
    HistoryAdmin,
    TabbedTranslationAdmin,
):
    inlines = (VersionInline, EventDocumentInline)
    list_display = ("symbol", "title", "doc_type", "date", "languages", "publication", "translation_status")
    list_display_links = ("symbol", "title")
    # Not "title": modeltranslation would leave out all its languages, which the columns read. "description" takes
    # all its languages out (a third of what PostgreSQL sent for a page of rows); the translation column reads
    # whether they hold text from TranslationStatusMixin's annotations.
    list_defer = (
        "slug",
        "description",
        "original_language",
        "parent",
        "reissue",
        "published_at",
        "created_at",
        "updated_at",
    )
    list_filter = (PublicationFilter, "doc_type", DocumentYearFilter, AvailableLanguageFilter)
    # Searched like the library (common/search.py: words in any language, a part of the symbol), from indexes.
    search_fields = ("symbol", "title_en", "title_fr", "title_es", "slug")
    # A million documents: count at most LIST_LIMIT of them, once (common/pagination.py).
    paginator = AdminPaginator
    show_full_result_count = False
    # The index's own order (document_list_order), total, so the admin adds no "-pk" the index cannot serve.
    ordering = ("-date", "symbol", "pk")
    # The columns whose order an index serves both ways (document_list_order, document_symbol_order): sorting a
    # million documents by title, type or status would read and sort them all. A type is a filter instead.
    sortable_by = ("symbol", "date")
    form = DocumentAdminForm
    autocomplete_fields = ("parent", "other_documents")
    fieldsets = (
        (None, {"fields": ("symbol", "title", "slug", "doc_type", "date", "original_language", "description")}),
        (_("Reissue"), {"fields": ("parent", "reissue"), "classes": ("collapse",)}),
        (_("Other documents"), {"fields": ("other_documents",)}),
        (_("Publishing"), {"fields": (("status", "publish_from"),)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_languages()

    def get_search_results(self, request, queryset, search_term):
        """Documents holding every word (any language, any order) or a part of the symbol, or with this slug:
        the library's indexed search instead of LIKE over four columns of every row."""
        if not search_term.strip():
            return queryset, False
        found = Document.objects.all().search(search_term, get_language()).order_by().values("pk")
        # A UNION, not an OR beside the subquery: an OR would test every row of the list against both.
        with_slug = found.union(Document.objects.filter(slug=search_term.strip()).order_by().values("pk"))
        return queryset.filter(pk__in=with_slug), False

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return version_letters(obj.language_codes)

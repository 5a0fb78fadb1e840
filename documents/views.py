from django.core.validators import slug_re
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, View

from common import search
from common.compiled import CompiledQuery
from common.languages import UNLanguage
from common.models import in_active_language
from common.pagination import BoundedPaginator, ByKeys, CompiledList, NearestPageMixin
from common.views import PreviewMixin, PublishedMixin, can_preview
from delivery.downloads import stored_file_response
from events.models import Event

from . import forms
from .forms import LibraryFilterForm
from .models import Document, EventDocument, Version, attach_versions
from .symbols import looks_like_symbol, normalise_symbol


def library(**filters):
    """The library's documents, newest first, filtered (``DocumentQuerySet.filtered``)."""
    return Document.objects.published().for_lists().newest_first().filtered(**filters)


def library_keys(**filters):
    """The keys of ``library(**filters)``, as its count reads them. An event's documents, filtered by nothing else than
    a year, are counted from the event's links alone (``EventDocumentQuerySet.of_public_documents``): reaching each
    document's row to know whether it is public cost PostgreSQL 3 ms for an event of a thousand documents."""
    if filters["event"] and not (filters["doc_type"] or filters["language"]):
        links = EventDocument.objects.of_public_documents(filters["event"], filters["first_day"], filters["last_day"])
        return links.values_list("document", flat=True)
    return library(**filters).values_list("pk", flat=True)


def with_public_documents():
    """Whether an event has public documents: an event whose documents are all drafts or scheduled would list none.
    EXISTS per event, answered from the links' index (their documents' state is on them, documents/link_state.py),
    not IN over every link of every document."""
    return Exists(EventDocument.objects.of_public_documents(OuterRef("pk")))


def filter_events(slug):
    """The (slug, title, key) of the first FILTER_EVENTS + 1 published events with public documents, newest first,
    then that of the event ``slug`` if it is older (linked from its page): one query, where the older event cost a
    second one."""
    newest = ("-start_date", "-pk")
    events = Event.objects.published()
    offered = events.filter(with_public_documents())
    first = offered.order_by(*newest).values("pk")[: forms.FILTER_EVENTS + 1]
    # Each a set of keys read once (PostgreSQL's hashed subplans): an EXISTS beside the slug in the OR was tested for
    # every event past the fifty-first: 3.2-3.4 ms of PostgreSQL's time at 504 events, against 0.57 ms so.
    chosen = events.filter(Q(pk__in=first) | Q(pk__in=offered.filter(slug=slug).values("pk"))).order_by(*newest)
    return chosen.annotate(label=in_active_language("title")).values_list("slug", "label", "pk")


# The events the library's filter offers (documents/forms.py).
FILTER_EVENTS = CompiledQuery(filter_events, slug="text", prepared=True)

# The library's filters as slots: its pages compiled once for each set of filters asked (common/compiled.py).
FILTER_SLOTS = {"doc_type": "text", "event": "key", "first_day": "date", "last_day": "date", "language": "text"}
LIBRARY = CompiledList(Document, library, keys=library_keys, **FILTER_SLOTS)
# A search's keys in its order, then a page's rows by their keys (common.pagination.ByKeys).
LIBRARY_SEARCH = search.CompiledRanking(
    Document,
    lambda text, newest_block, **filters: library(**filters).search(text, get_language(), newest_block=newest_block),
    forms=(normalise_symbol,),
    **FILTER_SLOTS,
)
LISTED_BY_KEYS = CompiledQuery(
    lambda keys: Document.objects.published().for_lists().filter(pk__in=keys), keys="keys", prepared=True
)


class LibraryView(NearestPageMixin, ListView):
    """All published documents, filtered and searched; a symbol typed in the box leads to its document.

    The list counts and pages through its first ``LIST_LIMIT`` documents only (common/pagination.py), so that it
    costs the same at a million documents as at ten; beyond them, the filters narrow the list.
    """

    template_name = "documents/library.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    cached_query_params = ("event", "language", "page", "q", "type", "year")
    free_text_query_params = ("q",)

    def get(self, request, *args, **kwargs):
        chosen = request.GET.get("event", "")
        # Only what can be a slug is looked up: anything else is refused by the form's own check, with its message.
        events = FILTER_EVENTS(slug=chosen if slug_re.match(chosen) else "")
        self.form = LibraryFilterForm(request.GET or None, events=events)
        query = request.GET.get("q", "")
        # A symbol leads to its document unless a filter was chosen too, which the document may not pass.
        filtered = any(request.GET.get(name) for name in ("event", "language", "type", "year"))
        if looks_like_symbol(query) and not filtered:
            document = Document.objects.published().by_symbol(query).first()
            if document:
                return redirect(document)
        return super().get(request, *args, **kwargs)

    @property
    def searched(self):
        return bool(self.form.query)

    def get_queryset(self):
        filters = self.form.filters()
        if not self.searched:
            return LIBRARY.pages(**filters)
        # Last: a search lists its best matches among the documents the other filters keep, ranked once, by key,
        # for both the count and the page.
        return ByKeys(LIBRARY_SEARCH(self.form.query, **filters), rows=LISTED_BY_KEYS, model=Document)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        # The page's versions in one query compiled once (documents.models.attach_versions), not a prefetch built
        # for each page.
        page.object_list = attach_versions(list(rows))
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        # A search ranks and counts at most SEARCH_LIMIT matches: at the cap there may be more.
        searched = self.searched
        paginator = context["paginator"]
        context["searched"] = searched
        context["more_than_counted"] = paginator.more or (searched and paginator.count >= search.SEARCH_LIMIT)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


# A document page's own queries, compiled once (common/compiled.py).
DOCUMENT_EVENTS = CompiledQuery(
    lambda document, preview: Event.objects.visible(preview).cards().filter(documents=document).order_by("start_date"),
    document="key",
    preview="choice",
    prepared=True,
)
REISSUES = CompiledQuery(
    lambda document, preview: Document.objects.visible(preview).filter(parent=document).order_by("symbol"),
    document="key",
    preview="choice",
    prepared=True,
)
OTHER_DOCUMENTS = CompiledQuery(
    lambda document: Document.objects.published().filter(listed_under=document), document="key", prepared=True
)


class DocumentDetailView(PublishedMixin, DetailView):
    model = Document
    template_name = "documents/document_detail.html"
    compiled_object = CompiledQuery(
        lambda slug, preview: Document.objects.visible(preview).select_related("parent").filter(slug=slug),
        slug="text",
        preview="choice",
        prepared=True,
    )

    def get_context_data(self, **kwargs):
        # Read on first use: a body served from its fragment needs none of it.
        return super().get_context_data(page=SimpleLazyObject(lambda: self.page(self.object)), **kwargs)

    def page(self, document):
        """The language versions, events, other documents and reissues the page lists."""
        preview = self.is_preview()
        reissues = REISSUES(document=document.pk, preview=preview)
        others = OTHER_DOCUMENTS(document=document.pk)
        attach_versions([document, *reissues, *others])
        return {
            "versions": document.sorted_versions(),
            "events": DOCUMENT_EVENTS(document=document.pk, preview=self.is_preview(Event)),
            "reissues": reissues,
            "other_documents": others,
        }


class SymbolRedirectView(View):
    """A stable address by symbol: /en/documents/symbol/A/68/292/ leads to the document's page."""

    def get(self, request, symbol):
        if not looks_like_symbol(symbol):
            raise Http404
        document = get_object_or_404(Document.objects.published().by_symbol(symbol))
        return redirect(document, permanent=False)


class DownloadView(PreviewMixin, View):
    """A version's file, with its type and a readable name; never rendered inline unless it is a PDF."""

    def get(self, request, slug, language):
        if language not in UNLanguage.values:
            raise Http404
        # Those who may preview documents open a draft's files from its preview page, whose links carry no
        # ?preview=1 (as they open a draft's lead photo); no cache keeps such a file.
        editor = can_preview(request.user, Document)
        version = get_object_or_404(
            Version.objects.select_related("document").filter(document__in=Document.objects.visible(editor)),
            document__slug=slug,
            language=language,
        )
        if not version.file:
            raise Http404
        response = stored_file_response(
            version.file,
            content_type=version.content_type,
            filename=version.download_name,
            as_attachment=version.content_type != "application/pdf",
            language=version.language,
        )
        if not version.document.is_published():
            add_never_cache_headers(response)
        return response

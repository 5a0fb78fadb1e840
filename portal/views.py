from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.compiled import CompiledQuery
from common.models import published_q
from common.search import CompiledSearch
from documents.models import Document, attach_versions
from documents.symbols import looks_like_symbol, normalise_symbol
from events.models import Event, Session
from records.models import Statement
from submissions.models import PUBLIC_SUBMISSION_FIELDS, Call, Submission

from .forms import SearchForm

# The home page's queries, compiled once (common/compiled.py).
FEATURED_EVENTS = CompiledQuery(lambda: Event.objects.published().featured().order_by("-start_date")[:1], prepared=True)
RECENT_EVENTS = CompiledQuery(
    lambda: Event.objects.published().filter(is_featured=False).cards().order_by("-start_date")[:5], prepared=True
)
LATEST_DOCUMENTS = CompiledQuery(lambda: Document.objects.published().newest_first()[:6], prepared=True)


class HomeView(TemplateView):
    """The featured events first, then recent events and the latest documents."""

    template_name = "portal/home.html"
    cached_query_params = ()

    def get_context_data(self, **kwargs):
        # Read on first use: a body served from its fragment needs none of them.
        return super().get_context_data(
            featured_events=SimpleLazyObject(FEATURED_EVENTS),
            events=SimpleLazyObject(RECENT_EVENTS),
            documents=SimpleLazyObject(lambda: attach_versions(LATEST_DOCUMENTS())),
            **kwargs,
        )


# What each kind's result shows (portal/templatetags/results.py): a result reads these columns and no others.
STATEMENT_FIELDS = (
    "speaker_name",
    "session__slug",
    "session__title",
    "session__event__slug",
    "session__event__title",
    *("delegation__kind", "delegation__country", "delegation__name"),
)


def searches(per_kind):
    """The search page's kinds: each one's name, heading and search, compiled once (common.search.CompiledSearch),
    of its first ``per_kind`` results.

    Each kind reads only what its result shows (portal/templatetags/results.py): no contact details. Each search
    ranks and keeps its first ``per_kind`` matches in its subquery, so the query around reads those alone.
    """

    def each_kind(model, build, **options):
        return CompiledSearch(model, build, per_kind, **options)

    return [
        (
            "event",
            _("Events"),
            each_kind(
                Event,
                lambda text, newest_block: (
                    Event.objects.published()
                    .search(text, get_language(), ("-rank", "-start_date"), per_kind, newest_block)
                    .only("slug", "title", "start_date", "end_date", "city")[:per_kind]
                ),
            ),
        ),
        (
            "session",
            _("Sessions"),
            each_kind(
                Session,
                lambda text, newest_block: (
                    Session.objects.published()
                    .filter(published_q(through="event__"))
                    .search(text, get_language(), ("-rank", "date"), per_kind, newest_block)
                    .select_related("event")
                    .only("slug", "title", "date", "event__slug", "event__title")[:per_kind]
                ),
            ),
        ),
        (
            "statement",
            _("Statements"),
            each_kind(
                Statement,
                lambda text, newest_block: (
                    Statement.objects.public()
                    .search(text, get_language(), ("-rank", "order"), per_kind, newest_block)
                    .select_related("delegation", "session__event")
                    .only(*STATEMENT_FIELDS)[:per_kind]
                ),
            ),
        ),
        (
            "document",
            _("Documents"),
            each_kind(
                Document,
                lambda text, newest_block: (
                    Document.objects.published()
                    .for_lists()
                    .search(text, get_language(), per_kind, newest_block)[:per_kind]
                ),
                forms=(normalise_symbol,),
            ),
        ),
        (
            "call",
            _("Calls for submissions"),
            each_kind(
                Call,
                lambda text, newest_block: (
                    Call.objects.published()
                    .search(text, get_language(), top=per_kind, newest_block=newest_block)
                    .select_related("event")
                    .only("slug", "title", "opens_at", "closes_at", "event__title", "event__starts_at")[:per_kind]
                ),
            ),
        ),
        (
            "submission",
            _("Written submissions"),
            each_kind(
                Submission,
                lambda text, newest_block: (
                    Submission.objects.published()
                    .search(text, get_language(), top=per_kind, newest_block=newest_block)
                    .select_related("call")
                    .only(*PUBLIC_SUBMISSION_FIELDS, "call__slug")[:per_kind]
                ),
            ),
        ),
    ]


# The results of each kind the search page shows; it asks for one more, to know whether there are more.
SHOWN_PER_KIND = 20
SEARCHES = searches(SHOWN_PER_KIND + 1)


class SearchView(TemplateView):
    """One search box for events, sessions, documents and published submissions; a UN symbol leads to its document."""

    template_name = "portal/search.html"
    cached_query_params = ("q",)
    free_text_query_params = ("q",)

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET or None)
        self.query = self.form.cleaned_data["q"] if self.form.is_valid() else ""
        if looks_like_symbol(self.query):
            document = Document.objects.published().by_symbol(self.query).first()
            if document:
                return redirect(document)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, query=self.query, **kwargs)
        if not self.query:
            return context
        found = [(label, kind, list(search(self.query))) for kind, label, search in SEARCHES]
        # Each kind's first results, and whether it has more than those: the count must not pass them for all.
        groups = [
            (label, kind, results[:SHOWN_PER_KIND], len(results) > SHOWN_PER_KIND) for label, kind, results in found
        ]
        # The documents' versions in one query compiled once (documents.models.attach_versions), not a prefetch.
        attach_versions(next(results for _label, kind, results, _more in groups if kind == "document"))
        context["groups"] = groups
        context["total"] = sum(len(results) for _label, _kind, results, _more in groups)
        context["more"] = any(more for _label, _kind, _results, more in groups)
        context["shown_per_kind"] = SHOWN_PER_KIND
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain"

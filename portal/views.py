from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common.compiled import CompiledQuery
from common.models import published_q
from documents.models import Document, attach_versions
from documents.symbols import looks_like_symbol
from events.models import Event, Session
from records.models import Statement
from submissions.models import PUBLIC_SUBMISSION_FIELDS, Call, Submission

from .forms import SearchForm

# The home page's queries, compiled once (common/compiled.py).
FEATURED_EVENTS = CompiledQuery(lambda: Event.objects.published().featured().order_by("-start_date")[:1])
RECENT_EVENTS = CompiledQuery(
    lambda: Event.objects.published().filter(is_featured=False).cards().order_by("-start_date")[:5]
)
LATEST_DOCUMENTS = CompiledQuery(lambda: Document.objects.published().newest_first()[:6])


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


class SearchView(TemplateView):
    """One search box for events, sessions, documents and published submissions; a UN symbol leads to its document."""

    template_name = "portal/search.html"
    per_kind = 20
    cached_query_params = ("q",)

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
        language = get_language()
        # Each kind reads only what its result shows (portal/templatetags/results.py): no contact details. Each
        # search ranks and keeps its first per_kind matches in its subquery, so the query around reads those alone.
        groups = [
            (
                "event",
                _("Events"),
                Event.objects.published()
                .search(self.query, language, ("-rank", "-start_date"), self.per_kind)
                .only("slug", "title", "start_date", "end_date", "city"),
            ),
            (
                "session",
                _("Sessions"),
                Session.objects.published()
                .filter(published_q(through="event__"))
                .search(self.query, language, ("-rank", "date"), self.per_kind)
                .select_related("event")
                .only("slug", "title", "date", "event__slug", "event__title"),
            ),
            (
                "statement",
                _("Statements"),
                Statement.objects.public()
                .search(self.query, language, ("-rank", "order"), self.per_kind)
                .select_related("delegation", "session__event")
                .only(*STATEMENT_FIELDS),
            ),
            (
                "document",
                _("Documents"),
                Document.objects.published().for_lists().search(self.query, language, self.per_kind).with_versions(),
            ),
            (
                "call",
                _("Calls for submissions"),
                Call.objects.published()
                .search(self.query, language, top=self.per_kind)
                .select_related("event")
                .only("slug", "title", "opens_at", "closes_at", "event__title", "event__starts_at"),
            ),
            (
                "submission",
                _("Written submissions"),
                Submission.objects.published()
                .search(self.query, language, top=self.per_kind)
                .select_related("call")
                .only(*PUBLIC_SUBMISSION_FIELDS, "call__slug"),
            ),
        ]
        context["groups"] = [(label, kind, list(results[: self.per_kind])) for kind, label, results in groups]
        context["total"] = sum(len(results) for _label, _kind, results in context["groups"])
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain"

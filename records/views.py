from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views import View

from common.compiled import CompiledQuery, attach
from common.languages import UNLanguage
from common.views import PreviewMixin, can_preview
from delivery.downloads import stored_file_response
from events.views import SESSION_SLOTS, SessionDetailView, session_page

from .models import LISTED_FILES, SessionRecord, Statement, StatementFile

# A session page's statements with their delegations, then their files, compiled once (common/compiled.py).
STATEMENTS = CompiledQuery(
    lambda session, preview: Statement.objects.visible(preview).filter(session=session).select_related("delegation"),
    session="key",
    preview="choice",
    prepared=True,
)
STATEMENT_FILES = CompiledQuery(
    lambda statements: StatementFile.objects.filter(statement__in=statements).order_by("language"),
    statements="keys",
    prepared=True,
)


class SessionPageView(SessionDetailView):
    """A session's page with its official records and its list of speakers, filterable by delegation.

    Statements and records sit above events, so the page that shows them is composed here (see hldportal/urls.py):
    two queries more than the plain session page (statements, their files), whatever their number, each compiled once.
    """

    template_name = "records/session_detail.html"
    cached_query_params = ("delegation",)
    compiled_object = CompiledQuery(
        lambda **slots: session_page(**slots).select_related(
            "record__verbatim_record", "record__press_summary", "record__chairs_summary"
        ),
        **SESSION_SLOTS,
        prepared=True,
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        try:
            record = session.record
        except SessionRecord.DoesNotExist:
            record = None
        statements = STATEMENTS(session=session.pk, preview=self.is_preview(Statement))
        attach(
            statements,
            LISTED_FILES,
            STATEMENT_FILES(statements=[statement.pk for statement in statements]),
            "statement",
        )
        delegations = {statement.delegation.slug: statement.delegation for statement in statements}
        chosen = self.request.GET.get("delegation", "")
        context.update(
            record=record,
            record_documents=record.documents() if record else [],
            statements=[s for s in statements if s.delegation.slug == chosen] if chosen in delegations else statements,
            delegations=sorted(delegations.values(), key=lambda delegation: str(delegation.display_name)),
            chosen_delegation=delegations.get(chosen),
            # A delegation asked for that did not speak at this session (or a mistyped name): said, not ignored.
            unknown_delegation=bool(chosen) and chosen not in delegations,
            speaker_count=len(statements),
        )
        return context


class StatementDownloadView(PreviewMixin, View):
    """A statement's file in one language, served as document files are: never able to run script in our origin."""

    model = Statement

    def get(self, request, pk, language):
        if language not in UNLanguage.values:
            raise Http404
        # As a document's files: a draft's for those who may preview it, from its preview page, kept by no cache.
        editor = can_preview(request.user, Statement)
        statements = Statement.objects.all() if editor else Statement.objects.public()
        item = get_object_or_404(
            StatementFile.objects.select_related("statement__session", "statement__delegation").filter(
                statement__in=statements
            ),
            statement_id=pk,
            language=language,
        )
        if not item.file:
            raise Http404
        response = stored_file_response(
            item.file,
            content_type=item.content_type,
            filename=item.download_name,
            as_attachment=item.content_type != "application/pdf",
            language=item.language,
        )
        if editor and not Statement.objects.public().filter(pk=pk).exists():
            add_never_cache_headers(response)
        return response

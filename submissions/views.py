from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView

from common.compiled import CompiledQuery, attach
from common.pagination import BoundedPaginator, ByKeys, CompiledList, InTurn, NearestPageMixin
from common.views import PublishedMixin
from delivery.cache import count_hit, hits_so_far
from delivery.downloads import stored_file_response
from delivery.proxies import client_network
from documents.models import attach_versions
from uploads.handlers import LimitedUploadHandler

from . import services
from .event_page import FILES
from .forms import SubmissionForm, WithdrawForm
from .models import Call, CallState, Submission, SubmissionFile, group_by_category, in_listing_order


def _calls():
    return Call.objects.published().select_related("event")


# The calls list's parts, each along an index, compiled once (common/compiled.py).
CALL_LIST = [
    CompiledList(Call, lambda: _calls().open().order_by(F("closes_at").asc(nulls_last=True), "pk"), prepared=True),
    CompiledList(Call, lambda: _calls().upcoming().order_by("opens_at", "pk"), prepared=True),
    # Latest deadline first, then those closed by their meeting: each part walks the index on closes_at.
    CompiledList(
        Call,
        lambda: _calls().closed().filter(closes_at__isnull=False).order_by("-closes_at", "-opens_at", "-pk"),
        prepared=True,
    ),
    CompiledList(
        Call, lambda: _calls().closed().filter(closes_at__isnull=True).order_by("-opens_at", "-pk"), prepared=True
    ),
]


# A call's page: its published submissions' listing order, then a page of them by their keys, with their files
# (listed() without its prefetch, which would be built for each page), each compiled once.
LISTING_COLUMNS = CompiledQuery(
    lambda call: (
        Submission.objects.listed_rows()
        .filter(call=call)
        .order_by()
        .values_list("pk", "category", "country", "organisation", named=True)
    ),
    call="key",
    prepared=True,
)
LISTED = CompiledQuery(lambda keys: Submission.objects.listed_rows().filter(pk__in=keys), keys="keys", prepared=True)


class CallListView(NearestPageMixin, ListView):
    """Every published call: open ones first with their deadlines, then those still to open, then closed ones; in
    pages, so that a page costs the same at ten calls as at thousands (common/pagination.py)."""

    template_name = "submissions/call_list.html"
    paginate_by = 20
    paginator_class = BoundedPaginator
    cached_query_params = ("page",)

    def get_queryset(self):
        return InTurn(*(part.pages() for part in CALL_LIST))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = context["page_obj"]
        context["open_calls"] = [call for call in calls if call.state == CallState.OPEN]
        context["upcoming_calls"] = [call for call in calls if call.state == CallState.NOT_YET_OPEN]
        context["closed_calls"] = [call for call in calls if call.state == CallState.CLOSED]
        return context


class CallDetailView(NearestPageMixin, PublishedMixin, DetailView):
    """A call: its rules, its state, and the submissions published so far, in pages (a big consultation receives
    thousands): the listing's order is worked out from three short columns of each, and a page reads its own."""

    model = Call
    template_name = "submissions/call_detail.html"
    paginate_by = 100
    cached_query_params = ("page",)

    compiled_object = CompiledQuery(
        lambda slug, preview: Call.objects.visible(preview).select_related("event", "note_verbale").filter(slug=slug),
        slug="text",
        preview="choice",
        prepared=True,
    )

    def get_context_data(self, **kwargs):
        order = in_listing_order(LISTING_COLUMNS(call=self.object.pk))
        # Every published submission stays within reach of its call's pages: their keys are read anyway to order
        # them, so Django's paginator counts them without a query, and no page costs an OFFSET.
        paginator = Paginator(ByKeys([row.pk for row in order], rows=LISTED, model=Submission), self.paginate_by)
        page = self.nearest_page(paginator)
        files = FILES(submissions=[submission.pk for submission in page])
        attach(page.object_list, "public_files", files, "submission")
        if self.object.note_verbale:
            attach_versions([self.object.note_verbale])  # its [E | F | S] links
        return super().get_context_data(page_obj=page, submission_groups=group_by_category(page), **kwargs)


# What a visitor types in the form, given back if the call closed before it was sent.
TYPED_FIELDS = ("organisation", "contact_name", "email", "phone", "title")


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SubmitView(FormView):
    """The intake form. Size limits apply while the upload streams in, before the CSRF check reads the body."""

    form_class = SubmissionForm
    template_name = "submissions/submit.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.published(), slug=kwargs["slug"])
        self.upload_handler = LimitedUploadHandler(
            request,
            max_file_size=self.call.max_file_size,
            max_total_size=self.call.max_total_size,
            max_files=self.call.max_files,
        )
        request.upload_handlers.insert(0, self.upload_handler)
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.call, "upload_handler": self.upload_handler}

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.call.is_open():
            # The deadline passed while the form was open: what was typed is given back to keep, not lost.
            form = self.get_form()
            typed = [(form[name].label, request.POST.get(name, "").strip()) for name in TYPED_FIELDS]
            context = self.get_context_data(late=[(label, value) for label, value in typed if value])
            return self.render_to_response(context, status=403)
        if message := self.over_limit():
            form = self.get_form()
            form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def over_limit(self):
        """Why this address must wait, if it must: it sent SUBMISSION_RATE_LIMIT submissions that were received in
        the last hour, or SUBMISSION_ATTEMPT_LIMIT forms, refused ones included. A refused form counts only towards
        the second: a submitter who corrects a few mistakes is not locked out. With the cache down nothing can be
        counted; submissions still go through rather than fail."""
        address = client_network(self.request)
        attempts = count_hit(f"submission-attempts:{address}", timeout=3600)
        if attempts is not None and attempts > settings.SUBMISSION_ATTEMPT_LIMIT:
            return _(
                "Many attempts to send this form came from your address in the last hour. Please try again in an hour."
            )
        received = hits_so_far(f"submission-rate:{address}", timeout=3600)
        if received is not None and received >= settings.SUBMISSION_RATE_LIMIT:
            return _("Many submissions came from your address in the last hour. Please try again in an hour.")
        return None

    def form_valid(self, form):
        try:
            submission, token = services.receive_submission(
                call=self.call,
                details=form.details(),
                uploads=form.cleaned_data["uploads"],
                submitter_language=get_language(),
                form_key=form.cleaned_data["form_key"],
            )
        except services.AlreadyReceived as received:
            context = {"call": self.call, "submission": received.submission}
            return TemplateResponse(self.request, "submissions/already_received.html", context)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        count_hit(f"submission-rate:{client_network(self.request)}", timeout=3600)
        messages.success(
            self.request,
            _(
                "Thank you. Your submission was received with the reference %(reference)s. "
                "A receipt is on its way to %(email)s."
            )
            % {"reference": submission.reference, "email": submission.email}
            + " "
            + submission.publication_outcome,
        )
        return redirect("submissions:status", token=token)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")
class StatusView(FormView):
    """The submitter's private page: the status of the submission, and withdrawal until a decision."""

    form_class = WithdrawForm
    template_name = "submissions/status.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.submission = services.find_by_token(kwargs["token"])
        except Submission.DoesNotExist:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(submission=self.submission, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The address is the key to this page: never send it on as a Referer, not even to the site's own files. Only
        # the site's origin goes: with no-referrer, browsers send "Origin: null" with the withdraw form, which the
        # CSRF check refuses, so no one could withdraw a submission.
        response["Referrer-Policy"] = "strict-origin"
        return response

    def form_valid(self, form):
        try:
            services.withdraw(submission=self.submission)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your submission was withdrawn."))
        return redirect(self.request.path)


def submitted_file_response(record):
    """A submitted file as a download, before and after publication: what an anonymous sender wrote is never
    rendered in the site's origin, whatever its type (editors' own documents may be shown inline)."""
    return stored_file_response(
        record.file,
        content_type=record.content_type,
        filename=record.original_name,
        language=record.submission.language,
    )


@require_safe
def public_file(request, pk, name):
    """A published file of a published submission; anything else is not found, guessed address or not."""
    record = get_object_or_404(SubmissionFile.objects.public().select_related("submission"), pk=pk)
    if name != record.original_name:
        raise Http404
    return submitted_file_response(record)

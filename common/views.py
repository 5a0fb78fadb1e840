import hashlib
import sys
from functools import partial, wraps

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from delivery.fragments import cached_lookup


def with_content_etag(response):
    """``response`` with its own text as its validator (ETag), for clients that poll it (feed readers, crawlers,
    calendar apps) and for nginx, which answers their If-None-Match from its cache. A Last-Modified from the items'
    latest change stays put when the text changes without one (an item withdrawn, a session renamed)."""
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest())
    return response


def can_preview(user, model):
    """Whether ``user`` may see drafts of ``model``: staff who may change it (editors, not moderators)."""
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


class PreviewMixin:
    """Let editors preview drafts with ``?preview=1``, through the view and template the public gets.

    Each kind of content shows its drafts only to those who may change it: a
    moderator previewing an event sees the published page, without drafts.
    """

    # The page cache keeps no query parameter for these views (a preview is never cached).
    cached_query_params = ()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.GET.get("preview") == "1":
            # A preview may show drafts to this editor: no cache between them and the site may keep it.
            add_never_cache_headers(response)
        return response

    def is_preview(self, model=None):
        model = model or self.model
        return self.request.GET.get("preview") == "1" and can_preview(self.request.user, model)

    def visible(self, queryset):
        """``queryset`` as this request may see it: everything in an editor's preview, else only what is published."""
        return queryset.visible(self.is_preview(queryset.model))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_preview():
            context["preview_notice"] = _("Preview: drafts and scheduled items are shown. Visitors do not see them.")
        return context


class PublishedMixin(PreviewMixin):
    """Show the public only what is published; staff previewing see everything."""

    # The object by its slug, a CompiledQuery (common/compiled.py) with a ``slug`` and a ``preview`` slot (and those
    # ``object_slots`` adds), for pages where building its query costs more than running it.
    compiled_object = None

    def get_queryset(self):
        return self.visible(super().get_queryset())

    def get_object(self, queryset=None):
        # Read once per content version, as the page's fragments are: a page they serve then needs no query.
        return cached_lookup(self.request, "object", partial(self.find_object, queryset))

    def find_object(self, queryset):
        if self.compiled_object is None or queryset is not None:
            return super().get_object(queryset)
        found = self.compiled_object(**self.object_slots())
        if not found:
            raise Http404
        return found[0]

    def object_slots(self):
        """The values of ``compiled_object``'s slots: the slug in the address, and whether drafts are shown."""
        return {"slug": self.kwargs[self.slug_url_kwarg], "preview": self.is_preview()}


def in_language_of_address(view):
    """An error view that answers in the language of the address asked for (``/fr/...``), even for an error raised
    before LocaleMiddleware chose it: the page cache, which runs first, refuses a disallowed Host."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        with translation.override(translation.get_language_from_path(request.path_info) or translation.get_language()):
            return view(request, *args, **kwargs)

    return answer


bad_request = in_language_of_address(django_bad_request)


@in_language_of_address
def server_error(request):
    """A 500 page; when the database cannot be reached, a "try again" page (503) instead.

    Django calls this while the error is being handled, from any layer
    (middleware included), so the exception is the one in ``sys.exc_info()``.
    Persistent connections are health-checked: once the database is back, the
    next request reconnects by itself.
    """
    if is_outage(sys.exc_info()[1]):
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "30"})
    return django_server_error(request)


# What SQLite says when the database is there but cannot be used for now, or cannot be reached at all.
SQLITE_OUTAGES = ("locked", "busy", "unable to open", "disk i/o", "readonly", "disk is full")


def is_outage(error):
    """Whether ``error`` means the database cannot be used for now, so that trying again later may work: not a
    fault of the site's own. PostgreSQL reports the site's faults (a missing table) as ProgrammingError; SQLite
    reports them as OperationalError too ("no such table"), which told visitors to retry what never would."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if type(cause).__module__ == "sqlite3":
        return any(words in str(cause).lower() for words in SQLITE_OUTAGES)
    return True

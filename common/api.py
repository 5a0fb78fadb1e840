"""The read-only JSON API's shared parts: its answers and errors, the language, pagination, the OpenAPI pieces.

Every answer under ``/<lang>/api/`` is JSON and carries ``Access-Control-Allow-Origin: *``, errors and redirects
included: a browser page on any site may read it (ApiHeadersMiddleware).
"""

import json
import re
from functools import wraps

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .pagination import LIST_LIMIT, Keyset, count_up_to
from .urls import absolute_url

PAGE_SIZE = 50
# Pages asked by number are an OFFSET: kept for the first LIST_LIMIT rows, as the library's pages are.
NUMBERED_PAGES = LIST_LIMIT // PAGE_SIZE
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
PAGE_NUMBER = re.compile(r"^[1-9][0-9]*$")


class BadRequest(Exception):
    """A parameter the API cannot take: answered with 400 and the message."""


def json_answer(data, status=200, **kwargs):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}, **kwargs)


def error(message, status, **kwargs):
    return json_answer({"error": message}, status=status, **kwargs)


def api_view(view):
    """A read-only JSON view: GET and HEAD only, the language of the URL prefix or ``?lang=``, JSON errors.

    Exempt from CSRF checks: it changes nothing, and any other method is refused with 405.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return answer(view, request, *args, **kwargs)

    return wrapper


# The API's addresses, with or without a language (/api/events/ is sent on to /en/api/events/).
API_PATH = re.compile(r"^/(?:[^/]+/)?api(?:/|$)")


class ApiHeadersMiddleware:
    """What every answer at the API's addresses carries, whoever made it: the views, the page cache, or the redirect
    of an address without its language (which had neither, so a browser's request from another site failed there):
    ``Access-Control-Allow-Origin: *`` with ``Cross-Origin-Resource-Policy: cross-origin``, and a link to the API's
    description (RFC 8631), for a client that starts from any of its answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if API_PATH.match(request.path_info):
            response["Access-Control-Allow-Origin"] = "*"
            # Other sites' pages read the API (CORS): the site's same-origin policy (delivery/resource_policy.py)
            # would stop a browser from handing them its answers.
            response["Cross-Origin-Resource-Policy"] = "cross-origin"
            response["Link"] = f'<{absolute_url(reverse("openapi"))}>; rel="service-desc"'
        return response


def answer(view, request, *args, **kwargs):
    if request.method == "OPTIONS":
        return HttpResponse(status=204, headers={"Allow": ALLOWED_METHODS, "Access-Control-Allow-Methods": "GET, HEAD"})
    if request.method not in ("GET", "HEAD"):
        return error(_("Only GET and HEAD are allowed."), 405, headers={"Allow": ALLOWED_METHODS})
    # A parameter that is given must be valid, even empty: only an absent one takes its default.
    language = request.GET.get("lang", translation.get_language())
    if language not in dict(settings.LANGUAGES):
        return error(_("Unknown language “%(language)s”; use en, fr or es.") % {"language": language}, 400)
    with translation.override(language):
        try:
            response = view(request, *args, **kwargs)
        except BadRequest as problem:
            response = error(str(problem), 400)
        except Http404:
            response = error(_("There is nothing at this address."), 404)
    response["Content-Language"] = language
    return response


@api_view
def not_found(request):
    """Any other address under ``/api/`` or ``/<anything>/api/``: a JSON 404, or the address with its missing slash.

    A client that asks for a language the site lacks (``/de/api/events/``) gets JSON too.
    """
    if not request.path.endswith("/"):
        try:
            # In the address's language: ``?lang=`` changed the active one.
            with translation.override(request.LANGUAGE_CODE):
                match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match and match.func is not not_found:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    raise Http404


def choice(request, name, choices):
    """The value of parameter ``name`` if it is one of ``choices``, None when absent; BadRequest otherwise."""
    value = request.GET.get(name)
    if value is not None and value not in choices:
        raise BadRequest(
            _("Unknown %(name)s “%(value)s”; use one of: %(choices)s.")
            % {"name": name, "value": value, "choices": ", ".join(choices)}
        )
    return value or None


def paginated(request, queryset, serialize, filters=()):
    """``{"count", "count_exact", "next", "previous", "results"}`` for the page asked with ``?cursor=`` or ``?page=``.

    ``queryset`` is ordered by its own fields, ending with ``pk`` (common.pagination.Keyset). ``next`` and
    ``previous`` carry a cursor: where the page's last (first) row stands, signed for this list and its filters, so
    that the page after it is read from that place in the index: as fast deep in a million rows as on the first page.
    The count stops at LIST_LIMIT. The links are absolute and stable: the site's address, the parameters that matter
    (``lang`` and ``filters``) in a fixed order, then the cursor; any other parameter is left out.
    """
    kept = [(name, request.GET[name]) for name in ("lang", *filters) if name in request.GET]
    keyset = Keyset(queryset)
    signer = cursor_signer(request, keyset, kept)
    rows, before, after = page_rows(request, keyset, signer)

    def link(row, backwards):
        cursor = signer.sign_object([backwards, *keyset.position(row)], compress=True)
        return absolute_url(f"{request.path}?{urlencode([*kept, ('cursor', cursor)])}")

    counted = count_up_to(queryset)
    return json_answer(
        {
            "count": min(counted, LIST_LIMIT),
            "count_exact": counted <= LIST_LIMIT,
            "next": link(rows[-1], False) if after else None,
            "previous": link(rows[0], True) if before else None,
            "results": [serialize(request, item) for item in rows],
        }
    )


def cursor_signer(request, keyset, kept):
    """What signs and checks the cursors of this list: a cursor from another list, from the same one with other
    filters, or from before a release that changed the list's order is refused. The language is no filter."""
    match = request.resolver_match
    scope = [match.view_name, match.kwargs, keyset.names, [pair for pair in kept if pair[0] != "lang"]]
    return signing.Signer(salt=f"common.api.cursor:{json.dumps(scope, sort_keys=True)}")


def page_rows(request, keyset, signer):
    """The rows of the page asked, whether rows come before them and whether rows come after them."""
    cursor, number = request.GET.get("cursor"), request.GET.get("page")
    if cursor is not None and number is not None:
        raise BadRequest(_("Give a page or a cursor, not both."))
    if cursor is not None:
        try:
            backwards, *position = signer.unsign_object(cursor)
        except signing.BadSignature:
            raise BadRequest(
                _("This cursor is not valid for this list and these filters: follow its “next” and “previous” links.")
            ) from None
        rows = keyset.following(position, PAGE_SIZE + 1, backwards)
        more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        if backwards:
            return rows[::-1], more, bool(rows)
        return rows, bool(rows), more
    number = "1" if number is None else number
    if not PAGE_NUMBER.match(number):
        raise BadRequest(_("The page must be a whole number from 1."))
    if int(number) > NUMBERED_PAGES:
        raise BadRequest(
            _("Pages after %(last)s have no number: follow the “next” link of page %(last)s, then of each page.")
            % {"last": NUMBERED_PAGES}
        )
    start = (int(number) - 1) * PAGE_SIZE
    rows = list(keyset.rows[start : start + PAGE_SIZE + 1])
    if not rows and start:
        raise Http404
    return rows[:PAGE_SIZE], bool(start), len(rows) > PAGE_SIZE


# OpenAPI 3.1 pieces every list and answer shares; each app's api.py describes its own paths and objects.

LANGUAGE_PARAMETERS = [
    {
        "name": "lang",
        "in": "path",
        "required": True,
        "description": "The language of the texts.",
        "schema": {"type": "string", "enum": ["en", "fr", "es"]},
    },
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The language of the texts, in place of the address's.",
        "schema": {"type": "string", "enum": ["en", "fr", "es"]},
    },
]
# The cursor that the next and previous links carry is no parameter of the description: it is opaque, signed for
# its list and filters, and valid only as the API wrote it, so a client follows those links as they are, and a
# client generating requests from the description (a fuzzer) must not make one up.
PAGINATION_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": (
            f"The page of {PAGE_SIZE} results to give, from 1, for the first {NUMBERED_PAGES} pages only (the first "
            f"{LIST_LIMIT} results); a greater number is refused with 400: the pages after them are reached by the "
            "next links."
        ),
        "schema": {"type": "integer", "minimum": 1, "maximum": NUMBERED_PAGES},
    },
]
ERROR_RESPONSES = {
    status: {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for status, description in (
        ("400", "A parameter the API cannot take."),
        ("404", "No such item or page."),
        ("405", "A method other than GET or HEAD."),
    )
}
SHARED_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string", "description": "What went wrong, in the asked language."}},
        "additionalProperties": False,
    },
}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def page_of(schema_name):
    """The schema of a page of ``schema_name`` items."""
    link = nullable({"type": "string", "format": "uri"})
    return {
        "type": "object",
        "required": ["count", "count_exact", "next", "previous", "results"],
        "properties": {
            "count": {
                "type": "integer",
                "minimum": 0,
                "maximum": LIST_LIMIT,
                "description": (
                    f"How many results the list holds, counted up to {LIST_LIMIT}: when count_exact is false, it "
                    f"holds more than {LIST_LIMIT}."
                ),
            },
            "count_exact": {"type": "boolean", "description": "Whether count is the number of results."},
            "next": {
                **link,
                "description": (
                    "The next page: this list from after this page's last result; null on the last page. Its cursor "
                    "is opaque and valid for this list and filters only: follow the address as it is. Every page "
                    "reached so costs the same, however deep."
                ),
            },
            "previous": {
                **link,
                "description": (
                    "The page before: this list up to this page's first result; null on the first page. A page "
                    "reached back this way has no previous link once no result comes before it. Follow it as it is."
                ),
            },
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema_name}"}},
        },
        "additionalProperties": False,
    }


def ok(schema, description):
    return {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}},
        "content": {"application/json": {"schema": schema}},
    }

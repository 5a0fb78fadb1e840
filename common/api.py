"""The read-only JSON API's shared parts: its answers and errors, the language, pagination, the OpenAPI pieces.

Every answer under ``/<lang>/api/`` is JSON and carries ``Access-Control-Allow-Origin: *``, errors included:
a browser page on any site may read it.
"""

import re
from functools import wraps

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .urls import absolute_url

PAGE_SIZE = 50
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
        response = answer(view, request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


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
    """``{"count", "next", "previous", "results"}`` for the page asked with ``?page=``.

    The links are absolute and stable: the site's address, the parameters that matter (``lang`` and
    ``filters``) in a fixed order, then the page; any other parameter is left out.
    """
    number = request.GET.get("page", "1")
    if not PAGE_NUMBER.match(number):
        raise BadRequest(_("The page must be a whole number from 1."))
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise Http404 from None
    kept = [(name, request.GET[name]) for name in ("lang", *filters) if name in request.GET]

    def link(number):
        return absolute_url(f"{request.path}?{urlencode([*kept, ('page', number)])}")

    return json_answer(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(request, item) for item in page.object_list],
        }
    )


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
PAGE_PARAMETER = {
    "name": "page",
    "in": "query",
    "required": False,
    "description": f"The page of {PAGE_SIZE} results to give, from 1.",
    "schema": {"type": "integer", "minimum": 1},
}
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
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "next": link,
            "previous": link,
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

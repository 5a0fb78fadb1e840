"""The read-only JSON API's shared parts: the language of the answer and pagination."""

from functools import wraps

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .urls import absolute_url

PAGE_SIZE = 50


def api_view(view):
    """A GET-only JSON view whose language is the URL prefix, or ``?lang=`` when given."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"error": _("Only GET is allowed.")}, status=405, headers={"Allow": "GET, HEAD"})
        language = request.GET.get("lang") or translation.get_language()
        if language not in dict(settings.LANGUAGES):
            return JsonResponse(
                {"error": _("Unknown language “%(language)s”; use en, fr or es.") % {"language": language}}, status=400
            )
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def paginated(request, queryset, serialize):
    """``{"count", "next", "previous", "results"}`` for the page asked with ``?page=``."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        return JsonResponse({"error": _("There is no such page.")}, status=404)

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute_url(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(request, item) for item in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )

"""Parts of pages cached for everyone, keyed by the content version: ``{% fragment "name" %}…{% endfragment %}``.

The page cache (cache.py) answers anonymous visitors with whole pages. Everyone
it cannot answer (an editor signed in, a submitter with a session, the first
visitor after a change) still gets the parts of the page that are the same for
all: the head with the header and navigation, the body with the footer.
A fragment counts only under the content version it was made under, so a change
anyone commits is seen at the next request, exactly as with the page cache. Its
key holds the language, the page's path with only the query parameters its view
declares (``cached_query_params``).

A fragment is rendered without the cache (and its views' lazy data computed)
when the page's view declares no query parameters (it has never opted in to
caching), for a page answering free text (a search: an entry per text would let
one client fill the cache, as in cache.py), for previews, when
FRAGMENT_CACHE_SECONDS is 0, and whenever what it rendered holds a CSRF token,
which belongs to one visitor.
"""

import hashlib

from django import template
from django.conf import settings
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .cache import (
    VERSION_KEY,
    asks_free_text,
    cache_get,
    cache_get_many,
    cache_set,
    content_version,
    free_text_params,
    view_query_params,
)

register = template.Library()

PRIVATE_MARKERS = ("csrfmiddlewaretoken",)
# The fragments of templates/base.html, read together with a page's object (one round trip to the cache).
PAGE_FRAGMENTS = ("top", "body")


def page_key(request):
    """The page's path and the query parameters its view reads, or None when its view does not cache or fragments
    are off; worked out once a request."""
    if not hasattr(request, "_page_key"):
        request._page_key = _page_key(request)
    return request._page_key


def _page_key(request):
    match = getattr(request, "resolver_match", None)
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or match is None or request.method not in ("GET", "HEAD"):
        return None
    declared = view_query_params(match.func)
    if declared is None or "preview" in request.GET or asks_free_text(request, match.func):
        return None
    # Free text is blank here: the page without it.
    kept = sorted(set(declared) - set(free_text_params(match.func)))
    query = "&".join(f"{name}={value}" for name in kept for value in request.GET.getlist(name))
    return f"{request.path}?{query}"


def request_content_version(request):
    # Read once a request: every fragment of one page belongs to the same version.
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def _key(kind, name, page):
    # No version in the key: each entry holds the version it was made under, so that the version, the page's
    # object and its fragments are read in one round trip, and a new version replaces entries instead of
    # leaving the old ones behind.
    digest = hashlib.sha256(page.encode()).hexdigest()
    return f"{kind}:{name}:{get_language()}:{digest}"


def _current(request, entry):
    """The value of a cache entry if it was made under this request's content version, else None."""
    if entry is None:
        return None
    version, value = entry
    return value if version == request_content_version(request) else None


def _store(request, key, value):
    cache_set(key, (request_content_version(request), value), settings.FRAGMENT_CACHE_SECONDS)


_MISSING = "missing"


def cached_lookup(request, name, find):
    """What ``find()`` returns for this page (a model instance, say), read once per content version.

    A page whose parts all come from fragments then needs no query at all. ``find()`` raising Http404 is
    remembered too. The content version and the page's fragments are read in the same round trip to the cache.
    Without a page key (previews, views that do not cache) or fragments, ``find()`` runs.
    """
    page = page_key(request)
    if page is None:
        return find()
    key = _key("lookup", name, page)
    fragments = [_key("fragment", fragment, page) for fragment in PAGE_FRAGMENTS]
    values = cache_get_many([VERSION_KEY, key, *fragments])
    request._content_version = content_version(values.get(VERSION_KEY))
    request._prefetched_fragments = {fragment: values[fragment] for fragment in fragments if fragment in values}
    found = _current(request, values.get(key))
    if found is None:
        try:
            found = find()
        except Http404:
            found = _MISSING
        _store(request, key, found)
    if isinstance(found, str) and found == _MISSING:
        raise Http404
    return found


class FragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        page = page_key(request) if request is not None else None
        if page is None:
            return self.nodelist.render(context)
        key = _key("fragment", self.name, page)
        prefetched = getattr(request, "_prefetched_fragments", {})
        cached = _current(request, prefetched[key] if key in prefetched else cache_get(key))
        if cached is not None:
            return mark_safe(cached)
        rendered = self.nodelist.render(context)
        if not any(marker in rendered for marker in PRIVATE_MARKERS):
            _store(request, key, str(rendered))
        return rendered


@register.tag
def fragment(parser, token):
    """``{% fragment "name" %}…{% endfragment %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one quoted name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1])

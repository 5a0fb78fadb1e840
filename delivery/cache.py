"""Whole pages cached for anonymous visitors, and invalidated at once when what they show changes.

Every cached page is keyed by a *content version*. Committing a change to any
registered content, or reaching the publish time of a scheduled item, makes a
new version, so every page is fresh at its next request, in every process
sharing the cache. That is why the cache must be shared by every worker: the
default is files under ``var/cache`` (``SharedFileCache``), Redis when
``REDIS_URL`` is set. A cache that is down only makes the site slower: every
call here fails soft. The keys also hold the code's release (``release()``):
no page made by the code before a deploy is served after it.

A page's key holds its path and only the query parameters its view declares
it reads (``cached_query_params``); the view sees no others. A view that
declares none is cached only when asked without a query string. A page
answering free text (a search: ``free_text_query_params``) is never stored:
each distinct text would be one more entry, and one client could fill the
cache, evicting every page the site's visitors ask for.
"""

import functools
import hashlib
import logging
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.files import locks
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# The files whose change makes a new release (release()).
RELEASE_SUFFIXES = frozenset({".py", ".html", ".txt", ".mo", ".xml"})
# Headers a cached page keeps; cookies and dates are never replayed, nor anything else a request could have chosen.
KEPT_HEADERS = (
    "Content-Disposition",
    "Content-Language",
    "Content-Type",
    "ETag",
    "Last-Modified",
    "Vary",
)


class SharedFileCache(FileBasedCache):
    """Django's file-based cache, with ``add()`` and ``incr()`` atomic across processes (a lock file).

    Every gunicorn worker on a machine reads and writes the same folder, so an
    unpublished page disappears for all of them at once and a rate limit counts
    every worker's requests. Reads take no lock: each entry is written to a
    temporary file and renamed into place.
    """

    def __init__(self, location, params):
        super().__init__(location, params)
        self.lock_path = Path(location) / "cache.lock"

    @contextmanager
    def locked(self):
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "ab") as handle:
            locks.lock(handle, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(handle)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self.locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self.locked():
            return super().incr(key, delta, version)


# Per model: () -> the next moment its pages change by the clock alone (a publish time, a deadline), or None.
_clock_changes = []
_last_warning = 0.0


class OneClientPerServer(RedisCacheClient):
    """Django's Redis cache client, with one redis-py client per server instead of one per operation.

    Django makes a new client for every get or set (django/core/cache/backends/redis.py), and redis-py fills a
    table of some 170 reply handlers in each one: 80 µs of CPU an operation, nearly what the command costs on the
    client's side. A redis-py client can be shared (its connection pool lends each command a connection, and makes
    new ones in a forked worker), so each server's is made once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    """Django's Redis cache through ``OneClientPerServer``: the cache when REDIS_URL is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerServer


def _warn_unavailable(operation, key):
    """Log a cache outage at most once a minute: during one, every request would log it."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning("cache unavailable for %s(%s); serving without it", operation, key, exc_info=True)


def cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # a cache server that is down must not take the site with it
        _warn_unavailable("get", key)
        return None


def cache_get_many(keys):
    try:
        return cache.get_many(keys)
    except Exception:
        _warn_unavailable("get_many", keys[0] if keys else "")
        return {}


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:
        _warn_unavailable("set", key)


def count_hit(key, timeout):
    """Count one more hit on ``key`` in the current window of ``timeout`` seconds; None when the cache is down.

    Windows are fixed (each hour of the clock for 3600), so the count never depends on a backend keeping a
    key's expiry through ``incr()``: the key is touched to last at least to the end of its window.
    """
    key = _window_key(key, timeout)
    try:
        cache.add(key, 0, timeout=timeout)
        hits = cache.incr(key)
        cache.touch(key, timeout)
        return hits
    except Exception:
        _warn_unavailable("count_hit", key)
        return None


def hits_so_far(key, timeout):
    """The hits ``count_hit`` counted on ``key`` in the current window, without counting one; None when the cache is
    down."""
    key = _window_key(key, timeout)
    try:
        return cache.get(key, 0)
    except Exception:
        _warn_unavailable("hits_so_far", key)
        return None


def _window_key(key, timeout):
    return f"{key}:{int(time.time() // timeout)}"


def next_scheduled_publication():
    """When pages next change by the clock alone (an item goes public, a call opens or closes, a meeting begins or
    ends): a timestamp, or None when nothing is due."""
    moments = [moment for next_change in _clock_changes if (moment := next_change())]
    return min(moments).timestamp() if moments else None


def _next_publication(model):
    return lambda: model.objects.scheduled().aggregate(first=Min("publish_from"))["first"]


@functools.cache
def release():
    """A fingerprint of the code that makes the pages: the contents of the Python files, templates and message
    catalogues of the project's own apps, its templates and translations, its pinned requirements and the static
    files' manifest, and the public address every absolute link names (SITE_URL). A deploy, a ``git pull`` under
    ``make run`` or a corrected SITE_URL changes it; the same code on another machine has the same one."""
    apps_folders = [Path(config.path) for config in apps.get_app_configs()]
    roots = [
        path for path in apps_folders if path.is_relative_to(settings.BASE_DIR) and not path.is_relative_to(sys.prefix)
    ]
    roots += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    roots += [Path(folder) for folder in settings.LOCALE_PATHS]
    files = sorted({path for root in roots for path in root.rglob("*") if path.suffix in RELEASE_SUFFIXES})
    digest = hashlib.sha256()
    for path in [*files, settings.BASE_DIR / "requirements.txt", Path(settings.STATIC_ROOT) / "staticfiles.json"]:
        if path.is_file():
            digest.update(path.read_bytes())
    digest.update(settings.SITE_URL.encode())
    return digest.hexdigest()[:16]


def new_content_version():
    state = {"version": uuid.uuid4().hex, "valid_until": next_scheduled_publication()}
    cache_set(VERSION_KEY, state, None)
    return state["version"]


def content_version(state=None):
    """The current content version, as the keys of pages and their parts hold it: with the code's release, so that
    no page made by the code before a deploy is served after it (one version for every release, so that a change
    to content replaces the pages of each). ``state``: the cache's entry under VERSION_KEY when the caller read it.
    """
    state = state or cache_get(VERSION_KEY)
    if state and (state["valid_until"] is None or time.time() < state["valid_until"]):
        return f"{release()}.{state['version']}"
    return f"{release()}.{new_content_version()}"


def invalidate_on_change(model, *, when=None, scheduled=False, clock=None):
    """New content version whenever ``model`` is saved or deleted (and ``when(instance)`` holds, if given).

    ``when`` is asked of a saved row as it was before the save too: a row leaving what the public sees (a
    published submission declined) changes pages as much as one entering it. ``scheduled`` models also count for
    the publish time of their scheduled items; ``clock`` is a function giving the next moment after now when the
    model's pages change with no edit (a call's deadline), or None.
    """

    def changed(sender, instance=None, **kwargs):
        # On commit: a version made before the data commits would let a visitor cache the old page under it.
        if when is None or when(instance):
            transaction.on_commit(new_content_version, robust=True)

    def leaving(sender, instance=None, raw=False, **kwargs):
        before = None if raw or instance.pk is None else model._base_manager.filter(pk=instance.pk).first()
        if before is not None and when(before):
            transaction.on_commit(new_content_version, robust=True)

    if when is not None:
        pre_save.connect(leaving, sender=model, weak=False, dispatch_uid=f"cache-leave-{model._meta.label}")
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-save-{model._meta.label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-delete-{model._meta.label}")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"cache-m2m-{field.remote_field.through}",
        )
    if scheduled:
        _clock_changes.append(_next_publication(model))
    if clock:
        _clock_changes.append(clock)


def _request_is_cacheable(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "preview" not in request.GET
        and not request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)
    )


def _response_is_cacheable(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def cached_query_params(*names):
    """Declare the query parameters a function view reads; the page cache keeps those and drops the others.

    Class-based views declare them as a ``cached_query_params`` attribute.
    """

    def declare(view):
        view.cached_query_params = names
        return view

    return declare


def resolved_view(request):
    """The view function that answers ``request``, or None."""
    # i18n_patterns resolve with the active language, which LocaleMiddleware has not set yet.
    with translation.override(translation.get_language_from_path(request.path_info)):
        try:
            return resolve(request.path_info).func
        except Resolver404:
            return None


def view_query_params(func):
    """The query parameters the view ``func`` (a function or a class-based view) declares it reads, or None."""
    return getattr(getattr(func, "view_class", func), "cached_query_params", None)


def free_text_params(func):
    """The query parameters of the view ``func`` that hold free text (``free_text_query_params``)."""
    return getattr(getattr(func, "view_class", func), "free_text_query_params", ())


def asks_free_text(request, func):
    """Whether ``request`` gives its view ``func`` free text to answer (blank text is no search)."""
    return any(value.strip() for name in free_text_params(func) for value in request.GET.getlist(name))


def keep_declared_query(request):
    """Leave in ``request`` only the query parameters its view reads; False when the page must not be cached."""
    view = resolved_view(request)
    declared = view_query_params(view)
    if declared is None:
        return not request.GET
    if asks_free_text(request, view):
        return False
    kept = QueryDict(mutable=True)
    # Blank free text is the page without it: one copy, whatever spaces it held.
    for name in sorted(set(declared) - set(free_text_params(view)) & request.GET.keys()):
        kept.setlist(name, request.GET.getlist(name))
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()
    return True


def kept_headers(request):
    """The headers the cached copy of ``request``'s page keeps.

    A page outside the language prefixes (the sitemaps, robots.txt, the OpenAPI description) is one copy for every
    visitor, so it keeps no Content-Language: LocaleMiddleware and the API set it from the visitor's
    Accept-Language, and the copy would name the first visitor's language to all the others.
    """
    if translation.get_language_from_path(request.path_info):
        return KEPT_HEADERS
    return tuple(name for name in KEPT_HEADERS if name != "Content-Language")


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the cache before the rest of Django runs; fill it on a miss.

    Anyone with a session (staff, a submitter just redirected with a message)
    and every page marked never_cache (forms, status pages) goes around it.
    The Host is checked first: a disallowed one gets Django's 400, never a
    cached page. Pages hold no trace of the Host (links come from SITE_URL),
    so it is not part of the key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        request.get_host()  # raises DisallowedHost, which Django answers with 400
        if not keep_declared_query(request):
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{content_version()}:{request.method}:{path}"
        if cached := cache_get(key):
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(response):
            kept = kept_headers(request)
            # The first visitor gets what every later one will: no header the copy drops.
            for name in set(KEPT_HEADERS) - set(kept):
                response.headers.pop(name, None)
            headers = {name: response[name] for name in kept if name in response}
            cache_set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response

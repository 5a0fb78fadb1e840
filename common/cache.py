"""Whole pages cached for anonymous visitors, and invalidated at once when what they show changes.

Every cached page is keyed by a *content version*. Saving or deleting any
registered content, or reaching the publish time of a scheduled item, makes a
new version, so every page is fresh at its next request, on every app server
sharing the cache. A cache that is down only makes the site slower: every
call here fails soft.
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# Headers a cached page keeps; cookies and dates are never replayed.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Vary", "Last-Modified")

_scheduled_models = []
_last_warning = 0.0


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


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:
        _warn_unavailable("set", key)


def count_hit(key, timeout):
    """Count one more hit on ``key`` in a window of ``timeout`` seconds; None when the cache is down."""
    try:
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key)
    except Exception:
        _warn_unavailable("count_hit", key)
        return None


def next_scheduled_publication():
    """When the next scheduled item goes public (a timestamp), or None when nothing is scheduled."""
    moments = [model.objects.scheduled().aggregate(first=Min("publish_from"))["first"] for model in _scheduled_models]
    moments = [moment for moment in moments if moment]
    return min(moments).timestamp() if moments else None


def new_content_version():
    state = {"version": uuid.uuid4().hex, "valid_until": next_scheduled_publication()}
    cache_set(VERSION_KEY, state, None)
    return state["version"]


def content_version():
    state = cache_get(VERSION_KEY)
    if state and (state["valid_until"] is None or time.time() < state["valid_until"]):
        return state["version"]
    return new_content_version()


def invalidate_on_change(model, *, when=None, scheduled=False):
    """New content version whenever ``model`` is saved or deleted (and ``when(instance)`` holds, if given).

    ``scheduled`` models also count for the publish time of their scheduled items.
    """

    def changed(sender, instance=None, **kwargs):
        if when is None or when(instance):
            new_content_version()

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
        _scheduled_models.append(model)


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


class AnonymousPageCacheMiddleware:
    """Answer anonymous GETs from the cache before the rest of Django runs; fill it on a miss.

    Anyone with a session (staff, a submitter just redirected with a message)
    and every page marked never_cache (forms, status pages) goes around it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
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
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache_set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "MISS"
        return response

"""Absolute addresses of the site's pages, from the configured SITE_URL and never from a request's Host."""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language, get_language_from_path, override


def absolute_url(path):
    """``SITE_URL`` + ``path``: what canonical links, feeds, calendars, the API and emails give to others.

    An address that is already absolute (a document version kept elsewhere) is returned as it is.
    """
    # A path of the site's own, as reverse() gives, or an official copy's web address: no need to split either (an
    # API page holds a hundred of each, and splitting one cost as much as the rest of its version's data).
    if path.startswith(("https://", "http://")):
        return path
    if (path.startswith("/") and not path.startswith("//")) or not urlsplit(path).scheme:
        return settings.SITE_URL + path
    return path


def address_in_language(url, language):
    """``url``, when it is a page of the site's in some language, as the same page in ``language``
    (``/en/documents/x/#top`` gives ``/es/documents/x/#top``); any other address as it is.

    A page's own address is ``SITE_URL`` + path or the path alone; an address elsewhere is never read as a path of
    ours, even when its path looks like one.
    """
    path = url.removeprefix(settings.SITE_URL) if url.startswith(settings.SITE_URL + "/") else url
    found = get_language_from_path(path) if path.startswith("/") and not path.startswith("//") else None
    if found is None:
        return url
    # The path resolves only in its own language: i18n_patterns match the prefix of the active language.
    with override(found):
        return url.removesuffix(path) + translate_url(path, language)


class KeyConverter:
    """``<key:name>``: a row's key in an address, as ``<int:>`` but at most 18 digits, which fit the database's
    largest integer: a longer number is no page (404), not an overflow in the database driver (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def site_domain():
    """The host (and port) of ``SITE_URL``: a stable domain for identifiers such as iCalendar UIDs."""
    return urlsplit(settings.SITE_URL).netloc


# An argument of these characters needs no quoting and fits every converter the site's addresses use (slug, str,
# int and key for digits), so its address can be made by substitution; any other goes through reverse(), which
# checks it.
PLAIN_ARGUMENT = re.compile(r"[-a-zA-Z0-9_]+")


def page_url(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)`` at half its cost (7 µs, not 15): for the links every row of a list carries.

    The address's shape is worked out once per view, argument names, language, script prefix and URLconf, by
    reversing placeholders; the arguments are then put in their places.
    """
    return page_urls(viewname, *kwargs)(*kwargs.values())


def page_urls(viewname, *names):
    """``page_url`` for the arguments ``names``, as a function of their values in that order, its shape looked up
    once (the language, script prefix and URLconf are read per request): for the many links of one list."""
    shape = _shape(viewname, names, get_language(), get_script_prefix(), get_urlconf())

    def url(*arguments):
        values = [str(value) for value in arguments]
        if shape and all(PLAIN_ARGUMENT.fullmatch(value) for value in values):
            return "".join(values[part] if isinstance(part, int) else part for part in shape)
        return reverse(viewname, kwargs=dict(zip(names, values, strict=True)))

    return url


def slug_addresses(viewname):
    """The addresses of ``viewname``'s pages as a function of an object with a ``slug``, the shape looked up once: a
    model's ``addresses()``, which lists call once for their many rows (common.templatetags.portal.Rows)."""
    url = page_urls(viewname, "slug")
    return lambda obj: url(obj.slug)


# Digits, which every converter accepts, in a run no address of the site holds; the argument's number in between.
PLACEHOLDER = re.compile(r"90817263(\d+)54")


@lru_cache(maxsize=512)
def _shape(viewname, names, language, prefix, urlconf):
    """The address cut at its arguments: its text, with each argument's number where its value goes."""
    try:
        address = reverse(viewname, kwargs={name: f"90817263{index}54" for index, name in enumerate(names)})
    except NoReverseMatch:
        return None
    # split() with a group gives text, number, text...: every second part is an argument's number.
    return tuple(int(part) if position % 2 else part for position, part in enumerate(PLACEHOLDER.split(address)))


@receiver(setting_changed)
def _forget_shapes(*, setting, **kwargs):
    # A test that changes the URLconf or the languages changes the addresses, as Django forgets its resolvers.
    _shape.cache_clear()

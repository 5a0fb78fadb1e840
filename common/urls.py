"""Absolute addresses of the site's pages, from the configured SITE_URL and never from a request's Host."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """``SITE_URL`` + ``path``: what canonical links, feeds, calendars, the API and emails give to others.

    An address that is already absolute (a document version kept elsewhere) is returned as it is.
    """
    if urlsplit(path).scheme:
        return path
    return settings.SITE_URL + path


def site_domain():
    """The host (and port) of ``SITE_URL``: a stable domain for identifiers such as iCalendar UIDs."""
    return urlsplit(settings.SITE_URL).netloc

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from documents.sitemaps import DocumentSitemap
from events.sitemaps import EventSitemap, SessionSitemap
from submissions.sitemaps import CallSitemap


class PageSitemap(Sitemap):
    """The portal's own pages: home and the lists the navigation leads to (search is no page to index)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["portal:home", "events:list", "documents:library", "submissions:calls"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "events": EventSitemap,
    "sessions": SessionSitemap,
    "documents": DocumentSitemap,
    "calls": CallSitemap,
}

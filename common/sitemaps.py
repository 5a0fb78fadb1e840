"""Sitemaps as an index of pages of bounded size, each answered in constant time whatever the archive's size.

Page N of a section holds the published items whose key falls in the N-th block of ``limit`` keys (keys
(N-1)*limit+1 to N*limit): an index range scan, never an OFFSET nor a count over the whole table. The index
lists the blocks from the first published key's to the last one's (one MIN/MAX query per section); gaps in the
keys only make some pages shorter, or empty.
Addresses come from SITE_URL; an item is announced only in the languages it is translated into.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import Max, Min
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date

from .translation_status import complete_languages


@dataclass(frozen=True)
class SiteAddress:
    """What Django's sitemap needs of a site: its domain, here from SITE_URL."""

    domain: str


@dataclass(frozen=True)
class KeyRangePage:
    object_list: list


class KeyRangePaginator:
    """Pages of ``sitemap`` by blocks of keys; ``page()`` gives (item, language) pairs as Django's Sitemap expects."""

    def __init__(self, sitemap):
        self.sitemap = sitemap

    def page_numbers(self):
        """The pages from the first published item's to the last one's."""
        keys = self.sitemap.items().aggregate(first=Min("pk"), last=Max("pk"))
        if keys["first"] is None:
            return range(1, 2)
        return range(self.number_of(keys["first"]), self.number_of(keys["last"]) + 1)

    def number_of(self, key):
        return (key - 1) // self.sitemap.limit + 1

    def page(self, number):
        limit = self.sitemap.limit
        items = self.sitemap.items().filter(pk__gt=(number - 1) * limit, pk__lte=number * limit)
        return KeyRangePage(
            [(item, language) for item in items for language in self.sitemap.get_languages_for_item(item)]
        )


class PublishedSitemap(Sitemap):
    """Published items of ``model`` in every language they are translated into, each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_languages_for_item(self, item):
        return complete_languages(item)

    @property
    def paginator(self):
        return KeyRangePaginator(self)


def page_numbers(sitemap):
    """Key-range pages for published items; Django's own pages (a handful of items) for the rest."""
    if isinstance(sitemap.paginator, KeyRangePaginator):
        return sitemap.paginator.page_numbers()
    return sitemap.paginator.page_range


def site_parts():
    address = urlsplit(settings.SITE_URL)
    return address.scheme, SiteAddress(address.netloc)


def without_query(view):
    """The sitemap at its one address: a query string is sent back to it, never computed as another variant."""

    def wrapper(request, *args, **kwargs):
        if request.META.get("QUERY_STRING"):
            return HttpResponsePermanentRedirect(request.path)
        return view(request, *args, **kwargs)

    return wrapper


def index_view(sitemaps):
    @without_query
    def index(request):
        locations = [
            settings.SITE_URL + reverse("sitemap_page", kwargs={"section": section, "page": page})
            for section, sitemap in sitemaps.items()
            for page in page_numbers(sitemap())
        ]
        return TemplateResponse(
            request,
            "sitemap_index.xml",
            {"sitemaps": [{"location": location, "last_mod": None} for location in locations]},
            content_type="application/xml",
        )

    return index


def page_view(sitemaps):
    @without_query
    def page(request, section, page):
        if section not in sitemaps or page < 1:
            raise Http404
        sitemap = sitemaps[section]()
        protocol, site = site_parts()
        try:
            urls = sitemap.get_urls(page=page, site=site, protocol=protocol)
        except EmptyPage:
            raise Http404 from None
        # An empty page the index lists (a gap in the keys) is an empty sitemap; any other is not found.
        if not urls and page not in page_numbers(sitemap):
            raise Http404
        response = TemplateResponse(request, "sitemap.xml", {"urlset": urls}, content_type="application/xml")
        if lastmods := [url["lastmod"] for url in urls if url["lastmod"]]:
            response.headers["Last-Modified"] = http_date(max(lastmods).timestamp())
        return response

    return page

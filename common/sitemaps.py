"""Sitemaps as an index of pages of bounded size, each answered in constant time whatever the archive's size.

Page N of a section holds the published items whose key falls in the N-th block of ``limit`` keys (keys
(N-1)*limit+1 to N*limit): an index range scan, never an OFFSET nor a count over the whole table. The index
lists the blocks from the first published key's to the last one's (one MIN/MAX query per section); gaps in the
keys only make some pages shorter, or empty.
Addresses come from SITE_URL; an item is announced only in the languages it is translated into.

A section of many items (documents) names its page's URL pattern (``url_name``): its page then reads only the
columns the sitemap shows (the URL's argument, ``updated_at``, and which languages are complete, computed by the
database), and makes every address from one ``reverse()`` per language instead of one per item, language and
alternate (fifteen per document).
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import BooleanField, ExpressionWrapper, Max, Min, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.timezone import template_localtime

from .translation_status import complete_languages, translated_fields


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

    def items(self, number):
        limit = self.sitemap.limit
        return self.sitemap.items().filter(pk__gt=(number - 1) * limit, pk__lte=number * limit)

    def page(self, number):
        items = self.items(number)
        return KeyRangePage(
            [(item, language) for item in items for language in self.sitemap.get_languages_for_item(item)]
        )


class PublishedSitemap(Sitemap):
    """Published items of ``model`` in every language they are translated into, each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    # 500 items in up to three languages, each with its alternates: a page costs tens of milliseconds to build.
    limit = 500
    model = None
    # The URL pattern of an item's page and the field giving its one argument: set, the page is built lean.
    url_name = None
    url_field = "slug"

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_languages_for_item(self, item):
        return complete_languages(item)

    @property
    def paginator(self):
        return KeyRangePaginator(self)

    def get_urls(self, page=1, site=None, protocol=None):
        if not self.url_name:
            return super().get_urls(page=page, site=site, protocol=protocol)
        return self.lean_urls(page, f"{self.get_protocol(protocol)}://{self.get_domain(site)}")

    def lean_urls(self, page, origin):
        """The page's entries as Django's Sitemap makes them, from values and one ``reverse()`` per language."""
        default = settings.LANGUAGE_CODE
        codes = [code for code, _name in settings.LANGUAGES]
        marker = "---sitemap---"
        paths = {}
        for code in codes:
            with translation.override(code):
                paths[code] = reverse(self.url_name, kwargs={self.url_field: marker}).split(marker)
        x_default = paths[default][0].replace(f"/{default}/", "/", 1), paths[default][1]
        complete = {f"complete_{code}": complete_in_sql(self.model, code) for code in codes if code != default}
        rows = self.paginator.items(page).annotate(**complete).values(self.url_field, "updated_at", *complete)
        urls = []
        for row in rows:
            value = quote(str(row[self.url_field]), safe="")
            languages = [code for code in codes if code == default or row[f"complete_{code}"]]
            alternates = [{"location": origin + value.join(paths[code]), "lang_code": code} for code in languages]
            if self.x_default and default in languages:
                alternates.append({"location": origin + value.join(x_default), "lang_code": "x-default"})
            urls += [
                {
                    "item": row,
                    "location": alternate["location"],
                    "lastmod": row["updated_at"],
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates,
                }
                for alternate in alternates[: len(languages)]
            ]
        return urls


def complete_in_sql(model, language):
    """``complete_languages`` as the database computes it: no translated field with English text lacks text in
    ``language``. Comparing a long text with '' reads its length, not the text from TOAST."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

    def present(name):
        return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})

    conditions = [~present(f"{field}_{default}") | present(f"{field}_{language}") for field in translated_fields(model)]
    return ExpressionWrapper(reduce(and_, conditions, Q()), output_field=BooleanField())


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


def urlset_xml(urls):
    """The page as Django's ``sitemap.xml`` template writes it, without the template engine: a page of 500 documents
    has 6,000 addresses, which the engine takes ten times longer to fill in than this."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    ]
    for url in urls:
        lines.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            lines.append(f"<lastmod>{template_localtime(url['lastmod']).strftime('%Y-%m-%d')}</lastmod>")
        if url["changefreq"]:
            lines.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            lines.append(f"<priority>{escape(url['priority'])}</priority>")
        lines += [
            f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
            f'href="{escape(alternate["location"])}"/>'
            for alternate in url["alternates"]
        ]
        lines.append("</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


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
        response = HttpResponse(urlset_xml(urls), content_type="application/xml")
        if lastmods := [url["lastmod"] for url in urls if url["lastmod"]]:
            response.headers["Last-Modified"] = http_date(max(lastmods).timestamp())
        return response

    return page

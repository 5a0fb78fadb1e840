"""Sitemaps as an index of pages of bounded size, each answered in constant time whatever the archive's size.

Page N of a section holds the published items whose key falls in the N-th block of ``limit`` keys (keys
(N-1)*limit+1 to N*limit): an index range scan, never an OFFSET nor a count over the whole table. The index
lists the blocks that hold a published item (one query per section, one index probe per block); gaps in the keys
make some pages shorter, and a block without any published item is no page.
Addresses come from SITE_URL; an item is announced only in the languages it is translated into.

A section that names its items' URL pattern (``url_name``: all but the portal's own pages) has its page built from
values, at a cost of a few microseconds an item: the database gives each item's URL arguments, its day in the
site's time zone and the languages it is complete in; the text of an item's entries (one per language, each with
every alternate) is written once per combination of languages and day, from one ``reverse()`` per language, and
each item only joins it with its URL argument.
"""

import re
from dataclasses import dataclass
from functools import cache, reduce
from itertools import product
from operator import and_
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db import connections
from django.db.models import BooleanField, CharField, ExpressionWrapper, F, Q
from django.db.models.functions import Cast, TruncDate
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.timezone import template_localtime
from django.views.decorators.http import require_safe

from .translation_status import complete_languages, translated_fields
from .views import with_content_etag


@dataclass(frozen=True)
class SiteAddress:
    """What Django's sitemap needs of a site: its domain, here from SITE_URL."""

    domain: str


# Markers in the text of an item's entries where its date goes, and in the address of a section's pages where the
# page number goes (an item's URL arguments have theirs, from ``argument_marker``).
LASTMOD = "---sitemap-lastmod---"
PAGE = 999_999_999


@dataclass(frozen=True)
class KeyRangePage:
    object_list: list


class KeyRangePaginator:
    """Pages of ``sitemap`` by blocks of keys; ``page()`` gives (item, language) pairs as Django's Sitemap expects."""

    def __init__(self, sitemap):
        self.sitemap = sitemap

    def page_numbers(self):
        """The pages holding a published item, in one query: the sitemaps.org schema wants at least one ``<url>`` in
        a page, so a block of keys that are all unpublished or deleted (a gap) is not a page.

        From the first published key, each step asks the key index for the first published key after the block
        of the one before (a skip scan): one index probe per page, and the keys of a gap read once, not the table.
        """
        items = self.sitemap.items().order_by().values(key=F("pk"))
        sql, params = items.query.sql_with_params()
        limit = int(self.sitemap.limit)
        query = (
            f"WITH RECURSIVE firsts(key) AS (SELECT MIN(key) FROM ({sql}) AS items UNION ALL "
            f"SELECT (SELECT MIN(key) FROM ({sql}) AS items WHERE key > ((firsts.key - 1) / {limit} + 1) * {limit}) "
            f"FROM firsts WHERE firsts.key IS NOT NULL) "
            f"SELECT (key - 1) / {limit} + 1 AS number FROM firsts WHERE key IS NOT NULL ORDER BY number"
        )
        with connections[items.db].cursor() as cursor:
            cursor.execute(query, [*params, *params])
            return [number for (number,) in cursor.fetchall()]

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
    # 300 items in up to three languages, each with its alternates: 900 entries, 480 KB for documents. An item costs
    # about 7 microseconds through gunicorn (database, Python, sending the response), so a full page answers in about
    # 1.5x a nearly empty one's time (1.49x at 100,000 documents, 1.56x at a million: docs/benchmarks.md); a million
    # documents make 3,334 pages, and ten million 33,334, within the 50,000 a sitemap index may list.
    limit = 300
    model = None
    # The URL pattern of an item's page and the field giving each of its arguments: set, the page is built from values.
    url_name = None
    url_arguments = {"slug": "slug"}

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_languages_for_item(self, item):
        return complete_languages(item)

    @property
    def paginator(self):
        return KeyRangePaginator(self)

    def lean_urlset(self, page, origin):
        """The page as ``urlset`` entries from values: an item's entries are the text for the languages it is complete
        in (``entry_texts``), dated, joined by its last URL argument; that text is made once per combination of
        languages, day and other arguments (the sessions of an event share its slug)."""
        default = settings.LANGUAGE_CODE
        others = [code for code, _name in settings.LANGUAGES if code != default]
        complete = {f"complete_{code}": complete_in_sql(self.model, code) for code in others}
        rows = (
            # Plain values: modeltranslation's fallbacks concern none of these columns.
            self.paginator.items(page)
            .rewrite(False)
            # The day as the text the entry shows (ISO 8601), from the database: no date object per item.
            .annotate(day=Cast(TruncDate("updated_at"), CharField()), **complete)
            .values_list(*self.url_arguments.values(), "day", *complete)
        )
        texts = self.entry_texts(origin, default, others)
        *leading, last = self.url_arguments

        @cache
        def pieces(flags, day, *values):
            text = texts[flags].replace(LASTMOD, day)
            for keyword, value in zip(leading, values, strict=True):
                text = text.replace(argument_marker(keyword), quoted(value))
            return text.split(argument_marker(last))

        entries = []
        width = len(self.url_arguments)
        for row in rows:
            *values, value = row[:width]
            day, flags = row[width], row[width + 1 :]
            entries.append(quoted(value).join(pieces(flags, day, *values)))
        return entries

    def entry_texts(self, origin, default, others):
        """For each combination of ``others`` an item may be complete in (a tuple of booleans), the text of its
        entries, one per language with every alternate, holding ``LASTMOD`` and a marker for each URL argument.

        Built with ``url_xml`` like every other entry, from one ``reverse()`` per language; the quoted arguments
        need no escaping (``quote(..., safe="")`` leaves letters, digits and ``_.-~`` only).
        """
        addresses = {}
        for code in [default, *others]:
            with translation.override(code):
                addresses[code] = reverse(
                    self.url_name, kwargs={keyword: argument_marker(keyword) for keyword in self.url_arguments}
                )
        x_default = (
            [("x-default", origin + addresses[default].replace(f"/{default}/", "/", 1))] if self.x_default else []
        )
        texts = {}
        for flags in product((False, True), repeat=len(others)):
            languages = [default, *(code for code, flag in zip(others, flags, strict=True) if flag)]
            alternates = [(code, origin + addresses[code]) for code in languages] + x_default
            texts[flags] = "\n".join(url_xml(origin + addresses[code], LASTMOD, alternates) for code in languages)
        return texts


# What ``quote(text, safe="")`` leaves as it is: a slug or a number, most URL arguments, need no quoting.
UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


def quoted(value):
    """``value`` as a part of a URL's path: ``quote(str(value), safe="")``, skipped for the usual slug."""
    text = str(value)
    return text if UNRESERVED.fullmatch(text) else quote(text, safe="")


def argument_marker(keyword):
    """Where the URL argument ``keyword`` goes in the text of an item's entries: a value any URL converter takes."""
    return f"---sitemap-argument-{keyword}---"


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
    @require_safe
    @without_query
    def index(request):
        return HttpResponse(
            index_xml([(section, page_numbers(sitemap())) for section, sitemap in sitemaps.items()]),
            content_type="application/xml",
        )

    return index


def index_xml(sections):
    """The index as Django's ``sitemap_index.xml`` template writes it, for (section, page numbers) pairs: a million
    documents make 2,000 pages, so each section's address is reversed once and its page numbers written into it."""
    entries = []
    for section, numbers in sections:
        address = settings.SITE_URL + reverse("sitemap_page", kwargs={"section": section, "page": PAGE})
        before, after = (escape(part) for part in address.rsplit(str(PAGE), 1))
        entries += [f"<sitemap><loc>{before}{number}{after}</loc></sitemap>" for number in numbers]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}\n</sitemapindex>\n"
    )


def urlset(sitemap, page):
    """The ``<url>`` entries (XML text) of page ``page`` of ``sitemap``: from values for a section that names its
    items' URL pattern, else from the entries Django's ``Sitemap`` makes."""
    protocol, site = site_parts()
    if isinstance(sitemap, PublishedSitemap) and sitemap.url_name:
        return sitemap.lean_urlset(page, f"{protocol}://{site.domain}")
    urls = sitemap.get_urls(page=page, site=site, protocol=protocol)
    entries = [
        url_xml(
            url["location"],
            url["lastmod"] and template_localtime(url["lastmod"]).strftime("%Y-%m-%d"),
            [(alternate["lang_code"], alternate["location"]) for alternate in url["alternates"]],
            changefreq=url["changefreq"],
            priority=url["priority"],
        )
        for url in urls
    ]
    return entries


def url_xml(location, lastmod, alternates, changefreq=None, priority=""):
    """One ``<url>`` entry as Django's ``sitemap.xml`` template writes it: ``lastmod`` is the date's text,
    ``alternates`` are (language, address) pairs."""
    lines = [f"<url><loc>{escape(location)}</loc>"]
    if lastmod:
        lines.append(f"<lastmod>{lastmod}</lastmod>")
    if changefreq:
        lines.append(f"<changefreq>{escape(changefreq)}</changefreq>")
    if priority:
        lines.append(f"<priority>{escape(priority)}</priority>")
    lines += [
        f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(address)}"/>'
        for code, address in alternates
    ]
    lines.append("</url>")
    return "\n".join(lines)


def urlset_xml(entries):
    """The page as Django's ``sitemap.xml`` template writes it, without the template engine: a page of 300 documents
    has 3,600 addresses, which the engine takes ten times longer to fill in than this."""
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
            *entries,
            "</urlset>\n",
        ]
    )


def page_view(sitemaps):
    @require_safe
    @without_query
    def page(request, section, page):
        if section not in sitemaps or page < 1:
            raise Http404
        sitemap = sitemaps[section]()
        try:
            entries = urlset(sitemap, page)
        except EmptyPage:
            raise Http404 from None
        # The index lists only pages holding an item: an empty one (a gap in the keys, or its last item unpublished
        # since the index was read) is not found, never an empty <urlset>, which the sitemaps.org schema refuses.
        if not entries:
            raise Http404
        return with_content_etag(HttpResponse(urlset_xml(entries), content_type="application/xml"))

    return page

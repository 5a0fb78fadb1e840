"""The sitemap: an index of pages of bounded size, at SITE_URL, announcing each page only in its real languages."""

import re
import xml.etree.ElementTree as ET

import pytest

from common.sitemaps import PublishedSitemap
from documents.sitemaps import DocumentSitemap
from tests.factories import DocumentFactory, EventFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
W3C_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$")


def page_locations(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [entry.findtext("sm:loc", namespaces=NS) for entry in index.findall("sm:sitemap", NS)]


def read_page(client, location):
    """A sitemap page, checked against the sitemaps.org protocol's rules; its entries by address."""
    assert location.startswith("https://portal.example.org/")
    response = client.get(location.removeprefix("https://portal.example.org"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    entries = {}
    for url in root.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc.startswith("https://portal.example.org/")
        assert len(loc) < 2048
        if url.findtext("sm:lastmod", namespaces=NS):
            assert W3C_DATETIME.match(url.findtext("sm:lastmod", namespaces=NS))
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
    assert len(entries) <= 50000
    return entries


def all_entries(client):
    return {loc: links for location in page_locations(client) for loc, links in read_page(client, location).items()}


def test_sitemap_lists_published_pages_at_site_url_with_their_alternates(client):
    EventFactory(slug="hld")
    EventFactory(slug="draft-event", status="draft")

    entries = all_entries(client)

    assert not any("draft-event" in location for location in entries)
    assert entries["https://portal.example.org/fr/events/hld/"] == {
        "en": "https://portal.example.org/en/events/hld/",
        "fr": "https://portal.example.org/fr/events/hld/",
        "es": "https://portal.example.org/es/events/hld/",
        "x-default": "https://portal.example.org/events/hld/",
    }
    assert "https://portal.example.org/es/documents/" in entries


def test_an_english_only_page_is_announced_in_english_only(client):
    EventFactory(slug="english-only", title_fr="", title_es="", city_fr="", city_es="")
    DocumentFactory(slug="half", title_es="")

    entries = all_entries(client)

    assert "https://portal.example.org/fr/events/english-only/" not in entries
    assert entries["https://portal.example.org/en/events/english-only/"] == {
        "en": "https://portal.example.org/en/events/english-only/",
        "x-default": "https://portal.example.org/events/english-only/",
    }
    assert "https://portal.example.org/fr/documents/half/" in entries
    assert "https://portal.example.org/es/documents/half/" not in entries


def events_pages(client):
    return [location for location in page_locations(client) if "/sitemap-events-" in location]


def test_pages_have_a_bounded_size(client, monkeypatch):
    monkeypatch.setattr(PublishedSitemap, "limit", 4)
    events = [EventFactory() for _ in range(10)]

    pages = events_pages(client)
    entries = [read_page(client, location) for location in pages]

    # Ten consecutive keys fill three blocks of four, or touch four.
    assert len(pages) in (3, 4)
    assert all(len(page) <= 4 * 3 for page in entries)
    listed = {location for page in entries for location in page}
    assert {f"https://portal.example.org/en/events/{event.slug}/" for event in events} <= listed
    last = int(pages[-1].removesuffix(".xml").rsplit("-", 1)[1])
    assert client.get(f"/sitemap-events-{last + 1}.xml").status_code == 404
    assert client.get("/sitemap-events-0.xml").status_code == 404
    assert client.get("/sitemap-nothing-1.xml").status_code == 404


def test_a_gap_in_the_keys_is_an_empty_page_not_an_error(client, monkeypatch):
    monkeypatch.setattr(PublishedSitemap, "limit", 2)
    events = EventFactory.create_batch(6)
    for event in events[1:5]:
        event.status = "draft"
        event.save()

    pages = events_pages(client)
    sizes = [len(read_page(client, location)) for location in pages]

    assert sizes[0] > 0
    assert sizes[-1] > 0
    assert sum(sizes) == 2 * 3


@pytest.mark.parametrize("count", [1, 300])
def test_sitemap_pages_and_index_take_constant_queries(client, django_assert_num_queries, count):
    EventFactory.create_batch(count)
    first = events_pages(client)[0].removeprefix("https://portal.example.org")

    with django_assert_num_queries(1):
        client.get(first)
    # One MIN/MAX of the keys per section of items (the portal's own pages need none).
    with django_assert_num_queries(4):
        client.get("/sitemap.xml")


def test_a_query_string_is_sent_back_to_the_one_address(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        index = client.get("/sitemap.xml", {"nocache": "1"})
        page = client.get("/sitemap-events-1.xml", {"p": "2"})

    assert (index.status_code, index["Location"]) == (301, "/sitemap.xml")
    assert (page.status_code, page["Location"]) == (301, "/sitemap-events-1.xml")


def test_documents_pages_hold_at_most_their_limit_and_every_published_document(client, monkeypatch):
    monkeypatch.setattr(DocumentSitemap, "limit", 3)
    documents = DocumentFactory.create_batch(7)
    DocumentFactory(slug="draft-document", status="draft")

    pages = [location for location in page_locations(client) if "/sitemap-documents-" in location]
    entries = [read_page(client, location) for location in pages]

    assert len(pages) >= 3
    assert all(len(page) <= 3 * 3 for page in entries)
    listed = {location for page in entries for location in page}
    assert {f"https://portal.example.org/es/documents/{document.slug}/" for document in documents} <= listed
    assert not any("draft-document" in location for location in listed)


def test_documents_page_is_what_djangos_own_sitemap_makes(client, monkeypatch, django_assert_num_queries):
    DocumentFactory(
        slug="complete", description="<p>Text</p>", description_fr="<p>Texte</p>", description_es="<p>T</p>"
    )
    DocumentFactory(slug="no-spanish-description", description="<p>Text</p>", description_fr="<p>Texte</p>")
    DocumentFactory(slug="english-only", title_fr="", title_es="")
    DocumentFactory(slug="no-description")

    pages = [location for location in page_locations(client) if "/sitemap-documents-" in location]

    lean = {}
    for location in pages:
        with django_assert_num_queries(1):
            lean.update(read_page(client, location))
    monkeypatch.setattr(DocumentSitemap, "url_name", None)
    django_made = {loc: links for location in pages for loc, links in read_page(client, location).items()}

    assert lean == django_made
    assert lean["https://portal.example.org/fr/documents/no-spanish-description/"] == {
        "en": "https://portal.example.org/en/documents/no-spanish-description/",
        "fr": "https://portal.example.org/fr/documents/no-spanish-description/",
        "x-default": "https://portal.example.org/documents/no-spanish-description/",
    }
    assert len(lean) == 3 + 2 + 1 + 3

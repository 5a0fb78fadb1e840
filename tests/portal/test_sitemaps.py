"""The sitemap: an index of pages of bounded size, at SITE_URL, announcing each page only in its real languages."""

import datetime
import re
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from common.sitemaps import PublishedSitemap
from documents.models import Document
from documents.sitemaps import DocumentSitemap
from events.sitemaps import EventSitemap, SessionSitemap
from submissions.sitemaps import CallSitemap
from tests.factories import CallFactory, DocumentFactory, EventFactory, SessionFactory

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
    # The schema's <urlset> holds 1 to 50,000 <url> (sitemap.xsd: minOccurs="1" maxOccurs="unbounded", and the
    # protocol's limit).
    assert 1 <= len(entries) <= 50000
    return entries


def dated_entries(content):
    """A page's entries by address: (lastmod, alternates by language)."""
    return {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("sm:lastmod", namespaces=NS),
            {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)},
        )
        for url in ET.fromstring(content).findall("sm:url", NS)
    }


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
    assert "https://portal.example.org/fr/calls/" in entries


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


def test_a_gap_in_the_keys_is_no_page(client, monkeypatch):
    # Six unpublished keys in a row fill at least two blocks of two: neither is a page, as a <urlset> without any
    # <url> is refused by the sitemaps.org schema.
    monkeypatch.setattr(PublishedSitemap, "limit", 2)
    events = EventFactory.create_batch(8)
    for event in events[1:7]:
        event.status = "draft"
        event.save()
    blocks = {(event.pk - 1) // 2 + 1 for event in (events[0], events[-1])}

    pages = events_pages(client)
    sizes = [len(read_page(client, location)) for location in pages]

    assert [f"https://portal.example.org/sitemap-events-{number}.xml" for number in sorted(blocks)] == pages
    assert sum(sizes) == 2 * 3
    gap = (events[3].pk - 1) // 2 + 1
    assert gap not in blocks
    assert client.get(f"/sitemap-events-{gap}.xml").status_code == 404


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


def make_sessions():
    """Sessions of two events, in three, one and two languages, and one of a draft event."""
    hld, other = EventFactory(slug="hld"), EventFactory(slug="other")
    translated = {"title_fr": "Table ronde", "title_es": "Mesa redonda", "theme_fr": "Thème", "theme_es": "Tema"}
    SessionFactory(event=hld, **translated)
    SessionFactory(event=hld)
    SessionFactory(event=other, title_fr="Table ronde", theme_fr="Thème")
    SessionFactory(event=EventFactory(status="draft"), **translated)


@pytest.mark.parametrize(
    ("section", "sitemap", "make", "entries"),
    [
        (
            "events",
            EventSitemap,
            lambda: [EventFactory(), EventFactory(title_es=""), EventFactory(title_fr="")],
            3 + 2 + 2,
        ),
        ("calls", CallSitemap, lambda: [CallFactory(), CallFactory(title_fr="", title_es="")], 3 + 1),
        ("sessions", SessionSitemap, make_sessions, 3 + 1 + 2),
    ],
)
def test_events_sessions_and_calls_pages_are_what_djangos_own_sitemap_makes(
    client, monkeypatch, section, sitemap, make, entries
):
    make()
    pages = [
        location.removeprefix("https://portal.example.org")
        for location in page_locations(client)
        if f"/sitemap-{section}-" in location
    ]

    lean = [client.get(location) for location in pages]
    monkeypatch.setattr(sitemap, "url_name", None)
    django_made = [client.get(location) for location in pages]

    assert [dated_entries(page.content) for page in lean] == [dated_entries(page.content) for page in django_made]
    assert [page["ETag"] for page in lean] == [page["ETag"] for page in django_made]
    assert sum(len(dated_entries(page.content)) for page in lean) == entries


def test_a_page_of_many_documents_announces_each_in_its_languages_dated_in_the_site_time_zone(
    client, monkeypatch, settings, django_assert_num_queries
):
    settings.TIME_ZONE = "America/New_York"
    monkeypatch.setattr(DocumentSitemap, "limit", 100)
    documents = DocumentFactory.create_batch(250)
    # Every seventh in English only, every third other one without Spanish; changed an hour apart from 00:30 UTC on
    # 1 March, which is still 28 February in New York.
    for number, document in enumerate(documents):
        if number % 7 == 0:
            document.title_fr = document.title_es = ""
        elif number % 3 == 0:
            document.title_es = ""
        document.updated_at = datetime.datetime(2026, 3, 1, 0, 30, tzinfo=datetime.UTC) + datetime.timedelta(
            hours=number
        )
    Document.objects.bulk_update(documents, ["title_fr", "title_es", "updated_at"])

    responses = []
    for location in page_locations(client):
        if "/sitemap-documents-" in location:
            with django_assert_num_queries(1):
                responses.append(client.get(location.removeprefix("https://portal.example.org")))

    expected = {}
    for document in documents:
        titles = {"en": document.title, "fr": document.title_fr, "es": document.title_es}
        address = {
            code: f"https://portal.example.org/{code}/documents/{document.slug}/" for code in titles if titles[code]
        }
        alternates = address | {"x-default": f"https://portal.example.org/documents/{document.slug}/"}
        day = document.updated_at.astimezone(ZoneInfo("America/New_York")).date().isoformat()
        expected |= dict.fromkeys(address.values(), (day, alternates))
    listed = {}
    for response in responses:
        listed |= dated_entries(response.content)
    assert max(len(dated_entries(response.content)) for response in responses) > 200
    assert listed == expected
    first = documents[0].slug
    assert listed[f"https://portal.example.org/en/documents/{first}/"] == (
        "2026-02-28",
        {
            "en": f"https://portal.example.org/en/documents/{first}/",
            "x-default": f"https://portal.example.org/documents/{first}/",
        },
    )


def documents_pages(client):
    """The text of every page of the documents section, and what a crawler sends back to ask whether each changed
    (If-None-Match, If-Modified-Since)."""
    pages = [
        client.get(location.removeprefix("https://portal.example.org"))
        for location in page_locations(client)
        if "/sitemap-documents-" in location
    ]
    text = "".join(page.content.decode() for page in pages)
    return text, tuple((page.get("ETag"), page.get("Last-Modified")) for page in pages)


def test_a_page_tells_a_crawler_it_changed_whenever_its_addresses_do(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
    kept, withdrawn = DocumentFactory(slug="kept"), DocumentFactory(slug="withdrawn")
    DocumentFactory(slug="scheduled", publish_from=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    time_machine.move_to(datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC), tick=False)
    kept.save()
    before, first = documents_pages(client)

    # The scheduled document goes public; then one is deleted: neither changes the latest edit of what is listed.
    time_machine.move_to(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), tick=False)
    published, second = documents_pages(client)
    withdrawn.delete()
    deleted, third = documents_pages(client)

    assert "/en/documents/scheduled/" not in before
    assert "/en/documents/scheduled/" in published
    assert "/en/documents/withdrawn/" not in deleted
    assert len({first, second, third}) == 3
    assert all(etag for validators in (first, second, third) for etag, _date in validators)


def test_a_section_without_published_items_has_no_page(client):
    # The sitemaps.org schema wants at least one <url> in a <urlset>: a new site has no documents, calls or sessions.
    EventFactory(slug="hld")
    DocumentFactory(slug="draft", status="draft")

    pages = page_locations(client)

    assert [re.search(r"/sitemap-([a-z]+)-\d+\.xml$", location)[1] for location in pages] == ["pages", "events"]
    for location in pages:
        urlset = ET.fromstring(client.get(location.removeprefix("https://portal.example.org")).content)
        assert urlset.findall("sm:url", NS)
    assert client.get("/sitemap-documents-1.xml").status_code == 404

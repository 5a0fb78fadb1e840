"""How people and machines find the portal's content: search, feeds, sitemap, robots, metadata, the JSON API."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from documents.models import Document
from events.sitemaps import EventSitemap
from tests.factories import (
    DocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "atom": "http://www.w3.org/2005/Atom",
}


def test_search_in_french_finds_a_french_title(client):
    DocumentFactory(slug="protection", title="Protection of migrants", title_fr="Protection des travailleurs migrants")
    DocumentFactory(slug="other", title="Financing for development", title_fr="Financement du développement")

    html = client.get("/fr/search/", {"q": "travailleurs migrants"}).content.decode()

    assert "Protection des travailleurs migrants" in html
    assert "Financement du développement" not in html
    assert "1 résultat pour" in html


def test_search_groups_results_by_kind(client):
    event = EventFactory(title="Dialogue on migration")
    SessionFactory(event=event, title="Round Table on migration governance")
    DocumentFactory(title="Migration report")
    SubmissionFactory(organisation="Migration Network", status="published")
    SubmissionFactory(organisation="Migration Secret", status="received")

    html = client.get("/en/search/", {"q": "migration"}).content.decode()

    headings = [html.index(f">{label}</h2>") for label in ("Events", "Sessions", "Documents", "Written submissions")]
    assert headings == sorted(headings)
    assert "Migration Network" in html
    assert "Migration Secret" not in html


def test_exact_symbol_matches_rank_first(client):
    DocumentFactory(symbol="A/68/292/Add.1", slug="addendum", title="Addendum on A/68/292")
    DocumentFactory(symbol="A/68/292", slug="report", title="Protection of migrants")

    ranked = list(Document.objects.published().search("A/68/292", "en").values_list("symbol", flat=True))
    response = client.get("/en/search/", {"q": "a/68/292"})

    assert ranked[0] == "A/68/292"
    assert "A/68/292/Add.1" in ranked
    assert response.status_code == 302
    assert response["Location"] == "/en/documents/report/"


def test_search_without_words_shows_the_form_only(client, django_assert_max_num_queries):
    # Only the navigation's open calls are read: no search runs.
    with django_assert_max_num_queries(1):
        response = client.get("/es/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Buscar" in response.content.decode()


def test_robots_points_to_the_sitemap_and_keeps_private_pages_out(client):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: https://portal.example.org/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /en/submissions/status/" in text


def test_document_feeds_are_valid_rss_and_atom_in_the_visitor_language(client):
    DocumentFactory(symbol="A/68/292", title="Protection of migrants", title_fr="Protection des migrants")
    DocumentFactory(title="Draft", status="draft")

    rss = ET.fromstring(client.get("/fr/feeds/documents.rss").content)
    atom = ET.fromstring(client.get("/es/feeds/documents.atom").content)

    assert rss.tag == "rss"
    assert [item.findtext("title") for item in rss.iter("item")] == ["A/68/292 – Protection des migrants"]
    assert rss.find("channel/link").text == "https://portal.example.org/fr/documents/"
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("atom:entry", NS)) == 1


@pytest.mark.parametrize(
    "path", ["/en/feeds/documents.rss", "/fr/feeds/documents.atom", "/en/events/calendar.ics", "/sitemap-events-{}.xml"]
)
def test_a_poller_holding_the_current_text_is_told_it_has_not_changed(client, path):
    event = EventFactory(slug="hld")
    DocumentFactory()
    path = path.format(EventSitemap().paginator.number_of(event.pk))
    first = client.get(path)

    again = client.get(path, headers={"if-none-match": first["ETag"]})
    changed = client.get(path, headers={"if-none-match": '"an-older-text"'})

    assert (first.status_code, again.status_code, changed.status_code) == (200, 304, 200)
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert changed.content == first.content


def test_submission_feed_lists_published_submissions_without_contact_details(client):
    SubmissionFactory(organisation="IOM", title="Labour mobility", status="published", email="private@example.org")
    SubmissionFactory(organisation="Unpublished", status="received")

    body = client.get("/en/feeds/submissions.rss").content
    titles = [item.findtext("title") for item in ET.fromstring(body).iter("item")]

    assert titles == ["IOM: Labour mobility"]
    assert b"private@example.org" not in body


def test_event_page_has_canonical_alternates_open_graph_and_schema_org(client):
    EventFactory(slug="hld", title="High-Level Dialogue", venue="United Nations Headquarters", country="US")

    html = client.get("/es/events/hld/").content.decode()

    assert '<link rel="canonical" href="https://portal.example.org/es/events/hld/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://portal.example.org/events/hld/">' in html
    assert '<meta property="og:locale" content="es_ES">' in html
    assert '<meta property="og:title" content="Reunión High-Level Dialogue">' in html
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == "Reunión High-Level Dialogue"
    assert data["startDate"] == "2013-10-03"
    assert data["location"]["address"]["addressCountry"] == "US"


def test_schema_org_block_cannot_break_out_of_its_script(client):
    EventFactory(slug="x", title="</script><script>alert(1)</script>")

    html = client.get("/en/events/x/").content.decode()

    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_events_api_gives_events_with_their_sessions_in_the_asked_language(client):
    event = EventFactory(slug="hld", title="Dialogue", title_fr="Dialogue FR")
    SessionFactory(event=event, number=1, title="Round Table 1", title_fr="Table ronde 1")
    SessionFactory(event=event, number=2, status="draft")

    by_prefix = client.get("/fr/api/events/").json()
    by_parameter = client.get("/en/api/events/", {"lang": "fr"})

    assert by_prefix["count"] == 1
    assert by_prefix["next"] is None
    item = by_prefix["results"][0]
    assert item["title"] == "Dialogue FR"
    assert item["start_date"] == "2013-10-03"
    assert item["url"] == "https://portal.example.org/fr/events/hld/"
    assert [session["title"] for session in item["sessions"]] == ["Table ronde 1"]
    assert set(item["sessions"][0]) == {
        "slug",
        "kind",
        "number",
        "title",
        "theme",
        "date",
        "start_time",
        "end_time",
        "url",
    }
    assert by_parameter.json()["results"][0]["title"] == "Dialogue FR"
    assert by_parameter["Content-Language"] == "fr"


def test_documents_api_gives_versions_and_pages(client):
    for number in range(55):
        VersionFactory(document=DocumentFactory(symbol=f"A/68/{number}", slug=f"d{number}"), language="es")

    first = client.get("/es/api/documents/").json()
    second = client.get(first["next"]).json()

    assert first["count"] == 55
    assert len(first["results"]) == 50
    assert len(second["results"]) == 5
    assert second["next"] is None
    version = first["results"][0]["versions"][0]
    assert version["language"] == "es"
    assert version["url"].startswith("https://undocs.org/es/A/68/")
    assert client.get("/en/api/documents/", {"symbol": "a/68/7"}).json()["results"][0]["symbol"] == "A/68/7"


@pytest.mark.parametrize("count", [1, 200])
def test_api_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    for _ in range(count):
        SessionFactory(event=EventFactory(), number=1)

    with django_assert_num_queries(3):
        client.get("/en/api/events/")


def test_api_refuses_bad_requests_clearly(client):
    assert client.get("/en/api/events/", {"lang": "de"}).status_code == 400
    assert "use en, fr or es" in client.get("/en/api/events/", {"lang": "de"}).json()["error"]
    assert client.post("/en/api/events/").status_code == 405
    assert client.get("/en/api/events/", {"page": "9"}).status_code == 404
    assert client.get("/en/api/events/nope/").status_code == 404


@pytest.mark.parametrize(
    ("language", "text"), [("fr", "Page introuvable"), ("es", "Página no encontrada"), ("en", "Page not found")]
)
def test_not_found_page_is_translated_and_styled(client, language, text):
    response = client.get(f"/{language}/no-such-page/")

    assert response.status_code == 404
    assert text in response.content.decode()
    assert "/static/css/site.css" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("fr", "Une erreur s’est produite"), ("es", "Se ha producido un error")]
)
def test_server_error_page_is_translated(language, text):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert text in response.content.decode().replace("&#x27;", "'")

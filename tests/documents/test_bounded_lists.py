"""The library and the admin count a long list only up to a bound (common/pagination.py) and say so."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.pagination import BoundedPaginator
from tests.factories import DocumentFactory, EventDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", 3)
    return 3


def test_library_says_there_are_more_documents_than_it_counts(client, bound):
    DocumentFactory.create_batch(5)

    response = client.get("/en/documents/")

    html = response.content.decode()
    assert "More than 3 documents; the first 3 are listed" in html
    assert len(response.context["page_obj"].object_list) == 3


def test_library_counts_exactly_below_the_bound(client, bound):
    DocumentFactory.create_batch(2)

    html = client.get("/en/documents/").content.decode()

    assert "2 documents" in html
    assert "More than" not in html


def test_library_offers_only_the_pages_of_the_counted_documents(client, bound, settings):
    DocumentFactory.create_batch(5)

    assert client.get("/en/documents/?page=1").status_code == 200
    # Past the counted pages: the last one, its filters kept, not "page not found".
    assert client.get("/en/documents/?type=report&page=2")["Location"] == "/en/documents/?type=report"


def test_library_bounded_message_is_translated(client, bound):
    DocumentFactory.create_batch(5)

    assert "Plus de 3 documents" in client.get("/fr/documents/").content.decode()
    assert "Más de 3 documentos" in client.get("/es/documents/").content.decode()


def test_admin_document_list_says_more_than_it_counts(admin_client, bound):
    DocumentFactory.create_batch(5)

    html = admin_client.get("/admin/documents/document/").content.decode()

    assert "more than 3 documents" in html


def test_admin_document_search_finds_words_in_any_order(admin_client):
    DocumentFactory(title="Migration and human rights", symbol="A/70/1", slug="a-70-1")
    DocumentFactory(title="Trade statistics", symbol="A/70/2", slug="a-70-2")

    html = admin_client.get("/admin/documents/document/?q=rights+migration").content.decode()

    assert "Migration and human rights" in html
    assert "Trade statistics" not in html


def test_library_filters_by_an_events_key_which_the_database_can_estimate(client):
    # Joined through the event's slug, PostgreSQL expected the average event's documents for every event, and walked
    # a large library newest first to find an old event's few (docs/scaling.md, "An event's few documents").
    link = EventDocumentFactory(event__slug="hld-2013", document__title="International migration and development")
    EventDocumentFactory(event__slug="another-meeting", document__title="Report of another meeting")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/documents/", {"event": "hld-2013"}).content.decode()

    assert "International migration and development" in html
    assert "Report of another meeting" not in html
    listed = [query["sql"] for query in queries if 'FROM "documents_document"' in query["sql"]]
    assert listed
    assert all(f'"event_id" = {link.event.pk}' in sql for sql in listed)
    assert not any("hld-2013" in sql for sql in listed)

"""Walking a whole list of the API by its links: each row once, in order, at the cost of one page per page."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from common import api
from common.pagination import LIST_LIMIT
from documents.models import Document
from events.models import Event
from records.models import Delegation, Statement
from tests.factories import DocumentFactory, EventFactory, SessionFactory, VersionFactory

pytestmark = pytest.mark.django_db

DATES = [datetime.date(2013, 8, 9), None, datetime.date(2012, 1, 1), datetime.date(2013, 8, 9)]


def walk(client, address, link="next", **params):
    """Every page of a list, from ``address``, by its ``link``s."""
    pages = [client.get(address, params)]
    while pages[-1].json()[link]:
        pages.append(client.get(pages[-1].json()[link]))
    assert {page.status_code for page in pages} == {200}
    return [page.json() for page in pages]


def cursor(link):
    return parse_qs(urlsplit(link).query)["cursor"][0]


def slugs(pages):
    return [item["slug"] for page in pages for item in page["results"]]


@pytest.fixture
def documents(db):
    """Documents sharing dates, without a date, sharing an empty symbol; their keys out of their order."""
    for number in range(40):
        DocumentFactory(
            slug=f"d{number}",
            symbol="" if number % 6 == 0 else f"A/68/{99 - number}",
            date=DATES[number % 4],
            doc_type="resolution" if number % 3 == 0 else "report",
        )


@pytest.fixture
def short_pages(monkeypatch):
    monkeypatch.setattr(api, "PAGE_SIZE", 3)


@pytest.mark.parametrize("filters", [{}, {"type": "resolution"}, {"type": "report", "lang": "fr"}])
def test_walking_documents_by_next_gives_each_once_in_order(client, documents, short_pages, filters):
    listed = Document.objects.published().newest_first()
    if "type" in filters:
        listed = listed.filter(doc_type=filters["type"])

    pages = walk(client, "/en/api/documents/", **filters)

    assert slugs(pages) == list(listed.values_list("slug", flat=True))
    assert len(set(slugs(pages))) == listed.count()
    assert pages[0]["previous"] is None
    assert all(page["count"] == listed.count() and page["count_exact"] for page in pages)
    back = walk(client, pages[-1]["previous"], link="previous")
    assert [page["results"] for page in reversed(back)] == [page["results"] for page in pages[:-1]]


def test_walking_events_and_statements_with_ties_gives_each_once(client, short_pages):
    for number in range(10):
        EventFactory(slug=f"e{number}", start_date=datetime.date(2013, 10, 3 + number % 2))
    session = SessionFactory(event=Event.objects.get(slug="e0"), slug="plenary-1")
    for number in range(8):
        delegation = Delegation.objects.create(kind="igo", slug=f"delegation-{number}", name_en=f"D{number}")
        Statement.objects.create(session=session, delegation=delegation, order=number % 2, status="published")

    events = walk(client, "/en/api/events/")
    statements = walk(client, "/en/api/sessions/e0/plenary-1/statements/")

    assert slugs(events) == list(Event.objects.order_by("-start_date", "pk").values_list("slug", flat=True))
    delegations = [item["delegation"]["slug"] for page in statements for item in page["results"]]
    assert delegations == list(Statement.objects.order_by("order", "pk").values_list("delegation__slug", flat=True))
    assert len(set(delegations)) == 8


def test_a_cursor_follows_its_row_when_rows_are_added_before_it(client, documents, short_pages):
    first = client.get("/en/api/documents/").json()
    DocumentFactory(slug="newest", date=datetime.date(2020, 1, 1))

    second = client.get(first["next"]).json()

    listed = list(Document.objects.published().newest_first().values_list("slug", flat=True))
    start = listed.index(first["results"][-1]["slug"]) + 1
    assert slugs([second]) == listed[start : start + 3]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This cursor is not valid for this list and these filters: follow its “next” and “previous” links."),
        (
            "fr",
            "Ce curseur n’est pas valable pour cette liste et ces filtres : suivez ses liens « next » et « previous ».",
        ),
        ("es", "Este cursor no es válido para esta lista y estos filtros: siga sus enlaces “next” y “previous”."),
    ],
)
def test_a_cursor_of_another_list_or_other_filters_is_refused_in_the_language(
    client, documents, short_pages, language, message
):
    EventFactory.create_batch(5)
    report = cursor(client.get(f"/{language}/api/documents/", {"type": "report"}).json()["next"])
    event = cursor(client.get(f"/{language}/api/events/").json()["next"])

    for params in (
        {"cursor": "nonsense"},
        {"cursor": event},
        {"cursor": report},
        {"cursor": report, "type": "resolution"},
        {"cursor": report[:-1] + ("A" if report[-1] != "A" else "B"), "type": "report"},
    ):
        response = client.get(f"/{language}/api/documents/", params)
        assert (response.status_code, response.json()) == (400, {"error": message})
    assert client.get("/es/api/documents/", {"cursor": report, "type": "report", "lang": "fr"}).status_code == 200


def test_pages_by_number_stop_where_the_count_does(client, documents):
    response = client.get("/fr/api/documents/", {"page": "21"})

    assert response.status_code == 400
    assert response.json() == {
        "error": "Les pages après la 20 n’ont pas de numéro : suivez le lien « next » de la page 20, "
        "puis de chaque page."
    }
    assert client.get("/en/api/documents/", {"page": "20"}).status_code == 404
    assert client.get("/en/api/documents/", {"page": "1", "cursor": "x"}).json() == {
        "error": "Give a page or a cursor, not both."
    }


def test_the_count_stops_at_the_bound_and_says_so(client):
    Document.objects.bulk_create(
        Document(slug=f"d{number}", symbol=f"A/{number}", title="Report", status="published")
        for number in range(LIST_LIMIT + 1)
    )

    page = client.get("/en/api/documents/").json()

    assert (page["count"], page["count_exact"]) == (LIST_LIMIT, False)
    assert len(page["results"]) == 50


@pytest.mark.parametrize("count", [2, 120])
def test_each_page_costs_the_same_queries_whatever_the_rows(client, django_assert_num_queries, monkeypatch, count):
    monkeypatch.setattr(api, "PAGE_SIZE", 1)
    for number in range(count):
        VersionFactory(document=DocumentFactory(date=DATES[number % 4]), language="fr")
    first = client.get("/en/api/documents/").json()

    # The bounded count, the page (one query however many fields its order has), its documents' versions.
    with django_assert_num_queries(3):
        second = client.get(first["next"]).json()
    with django_assert_num_queries(3):
        client.get(second["previous"])

"""The events list in pages: upcoming and current events first, soonest first, then past ones, latest first; a
page lists at most a page of them and costs the same few queries however many the archive holds."""

import datetime
import re

import pytest
import time_machine

from common.pagination import BoundedPaginator
from events.views import EventListView
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2013, 9, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(EventListView, "paginate_by", 3)


def meeting(title, day):
    return EventFactory(title=title, start_date=day, end_date=day)


@pytest.fixture
def events():
    """Two upcoming events and four past ones, made out of order; in the list's order their titles are:"""
    meeting("Past 3", datetime.date(2012, 5, 1))
    meeting("Upcoming 2", datetime.date(2013, 12, 1))
    meeting("Past 1", datetime.date(2013, 6, 20))
    meeting("Past 4", datetime.date(2006, 9, 14))
    meeting("Upcoming 1", datetime.date(2013, 10, 3))
    meeting("Past 2", datetime.date(2013, 1, 10))
    return ["Upcoming 1", "Upcoming 2", "Past 1", "Past 2", "Past 3", "Past 4"]


def titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_events_list_pages_keep_the_order_across_pages(client, today, three_a_page, events):
    first = client.get("/en/events/").content.decode()
    second = client.get("/en/events/?page=2").content.decode()

    assert titles(first) == events[:3]
    assert titles(second) == events[3:]
    assert first.index("Upcoming and current events") < first.index("Upcoming 1")
    assert first.index("Upcoming 2") < first.index("Past events") < first.index("Past 1")
    # The second page holds past events only: it is headed as such, without an empty upcoming section.
    assert "Upcoming and current events" not in second
    assert "No upcoming events" not in second
    assert second.index("Past events") < second.index("Past 2")


def test_events_list_links_to_the_next_and_previous_pages(client, today, three_a_page, events):
    first = client.get("/en/events/").content.decode()
    second = client.get("/en/events/?page=2").content.decode()

    assert '<a href="?page=2" rel="next">Next page</a>' in first
    assert "Page 1 of 2" in first
    assert '<a href="?page=1" rel="prev">Previous page</a>' in second
    assert 'rel="next"' not in second


def test_events_list_upcoming_events_fill_the_first_pages_before_past_ones(client, today, three_a_page):
    for day in range(1, 5):
        meeting(f"Upcoming {day}", datetime.date(2013, 10, day))
    meeting("Past", datetime.date(2013, 1, 10))

    first = client.get("/en/events/").content.decode()
    second = client.get("/en/events/?page=2").content.decode()

    assert titles(first) == ["Upcoming 1", "Upcoming 2", "Upcoming 3"]
    assert "Past events" not in first
    assert titles(second) == ["Upcoming 4", "Past"]
    assert second.index("Upcoming and current events") < second.index("Past events")


def test_events_list_without_past_events_says_so_on_its_last_page(client, today, three_a_page):
    for day in range(1, 5):
        meeting(f"Upcoming {day}", datetime.date(2013, 10, day))

    assert "No past events yet." not in client.get("/en/events/").content.decode()
    assert "No past events yet." in client.get("/en/events/?page=2").content.decode()


@pytest.mark.parametrize(
    ("number", "nearest"), [("3", "?page=2"), ("99999999999999999999", "?page=2"), ("0", ""), ("x", "")]
)
def test_events_list_page_beyond_the_end_leads_to_the_nearest_as_in_the_library(
    client, today, three_a_page, events, number, nearest
):
    response = client.get(f"/en/events/?page={number}")

    assert response.status_code == 302
    assert response["Location"] == f"/en/events/{nearest}"


def test_events_list_of_a_small_site_is_one_page_without_page_links(client, demo):
    html = client.get("/en/events/").content.decode()

    assert len(titles(html)) == 4
    assert "Upcoming and current events" in html
    assert "Past events" in html
    assert 'class="pagination"' not in html


def test_events_list_says_when_it_lists_only_the_first_events(client, today, three_a_page, events, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", 5)

    last = client.get("/en/events/?page=2").content.decode()

    assert titles(last) == ["Past 2", "Past 3"]
    assert 'The first 5 events are listed: <a href="/en/search/">search</a> to find older ones.' in last
    assert "No past events yet." not in last
    assert "The first 5 events" not in client.get("/en/events/").content.decode()
    assert client.get("/en/events/?page=3")["Location"] == "/en/events/?page=2"


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fr", ["Événements passés", "Page 2 sur 2", "Page précédente", "Les 5 premiers événements"]),
        ("es", ["Eventos pasados", "Página 2 de 2", "Página anterior", "Se presentan los 5 primeros eventos"]),
    ],
)
def test_events_list_pages_are_translated(client, today, three_a_page, events, monkeypatch, language, texts):
    monkeypatch.setattr(BoundedPaginator, "limit", 5)

    html = client.get(f"/{language}/events/?page=2").content.decode()

    assert [text in html for text in texts] == [True] * len(texts)


@pytest.mark.parametrize(("upcoming", "past"), [(1, 1), (30, 30), (5, 60)])
def test_events_list_queries_and_rows_do_not_grow_with_events(client, today, django_assert_max_num_queries,
                                                              upcoming, past):  # fmt: skip
    for number in range(upcoming):
        meeting(f"Upcoming {number}", datetime.date(2013, 10, 3) + datetime.timedelta(days=number))
    for number in range(past):
        meeting(f"Past {number}", datetime.date(2013, 6, 3) - datetime.timedelta(days=number))

    # Two bounded counts, the page's rows from one or both parts, and the navigation's open calls.
    with django_assert_max_num_queries(5):
        html = client.get("/en/events/").content.decode()

    assert len(titles(html)) == min(upcoming + past, EventListView.paginate_by)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_events_list_in_other_languages_reads_outdated_translations_once(
    client, today, django_assert_max_num_queries, language
):
    # Each card's translated summary asks whether its English changed since: once per request, not once per card
    # (each card is an include, with a render context of its own: 507 queries for 504 events).
    for number in range(12):
        EventFactory(start_date=datetime.date(2013, 6, 3) - datetime.timedelta(days=number),
                     end_date=datetime.date(2013, 6, 3) - datetime.timedelta(days=number),
                     summary="<p>A meeting.</p>", **{f"summary_{language}": "<p>Une réunion.</p>"})  # fmt: skip

    with django_assert_max_num_queries(6):
        html = client.get(f"/{language}/events/").content.decode()

    assert html.count("Une réunion.") == 12


def test_events_list_pages_are_each_cached_as_their_own(client, today, three_a_page, events, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/en/events/")

    second = client.get("/en/events/?page=2")
    again = client.get("/en/events/?page=2")

    assert titles(second.content.decode()) == events[3:]
    assert again["X-Cache"] == "HIT"
    assert titles(again.content.decode()) == events[3:]

"""Open calls are easy to find: a page of calls, the navigation, the home page and site search."""

import datetime
import re
from functools import partial
from html import unescape

import pytest
import time_machine
from django.utils import timezone

from common.pagination import BoundedPaginator
from submissions.views import CallListView
from tests.factories import CallFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    now = timezone.now()
    event = EventFactory(slug="hld")
    return {
        "open": CallFactory(event=event, title="Contributions on migrant workers", slug="open",
                            title_es="Contribuciones sobre trabajadores migrantes"),
        "upcoming": CallFactory(event=event, title="Contributions on remittances", slug="upcoming",
                                opens_at=now + datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=30)),
        "closed": CallFactory(event=event, title="Contributions on diasporas", slug="closed",
                              opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=5)),
        "draft": CallFactory(event=event, title="Contributions still in draft", slug="draft", status="draft"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Open now"), ("fr", "Ouverts actuellement"), ("es", "Abiertas actualmente")]
)
def test_the_calls_page_lists_open_then_upcoming_then_closed_calls(client, calls, language, heading):
    response = client.get(f"/{language}/calls/")

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert heading in html
    positions = [html.index(f'href="/{language}/calls/{slug}/"') for slug in ("open", "upcoming", "closed")]
    assert positions == sorted(positions)
    assert "/calls/draft/" not in html


def test_the_navigation_names_open_calls_with_their_deadline_on_every_page(client, calls):
    html = unescape(client.get("/es/documents/").content.decode())

    assert '<a href="/es/calls/">Convocatorias de contribuciones</a>' in html
    nav = html[html.index('class="open-calls"') :]
    assert "Contribuciones sobre trabajadores migrantes" in nav[:1000]
    assert "plazo:" in nav[:1000]
    assert "remittances" not in nav[:1000]


def test_the_home_page_shows_open_calls(client, calls):
    html = unescape(client.get("/en/").content.decode())

    section = html[html.index('id="calls-heading"') :]
    assert "Contributions on migrant workers" in section
    assert "Submissions are accepted until" in section


def test_site_search_finds_calls_by_title(client, calls):
    html = unescape(client.get("/en/search/", {"q": "remittances"}).content.decode())

    assert 'href="/en/calls/upcoming/"' in html
    assert "Calls for submissions" in html


def test_without_open_calls_the_navigation_has_no_strip(client):
    html = client.get("/en/").content.decode()

    assert 'class="open-calls"' not in html


def test_a_call_without_a_deadline_is_open_until_its_meeting_opens(client):
    now = timezone.now()
    event = EventFactory(slug="later", start_date=(now + datetime.timedelta(days=20)).date(),
                         end_date=(now + datetime.timedelta(days=21)).date())  # fmt: skip
    call = CallFactory(event=event, slug="no-deadline", closes_at=None)

    html = unescape(client.get("/fr/calls/no-deadline/").content.decode())

    assert call.state == "open"
    assert "Aucune date limite n’a été annoncée : l’appel se clôt au début du premier jour de la réunion." in html
    assert 'href="/fr/calls/no-deadline/"' in client.get("/fr/calls/").content.decode().split("Ouverture prochaine")[0]


def test_the_demo_call_states_no_invented_deadline_and_is_closed(client, demo):
    html = unescape(client.get("/en/calls/protection-of-migrants-2013/").content.decode())

    assert "Submissions are no longer accepted." in html
    assert "The deadline was" not in html
    assert "No deadline was announced: the call closes as the first day of the meeting begins." in html


def test_a_call_without_a_deadline_names_the_instant_it_closes_and_its_zone_everywhere(client):
    # The meeting's first day begins at midnight in New York; the call is read in Geneva, where it is 6 a.m.
    event = EventFactory(slug="nyc", time_zone="America/New_York", start_date=datetime.date(2027, 3, 2),
                         end_date=datetime.date(2027, 3, 3))  # fmt: skip
    CallFactory(event=event, slug="open-ended", closes_at=None, time_zone="Europe/Zurich",
                opens_at=datetime.datetime(2027, 1, 4, tzinfo=datetime.UTC))  # fmt: skip

    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_page = " ".join(unescape(client.get("/en/calls/open-ended/").content.decode()).split())
        form = " ".join(unescape(client.get("/es/calls/open-ended/submit/").content.decode()).split())
        home = " ".join(unescape(client.get("/fr/").content.decode()).split())
    with time_machine.travel(datetime.datetime(2027, 3, 2, 5, 1, tzinfo=datetime.UTC), tick=False):
        late = client.get("/en/calls/open-ended/")

    assert "Submissions are accepted until 2 March 2027, 6 a.m. (UTC+1)." in call_page
    assert '<time datetime="2027-03-02T06:00:00+01:00">2 March 2027, 6 a.m.</time> (UTC+1)' in call_page
    assert "Se aceptan contribuciones hasta el 2 de marzo de 2027, a las 6.00 horas (UTC+1)." in form
    assert "date limite : 2 mars 2027 à 6 heures (UTC+1)" in home
    assert "Submissions are no longer accepted." in late.content.decode()


def test_times_given_to_machines_are_to_the_second(client):
    """A call opened from code (timezone.now()) holds microseconds; HTML's <time datetime> allows at most three
    digits of a second's fraction, so the Nu checker refused the page."""
    opens = datetime.datetime(2026, 12, 1, 9, 52, 32, 306950, tzinfo=datetime.UTC)
    CallFactory(
        slug="from-code", time_zone="America/New_York", opens_at=opens, closes_at=opens + datetime.timedelta(days=30)
    )

    with time_machine.travel(opens + datetime.timedelta(hours=1), tick=False):
        html = client.get("/en/calls/from-code/").content.decode()

    assert '<time datetime="2026-12-01T04:52:32-05:00">' in html
    assert '<time datetime="2026-12-31T04:52:32-05:00">' in html


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(CallListView, "paginate_by", 3)


@pytest.fixture
def many_calls():
    """Two open calls, two to open and three closed (one without a deadline, closed as its meeting began), made
    out of order; in the list's order their slugs are:"""
    now = timezone.now()
    days = datetime.timedelta(days=1)
    began = EventFactory(start_date=(now - 3 * days).date(), end_date=(now - 2 * days).date())
    CallFactory(slug="closed-3", event=began, opens_at=now - 90 * days, closes_at=None)
    CallFactory(slug="upcoming-2", opens_at=now + 9 * days, closes_at=now + 30 * days)
    CallFactory(slug="closed-2", opens_at=now - 60 * days, closes_at=now - 20 * days)
    CallFactory(slug="open-2", opens_at=now - 5 * days, closes_at=now + 8 * days)
    CallFactory(slug="upcoming-1", opens_at=now + 2 * days, closes_at=now + 30 * days)
    CallFactory(slug="closed-1", opens_at=now - 60 * days, closes_at=now - 10 * days)
    CallFactory(slug="open-1", opens_at=now - 5 * days, closes_at=now + 4 * days)
    return ["open-1", "open-2", "upcoming-1", "upcoming-2", "closed-1", "closed-2", "closed-3"]


def slugs(html):
    return re.findall(r'<h3 class="card__title"><a href="/\w\w/calls/([^/]+)/">', html)


def test_the_calls_page_lists_a_page_of_calls_keeping_the_order_across_pages(client, three_a_page, many_calls):
    pages = [client.get(f"/en/calls/?page={number}").content.decode() for number in (1, 2, 3)]

    assert [slugs(page) for page in pages] == [many_calls[:3], many_calls[3:6], many_calls[6:]]
    assert '<a href="?page=2" rel="next">Next page</a>' in pages[0]
    assert "Page 2 of 3" in pages[1]
    assert '<a href="?page=2" rel="prev">Previous page</a>' in pages[2]
    assert pages[0].index("Open now") < pages[0].index("Opening soon") < pages[0].index("/calls/upcoming-1/")
    assert "Closed calls" not in pages[0]
    # Later pages are headed by the sections they hold; the open calls' section, empty there, is left out.
    assert "Open now" not in pages[1] + pages[2]
    assert pages[1].index("Opening soon") < pages[1].index("Closed calls") < pages[1].index("/calls/closed-1/")


@pytest.mark.parametrize(("number", "nearest"), [("4", "?page=3"), ("x", "")])
def test_the_calls_page_beyond_the_end_leads_to_the_nearest_as_in_the_library(
    client, three_a_page, many_calls, number, nearest
):
    assert client.get(f"/en/calls/?page={number}")["Location"] == f"/en/calls/{nearest}"


def test_the_calls_page_of_a_small_site_is_one_page_without_page_links(client, demo):
    html = client.get("/en/calls/").content.decode()

    assert slugs(html) == ["protection-of-migrants-2013"]
    assert "No call is open at the moment." in html
    assert "Closed calls" in html
    assert 'class="pagination"' not in html


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fr", ["Appels clos", "Page 3 sur 3", "Les 7 premiers appels sont présentés"]),
        ("es", ["Convocatorias cerradas", "Página 3 de 3", "Se presentan las 7 primeras convocatorias"]),
    ],
)
def test_the_calls_pages_are_translated(client, three_a_page, many_calls, monkeypatch, language, texts):
    monkeypatch.setattr(BoundedPaginator, "limit", 7)
    CallFactory(opens_at=timezone.now() - datetime.timedelta(days=400), closes_at=None)

    html = client.get(f"/{language}/calls/?page=3").content.decode()

    assert [text in html for text in texts] == [True] * len(texts)


@pytest.mark.parametrize("calls", [1, 3, 40])
def test_the_calls_page_queries_and_rows_do_not_grow_with_calls(client, django_assert_max_num_queries, calls):
    now = timezone.now()
    for number in range(calls):
        # Open, to open and closed in turn.
        opens = now + datetime.timedelta(days=(-5, 5, -30)[number % 3])
        CallFactory(opens_at=opens, closes_at=opens + datetime.timedelta(days=10))

    # Four bounded counts (open, to open, closed with and without a deadline), the page's rows from each of the
    # four it straddles, and the navigation's open calls.
    with django_assert_max_num_queries(9):
        html = client.get("/en/calls/").content.decode()

    assert len(slugs(html)) == min(calls, CallListView.paginate_by)


def test_the_calls_pages_are_each_cached_as_their_own(client, three_a_page, many_calls, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/en/calls/")

    client.get("/en/calls/?page=2")
    again = client.get("/en/calls/?page=2")

    assert again["X-Cache"] == "HIT"
    assert slugs(again.content.decode()) == many_calls[3:6]


@pytest.mark.parametrize(
    ("language", "states"),
    [
        (
            "en",
            [
                "Open Submissions are accepted until 1 April 2027, 11:59 p.m. (UTC-4). Send a written submission",
                "Not yet open Submissions will be accepted from 1 May 2027, 9 a.m. (UTC+2).",
                "Closed The deadline was 1 February 2027, 5 p.m. (UTC+1). Submissions are no longer accepted.",
            ],
        ),
        (
            "fr",
            [
                "Ouvert Les contributions sont acceptées jusqu’au 1er avril 2027 à 23 h 59 (UTC-4). "
                "Envoyer une contribution écrite",
                "Pas encore ouvert Les contributions seront acceptées à partir du 1er mai 2027 à 9 heures (UTC+2).",
                "Clos La date limite était le 1er février 2027 à 17 heures (UTC+1). Les contributions ne sont plus "
                "acceptées.",
            ],
        ),
        (
            "es",
            [
                "Abierta Se aceptan contribuciones hasta el 1 de abril de 2027, a las 23.59 horas (UTC-4). "
                "Enviar una contribución escrita",
                "Aún no abierta Se aceptarán contribuciones a partir del 1 de mayo de 2027, a las 9.00 horas (UTC+2).",
                "Cerrada El plazo venció el 1 de febrero de 2027, a las 17.00 horas (UTC+1). Ya no se aceptan "
                "contribuciones.",
            ],
        ),
    ],
)
def test_each_card_of_the_calls_page_says_its_state_in_the_call_zone(client, language, states):
    event = EventFactory(
        slug="meeting",
        title="Migration & <Development>",
        start_date=datetime.date(2027, 6, 1),
        end_date=datetime.date(2027, 6, 2),
    )
    at = partial(datetime.datetime, tzinfo=datetime.UTC)
    calls = [
        CallFactory(event=event, slug="open", time_zone="America/New_York", title="Remittances & diasporas",
                    opens_at=at(2027, 2, 1), closes_at=at(2027, 4, 2, 3, 59)),
        CallFactory(event=event, slug="upcoming", time_zone="Europe/Paris", opens_at=at(2027, 5, 1, 7),
                    closes_at=at(2027, 5, 20)),
        CallFactory(event=event, slug="closed", time_zone="Europe/Zurich", opens_at=at(2027, 1, 1),
                    closes_at=at(2027, 2, 1, 16)),
    ]  # fmt: skip

    with time_machine.travel(at(2027, 3, 1, 12), tick=False):
        html = client.get(f"/{language}/calls/").content.decode()

    cards = re.findall(r'<article class="card">.*?</article>', html, re.DOTALL)
    assert [" ".join(unescape(re.sub(r"<[^>]+>", " ", card)).split()) for card in cards] == [
        f"{getattr(call, f'title_{language}')} {getattr(event, f'title_{language}')} {state}"
        for call, state in zip(calls, states, strict=True)
    ]
    assert "Remittances &amp; diasporas" in cards[0]
    assert "Migration &amp; &lt;Development&gt;" in cards[0]
    assert f'<a class="button" href="/{language}/calls/open/submit/">' in cards[0]

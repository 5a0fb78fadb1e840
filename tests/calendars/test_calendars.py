"""The iCalendar files, read by three independent parsers as calendar apps would: icalendar, vobject and ics."""

import datetime
import hashlib
import zoneinfo

import icalendar
import ics
import pytest
import vobject
from django.utils import timezone

from events.calendar import CALENDAR_EVENTS
from events.models import Event
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
CALENDARS = [
    "/{language}/events/calendar.ics",
    "/{language}/events/hld-2013/calendar.ics",
    "/{language}/events/hld-2013/round-table-2/calendar.ics",
    "/{language}/events/high-level-meeting-geneva-2013/calendar.ics",
]


def parse_with_all(body):
    """The calendar as each parser reads it; each raises on what it cannot take."""
    text = body.decode()
    return icalendar.Calendar.from_ical(body), vobject.readOne(text), ics.Calendar(text)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("address", CALENDARS)
def test_every_calendar_is_read_alike_by_three_parsers(client, programme, language, address):
    response = client.get(address.format(language=language))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    strict, lenient, third = parse_with_all(response.content)
    entries = strict.walk("VEVENT")
    assert entries
    assert sorted(str(entry["UID"]) for entry in entries) == sorted(
        str(entry.uid.value) for entry in lenient.vevent_list
    )
    assert sorted(event.uid for event in third.events) == sorted(str(entry["UID"]) for entry in entries)
    for entry in entries:
        description = str(entry.get("DESCRIPTION", ""))
        assert "&" not in description
        assert "<" not in description
        assert str(entry["URL"]).startswith("https://portal.example.org/")
        assert entry.get("DTSTAMP")
        assert entry.get("SUMMARY")
        if isinstance(entry.start, datetime.datetime):
            # A timed entry names its zone, which the file describes (RFC 5545, 3.6.5).
            assert entry.start.tzinfo is not None
            assert entry["DTSTART"].params["TZID"] in {zone["TZID"] for zone in strict.walk("VTIMEZONE")}


def test_event_calendar_holds_the_event_and_every_session_at_its_time(client, programme):
    body = client.get("/en/events/hld-2013/calendar.ics").content
    strict, lenient, third = parse_with_all(body)

    entries = {str(entry["SUMMARY"]): entry for entry in strict.walk("VEVENT")}
    sessions = [name for name in entries if " – " in name]
    assert len(sessions) == 8
    event = entries["High-Level Dialogue on International Migration and Development"]
    assert event.start == datetime.date(2013, 10, 3)
    assert event.end == datetime.date(2013, 10, 5)
    plenary = next(entry for name, entry in entries.items() if name.startswith("Plenary meeting 1 – "))
    assert plenary["DTSTART"].params["TZID"] == "America/New_York"
    assert plenary.start == datetime.datetime(2013, 10, 3, 10, tzinfo=NEW_YORK)
    assert plenary.end > plenary.start
    assert str(plenary["URL"]) == "https://portal.example.org/en/events/hld-2013/plenary-1/"
    assert str(plenary["RELATED-TO"]) == str(event["UID"])
    assert "United Nations Headquarters" in str(plenary["LOCATION"])
    # The other parsers put the sessions at the same instants.
    by_uid = {str(entry["UID"]): entry for entry in strict.walk("VEVENT")}
    for entry in lenient.vevent_list:
        if isinstance(entry.dtstart.value, datetime.datetime):
            assert entry.dtstart.value == by_uid[entry.uid.value].start
    for entry in third.events:
        if not entry.all_day:
            assert entry.begin.datetime == by_uid[entry.uid].start


def test_session_calendar_holds_the_session_alone(client, programme):
    body = client.get("/fr/events/hld-2013/round-table-2/calendar.ics").content
    strict, _lenient, third = parse_with_all(body)

    [entry] = strict.walk("VEVENT")
    assert str(entry["SUMMARY"]).startswith("Table ronde 2 – ")
    assert str(entry["URL"]) == "https://portal.example.org/fr/events/hld-2013/round-table-2/"
    assert [event.name for event in third.events] == [str(entry["SUMMARY"])]


def test_session_page_offers_its_calendar(client, programme):
    html = client.get("/es/events/hld-2013/round-table-2/").content.decode()

    assert 'href="/es/events/hld-2013/round-table-2/calendar.ics"' in html


def test_uids_stay_when_the_site_moves(client, settings):
    event = EventFactory(slug="hld")
    SessionFactory(event=event, date=datetime.date(2013, 10, 3), start_time=datetime.time(10))

    before = client.get("/en/events/hld/calendar.ics").content
    settings.SITE_URL = "https://elsewhere.example.net:8443"
    after = client.get("/en/events/hld/calendar.ics").content

    uids = [str(entry["UID"]) for entry in icalendar.Calendar.from_ical(after).walk("VEVENT")]
    assert uids == [str(entry["UID"]) for entry in icalendar.Calendar.from_ical(before).walk("VEVENT")]
    assert len(set(uids)) == 2
    assert not any("example" in uid or "testserver" in uid or "127.0.0.1" in uid for uid in uids)


def test_descriptions_are_plain_text_with_paragraph_breaks(client):
    EventFactory(
        slug="hld",
        summary="<p>First&nbsp;: one &amp; two.</p><p>Second.</p>",
        summary_fr="<p>Premier&nbsp;: un &amp; deux.</p><p>Second.</p>",
    )

    body = client.get("/fr/events/hld/calendar.ics").content
    [entry] = icalendar.Calendar.from_ical(body).walk("VEVENT")

    assert str(entry["DESCRIPTION"]) == "Premier\u00a0: un & deux.\n\nSecond."


def test_a_description_keeps_where_its_links_lead_and_the_webcast_is_offered(client):
    EventFactory(
        slug="hld",
        summary_es=(
            '<p>Véase <a href="https://www.un.org/es/">el sitio</a> y '
            '<a href="/es/documents/a-68-292/">el informe</a>.</p>'
        ),
        live_stream_url="https://webtv.un.org/live",
    )

    body = client.get("/es/events/hld/calendar.ics").content
    strict, lenient, _third = parse_with_all(body)
    [entry] = strict.walk("VEVENT")

    assert str(entry["DESCRIPTION"]) == (
        "Véase el sitio <https://www.un.org/es/> y el informe <https://portal.example.org/es/documents/a-68-292/>."
        "\n\nTransmisión web: https://webtv.un.org/live"
    )
    assert str(entry["CONFERENCE"]) == "https://webtv.un.org/live"
    assert entry["CONFERENCE"].params["FEATURE"] == "VIDEO"
    assert lenient.vevent.conference.value == "https://webtv.un.org/live"


def test_sessions_without_a_time_are_whole_days_and_undated_ones_are_left_out(client):
    event = EventFactory(slug="hld")
    SessionFactory(event=event, number=1, date=datetime.date(2013, 10, 4))
    SessionFactory(event=event, number=2)
    SessionFactory(event=event, number=3, date=datetime.date(2013, 10, 4), start_time=datetime.time(9), status="draft")

    strict, _lenient, _third = parse_with_all(client.get("/en/events/hld/calendar.ics").content)

    [session] = [entry for entry in strict.walk("VEVENT") if str(entry["SUMMARY"]).startswith("Round Table")]
    assert str(session["SUMMARY"]).startswith("Round Table 1 – ")
    assert session.start == datetime.date(2013, 10, 4)
    assert session.end == datetime.date(2013, 10, 5)


@pytest.mark.parametrize("count", [1, 40])
def test_all_events_calendar_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    for _ in range(count):
        SessionFactory(event=EventFactory(), number=1, date=datetime.date(2013, 10, 3), start_time=datetime.time(10))

    # The events to come, the latest past ones, their sessions.
    with django_assert_num_queries(3):
        response = client.get("/en/events/calendar.ics")

    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 2 * count


def test_the_calendar_of_all_events_holds_those_to_come_then_the_latest_past_ones(client, django_assert_num_queries):
    """More past events than the calendar holds: it keeps every event to come or under way, and the latest past ones
    up to CALENDAR_EVENTS, in order of their dates; the older ones have calendars of their own."""
    today = timezone.localdate()
    first = datetime.date(2000, 1, 3)
    for week in range(CALENDAR_EVENTS + 5):
        day = first + datetime.timedelta(weeks=week)
        EventFactory(slug=f"past-{week}", start_date=day, end_date=day)
    EventFactory(
        slug="under-way", start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(1)
    )
    for month in (2, 1):
        day = today + datetime.timedelta(days=30 * month)
        EventFactory(slug=f"next-{month}", start_date=day, end_date=day)
    SessionFactory(event=Event.objects.get(slug="next-1"), number=1, date=today + datetime.timedelta(days=30))

    with django_assert_num_queries(3):
        response = client.get("/en/events/calendar.ics")

    strict, _lenient, _third = parse_with_all(response.content)
    events = [str(entry["URL"]).split("/")[-2] for entry in strict.walk("VEVENT") if "RELATED-TO" not in entry]
    assert events == [*(f"past-{week}" for week in range(8, CALENDAR_EVENTS + 5)), "under-way", "next-1", "next-2"]
    assert [str(entry["URL"]) for entry in strict.walk("VEVENT") if "RELATED-TO" in entry] == [
        "https://portal.example.org/en/events/next-1/round-table-1/"
    ]
    assert client.get("/en/events/past-0/calendar.ics").status_code == 200


def test_unpublished_session_has_no_calendar(client):
    event = EventFactory(slug="hld")
    SessionFactory(event=event, number=1, slug="draft", status="draft", date=datetime.date(2013, 10, 3))

    SessionFactory(event=event, number=2, slug="undated")

    assert client.get("/en/events/hld/draft/calendar.ics").status_code == 404
    assert client.get("/en/events/hld/undated/calendar.ics").status_code == 404


@pytest.mark.parametrize(
    ("zone", "day", "time", "utc"),
    [
        # Santiago moves its clocks from midnight to 1 a.m. on 6 September 2026; Lord Howe Island from 2 to 2.30 a.m.
        # on 4 October 2026. RFC 5545 (3.3.5) reads a skipped time with the offset before the gap.
        ("America/Santiago", datetime.date(2026, 9, 6), datetime.time(0, 30), datetime.datetime(2026, 9, 6, 4, 30)),
        (
            "Australia/Lord_Howe",
            datetime.date(2026, 10, 4),
            datetime.time(2, 15),
            datetime.datetime(2026, 10, 3, 15, 45),
        ),
        # Not skipped: the time in its zone, read alike by all.
        ("Asia/Kathmandu", datetime.date(2026, 12, 1), datetime.time(9), datetime.datetime(2026, 12, 1, 3, 15)),
    ],
)
def test_every_parser_puts_a_session_at_the_same_instant_whatever_the_clocks_do(client, zone, day, time, utc):
    event = EventFactory(slug="meeting", start_date=day, end_date=day, time_zone=zone)
    SessionFactory(event=event, number=1, date=day, start_time=time)

    strict, lenient, third = parse_with_all(client.get("/en/events/meeting/round-table-1/calendar.ics").content)

    [entry] = strict.walk("VEVENT")
    instants = [entry.start, lenient.vevent.dtstart.value, third.events.pop().begin.datetime]
    assert [instant.astimezone(datetime.UTC) for instant in instants] == [utc.replace(tzinfo=datetime.UTC)] * 3


def test_a_control_character_pasted_into_a_text_leaves_the_calendars_readable(client):
    # A line break pasted from a word processor is U+000B, which iCalendar's TEXT cannot hold: ics refused the file.
    event = EventFactory(slug="meeting", title="High-Level\x0bDialogue", theme="Theme\x0cone", venue="Hall\x01A")
    SessionFactory(event=event, number=1, title="Round\x0bTable 1", date=datetime.date(2013, 10, 3))

    for address in ("/en/events/calendar.ics", "/en/events/meeting/calendar.ics"):
        strict, lenient, third = parse_with_all(client.get(address).content)

        assert sorted(item.name for item in third.events) == [
            "High-Level Dialogue",
            "Round Table 1 – High-Level Dialogue",
        ]
        assert sorted(entry.summary.value for entry in lenient.vevent_list) == sorted(
            event.name for event in third.events
        )
        assert {str(entry["LOCATION"]) for entry in strict.walk("VEVENT")} == {"Hall A, New York"}
        assert "Theme one" in {str(entry["DESCRIPTION"]) for entry in strict.walk("VEVENT")}


@pytest.mark.parametrize(("language", "name"), [("en", "HLD Portal"), ("fr", "Portail DHN"), ("es", "Portal DAN")])
def test_the_calendar_of_all_events_is_named_in_its_language(client, language, name):
    strict, lenient, _third = parse_with_all(client.get(f"/{language}/events/calendar.ics").content)

    assert (str(strict["NAME"]), str(strict["X-WR-CALNAME"])) == (name, name)
    assert lenient.contents["x-wr-calname"][0].value == name


@pytest.mark.parametrize("address", ["/fr/events/hld/calendar.ics", "/fr/events/hld/round-table-1/calendar.ics"])
def test_a_calendar_named_after_an_event_keeps_its_commas_semicolons_and_backslashes(client, address):
    title = "Consultation régionale, 1; Genève \\ New York"
    event = EventFactory(slug="hld", title_fr=title)
    SessionFactory(event=event, number=1, date=datetime.date(2013, 10, 3))

    body = client.get(address).content
    strict, lenient, _third = parse_with_all(body)

    # icalendar gives NAME and X-WR-CALNAME as written, a calendar app reads them as TEXT (RFC 5545, 3.3.11).
    escaped = "Consultation régionale\\, 1\\; Genève \\\\ New York"
    assert [str(strict[name]) for name in ("NAME", "X-WR-CALNAME")] == [escaped, escaped]
    assert [lenient.contents[name][0].value for name in ("name", "x-wr-calname")] == [title, title]


@pytest.mark.parametrize(
    ("language", "description"),
    [
        (
            "en",
            "Events to come and under way, then the latest past ones. Earlier events are on the portal, "
            "https://portal.example.org/en/events/, each with a calendar of its own.",
        ),
        (
            "fr",
            "Les événements à venir et en cours, puis les derniers événements passés. Les événements plus anciens "
            "sont sur le portail, https://portal.example.org/fr/events/, chacun avec son propre calendrier.",
        ),
        (
            "es",
            "Los eventos próximos y en curso, y luego los últimos eventos pasados. Los eventos anteriores están en el "
            "portal, https://portal.example.org/es/events/, cada uno con su propio calendario.",
        ),
    ],
)
def test_the_calendar_of_all_events_says_where_the_earlier_ones_are_in_its_language(client, language, description):
    strict, lenient, _third = parse_with_all(client.get(f"/{language}/events/calendar.ics").content)

    assert str(strict["DESCRIPTION"]) == lenient.contents["x-wr-caldesc"][0].value == description


@pytest.mark.parametrize("address", CALENDARS)
def test_a_calendar_tells_an_app_it_changed_whenever_its_text_does(
    client, programme, settings, django_capture_on_commit_callbacks, address
):
    settings.PAGE_CACHE_SECONDS = 600
    path = address.format(language="en")
    first, again = client.get(path), client.get(path)
    # The meetings move: every calendar names their venue.
    with django_capture_on_commit_callbacks(execute=True):
        for event in Event.objects.all():
            event.venue = "Conference Room 4"
            event.save()
    changed = client.get(path)

    assert first["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'
    assert (again["X-Cache"], again["ETag"]) == ("HIT", first["ETag"])
    assert "Conference Room 4" in changed.content.decode()
    assert changed["ETag"] == f'"{hashlib.sha256(changed.content).hexdigest()}"' != first["ETag"]


def test_an_entry_imported_again_after_a_change_is_a_newer_revision_of_it(client, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC), tick=False)
    event = EventFactory(slug="moving")
    session = SessionFactory(event=event, slug="plenary-1", date=event.start_date, start_time=datetime.time(10))
    path = "/en/events/moving/plenary-1/calendar.ics"

    def revision():
        (entry,) = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
        return entry["SEQUENCE"], entry["DTSTAMP"].dt

    first = revision()
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC), tick=False)
    session.start_time = datetime.time(11)
    session.save()
    moved = revision()
    time_machine.move_to(datetime.datetime(2026, 11, 3, 12, tzinfo=datetime.UTC), tick=False)
    event.venue = "Conference Room 4"  # the session's entry names its event's venue
    event.save()

    assert first[0] < moved[0] < revision()[0]
    assert first[1] < moved[1] < revision()[1]


def test_a_night_meeting_past_midnight_ends_the_next_day_in_every_parser_page_and_schema(client):
    day = datetime.date(2013, 10, 3)
    event = EventFactory(slug="meeting", start_date=day, end_date=day, time_zone="America/New_York")
    SessionFactory(event=event, number=1, date=day, start_time=datetime.time(22), end_time=datetime.time(1, 30))

    strict, lenient, third = parse_with_all(client.get("/en/events/meeting/round-table-1/calendar.ics").content)
    page = client.get("/en/events/meeting/round-table-1/").content.decode()

    [entry] = strict.walk("VEVENT")
    ends = [entry.end, lenient.vevent.dtend.value, third.events.pop().end.datetime]
    # 1:30 a.m. on 4 October in New York (UTC-4).
    assert [end.astimezone(datetime.UTC) for end in ends] == [
        datetime.datetime(2013, 10, 4, 5, 30, tzinfo=datetime.UTC)
    ] * 3
    assert "10 p.m.–1:30 a.m. (UTC-4)" in page
    assert '"endDate": "2013-10-04T01:30:00-04:00"' in page
    # The event, under way until then, ends then for search engines too.
    event_page = client.get("/en/events/meeting/").content.decode()
    assert '"startDate": "2013-10-03", "endDate": "2013-10-04T01:30:00-04:00"' in event_page

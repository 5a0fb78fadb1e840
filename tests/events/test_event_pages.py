import datetime

import pytest
import time_machine
from django.db.models.sql.compiler import SQLCompiler
from icalendar import Calendar

from common.models import PublicationStatus
from events.models import Event, EventState
from tests.factories import EventDocumentFactory, EventFactory, SessionFactory, SubmissionFileFactory, VersionFactory

pytestmark = pytest.mark.django_db

# 3-4 October 2013 in New York (UTC-4).
BEFORE = datetime.datetime(2013, 10, 3, 3, 59, tzinfo=datetime.UTC)
OPENING = datetime.datetime(2013, 10, 3, 4, 0, tzinfo=datetime.UTC)
LAST_MINUTE = datetime.datetime(2013, 10, 5, 3, 59, tzinfo=datetime.UTC)
AFTER = datetime.datetime(2013, 10, 5, 4, 0, tzinfo=datetime.UTC)


@pytest.fixture
def event():
    return EventFactory(
        slug="hld",
        title="High-Level Dialogue",
        live_stream_url="https://webtv.un.org/live",
        hashtag="HLD2013",
        video_summary_url="https://webtv.un.org/summary",
        recording_url="https://webtv.un.org/recording",
        summary="<p>The Assembly will hold a dialogue.</p>",
        post_event_summary="<p>The dialogue ended with a call for cooperation.</p>",
    )


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (BEFORE, EventState.UPCOMING),
        (OPENING, EventState.UNDER_WAY),
        (LAST_MINUTE, EventState.UNDER_WAY),
        (AFTER, EventState.PAST),
    ],
)
def test_event_state_follows_the_clock_in_the_event_time_zone(event, moment, state):
    with time_machine.travel(moment, tick=False):
        assert event.state == state
        assert list(Event.objects.upcoming()) == ([] if state == EventState.PAST else [event])
        assert list(Event.objects.past()) == ([event] if state == EventState.PAST else [])


def test_event_page_before_the_event_announces_it(client, event):
    with time_machine.travel(BEFORE, tick=False):
        html = client.get("/en/events/hld/").content.decode()

    assert "This meeting will be held on 3 and 4 October 2013 in New York." in html
    assert "Follow the live stream on 3 and 4 October 2013" in html
    assert 'href="https://twitter.com/hashtag/HLD2013">#HLD2013</a>' in html
    assert "The dialogue ended" not in html
    assert "video summary" not in html
    assert "Announcement made before the event" not in html
    assert "About the event" in html


def test_event_page_during_the_event_shows_live_coverage(client, event):
    with time_machine.travel(OPENING, tick=False):
        html = client.get("/en/events/hld/").content.decode()

    assert "Under way" in html
    assert "This meeting is taking place on 3 and 4 October 2013 in New York." in html
    assert '<a href="https://webtv.un.org/live">Watch the live stream now</a>' in html
    assert "#HLD2013" in html


def test_event_page_after_the_event_leads_with_its_summary_and_keeps_the_announcement(client, event):
    with time_machine.travel(AFTER, tick=False):
        html = client.get("/en/events/hld/").content.decode()

    assert "This meeting was held on 3 and 4 October 2013 in New York." in html
    order = [
        "Summary of the event",
        "The dialogue ended with a call for cooperation.",
        "Coverage of the meeting",
        "Announcement made before the event",
        "The Assembly will hold a dialogue.",
    ]
    main = html[html.index("<main") :]
    positions = [main.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Watch the live stream now" not in html


def test_past_event_keeps_the_record_of_its_coverage(client, event):
    with time_machine.travel(AFTER, tick=False):
        html = client.get("/en/events/hld/").content.decode()

    assert '<a href="https://webtv.un.org/recording">Webcast recording</a>' in html
    assert '<a href="https://webtv.un.org/summary">Meeting video summary</a>' in html
    assert 'Live tweets: <a href="https://twitter.com/hashtag/HLD2013">#HLD2013</a>' in html


def test_past_event_without_summary_shows_its_announcement_as_before(client, event):
    Event.objects.filter(pk=event.pk).update(post_event_summary_en="")
    with time_machine.travel(AFTER, tick=False):
        html = client.get("/en/events/hld/").content.decode()

    assert "About the event" in html
    assert "The Assembly will hold a dialogue." in html
    assert "Summary of the event" not in html


def test_event_without_coverage_or_city_reads_well(client):
    EventFactory(slug="quiet", city="", venue="", country="", hashtag="", live_stream_url="", video_summary_url="")

    with time_machine.travel(AFTER, tick=False):
        html = client.get("/en/events/quiet/").content.decode()

    assert "This meeting was held on 3 and 4 October 2013." in html
    assert "Coverage of the meeting" not in html
    assert "Live coverage" not in html
    assert "Venue" not in html


def test_lead_photo_is_shown_with_its_caption_credit_and_alternative_text(client, event, media_root):
    from events.demo import stand_in_image

    event.image.save("photo.png", stand_in_image())
    Event.objects.filter(pk=event.pk).update(
        image_caption_en="Returnees arrive", image_credit_en="UN Photo/Someone", image_alt_en="A crowd at a station"
    )

    html = client.get("/en/events/hld/").content.decode()

    name = event.image.name.rpartition("/")[2]
    assert f'<img src="/images/{name}" alt="A crowd at a station">' in html
    assert '<span class="lead-image__caption">Returnees arrive</span>' in html
    assert '<span class="lead-image__credit">UN Photo/Someone</span>' in html
    photo = client.get(f"/images/{name}")
    assert photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert photo["Cross-Origin-Resource-Policy"] == "same-origin"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    photo.close()


def test_the_lead_photo_of_a_draft_is_not_served(event, media_root, editor):
    from django.test import Client

    from events.demo import stand_in_image

    event.image.save("photo.png", stand_in_image())
    event.status = "draft"
    event.save()
    name = event.image.name.rpartition("/")[2]

    visitor, staff = Client(), Client()
    staff.force_login(editor)
    assert visitor.get(f"/images/{name}").status_code == 404
    assert visitor.get("/media/" + event.image.name).status_code == 404  # never a plain file
    preview = staff.get(f"/images/{name}")  # an editor previewing the draft
    assert preview.status_code == 200
    preview.close()


def test_a_public_lead_photo_is_checked_again_at_each_use(client, event, media_root):
    from events.demo import stand_in_image

    event.image.save("photo.png", stand_in_image())
    name = event.image.name.rpartition("/")[2]

    photo = client.get(f"/images/{name}")
    # No lifetime of its own (it had an hour): browsers ask again (a 304 while it is public), nginx keeps it seconds.
    assert "Cache-Control" not in photo
    assert "Last-Modified" not in photo  # which would let browsers guess a lifetime
    again = client.get(f"/images/{name}", HTTP_IF_NONE_MATCH=photo["ETag"])
    assert again.status_code == 304
    event.status = PublicationStatus.DRAFT
    event.save()
    assert client.get(f"/images/{name}", HTTP_IF_NONE_MATCH=photo["ETag"]).status_code == 404
    photo.close()  # last: closing a response ends its request, and with it the test's database connection


def test_a_session_photo_goes_with_its_event(client, event, media_root):
    from events.demo import stand_in_image

    session = SessionFactory(event=event, slug="round-table-1")
    session.image.save("photo.png", stand_in_image())
    name = session.image.name.rpartition("/")[2]
    shown = client.get(f"/images/{name}")
    assert shown.status_code == 200

    Event.objects.filter(pk=event.pk).update(status=PublicationStatus.DRAFT)

    assert client.get(f"/images/{name}").status_code == 404
    shown.close()


def test_drafts_shown_to_an_editor_are_kept_by_no_cache(event, media_root, editor):
    from django.test import Client

    from events.demo import stand_in_image

    event.image.save("photo.png", stand_in_image())
    event.status = PublicationStatus.DRAFT
    event.save()
    staff = Client()
    staff.force_login(editor)

    photo = staff.get(f"/images/{event.image.name.rpartition('/')[2]}")
    page = staff.get("/en/events/hld/?preview=1")
    photo.close()

    assert page.status_code == 200
    for response in (photo, page):
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_a_photo_needs_its_alternative_text(event, media_root):
    from django.core.exceptions import ValidationError

    from events.demo import stand_in_image

    event.image.save("photo.png", stand_in_image())

    with pytest.raises(ValidationError) as raised:
        event.full_clean()

    assert raised.value.error_dict["image_alt_en"][0].code == "image_alt_missing"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "This meeting was held on 3 and 4 October 2013 in New York."),
        ("fr", "Cette réunion s’est tenue les 3 et 4 octobre 2013 à New York."),
        ("es", "Esta reunión se celebró los días 3 y 4 de octubre de 2013 en Nueva York."),
    ],
)
def test_past_event_says_when_it_was_held_as_each_language_writes_it(client, event, language, text):
    with time_machine.travel(AFTER, tick=False):
        html = client.get(f"/{language}/events/hld/").content.decode()

    assert text in html


@pytest.mark.parametrize(
    ("language", "dates"),
    [("en", "3-4 October 2013"), ("fr", "3 et 4 octobre 2013"), ("es", "3 y 4 de octubre de 2013")],
)
def test_dates_are_written_the_way_each_language_writes_them(client, event, language, dates):
    html = client.get(f"/{language}/events/").content.decode()

    assert dates in html


def test_events_list_shows_upcoming_events_first_then_past_ones(client):
    EventFactory(title="Old meeting", start_date=datetime.date(2006, 9, 14), end_date=datetime.date(2006, 9, 15))
    EventFactory(title="Next meeting", start_date=datetime.date(2013, 10, 3), end_date=datetime.date(2013, 10, 4))
    EventFactory(title="Later meeting", start_date=datetime.date(2013, 12, 1), end_date=datetime.date(2013, 12, 1))
    EventFactory(title="Recent meeting", start_date=datetime.date(2013, 6, 20), end_date=datetime.date(2013, 6, 21))

    with time_machine.travel(datetime.datetime(2013, 9, 1, tzinfo=datetime.UTC), tick=False):
        html = client.get("/en/events/").content.decode()

    positions = [html.index(title) for title in ("Next meeting", "Later meeting", "Recent meeting", "Old meeting")]
    assert positions == sorted(positions)
    assert html.index("Upcoming and current events") < positions[0]
    assert positions[1] < html.index("Past events") < positions[2]


def test_round_tables_appear_in_their_order_with_their_themes(client, event):
    for number in (3, 1, 4, 2):
        SessionFactory(event=event, number=number, order=number, theme=f"Theme number {number}")

    html = client.get("/en/events/hld/").content.decode()

    positions = [html.index(f"Round Table {number}") for number in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    for number in (1, 2, 3, 4):
        assert f"“Theme number {number}”" in html


def test_session_page_shows_its_theme_and_event(client, event):
    session = SessionFactory(event=event, number=2, theme="Protection of the human rights of all migrants")

    html = client.get(f"/es/events/hld/{session.slug}/").content.decode()

    assert "Round Table 2" in html
    assert "Protection of the human rights of all migrants" in html
    assert 'href="/es/events/hld/"' in html


@pytest.mark.parametrize(
    ("language", "back"),
    [("en", "Back to the Dialogue"), ("fr", "Retour au Dialogue"), ("es", "Volver al Diálogo")],
)
def test_session_page_links_back_to_its_event_by_name(client, event, language, back):
    Event.objects.filter(pk=event.pk).update(
        name_in_text_en="the Dialogue", name_in_text_fr="le Dialogue", name_in_text_es="el Diálogo"
    )
    session = SessionFactory(event=event, number=2)

    html = client.get(f"/{language}/events/hld/{session.slug}/").content.decode()

    assert f'<a href="/{language}/events/hld/">{back}</a>' in html


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("en", "3 October 2013</time>, 10 a.m.–1 p.m. (UTC-4)"),
        ("fr", "3 octobre 2013</time>, de 10 heures à 13 heures (UTC-4)"),
        ("es", "3 de octubre de 2013</time>, de las 10.00 a las 13.00 horas (UTC-4)"),
    ],
)
def test_session_times_are_written_as_each_language_writes_them(client, event, language, when):
    SessionFactory(
        event=event, number=1, date=datetime.date(2013, 10, 3), start_time=datetime.time(10), end_time=datetime.time(13)
    )

    html = client.get(f"/{language}/events/hld/").content.decode()

    assert when in html


@pytest.mark.parametrize(
    ("zone", "day", "start", "end", "language", "shown"),
    [
        # Summer time starts at 2:00 in Paris on 28 March 2027: at 1:30 the clocks still read UTC+1 (noon is UTC+2).
        ("Europe/Paris", datetime.date(2027, 3, 28), datetime.time(1, 30), None, "en", "1:30 a.m. (UTC+1)"),
        ("Europe/Paris", datetime.date(2027, 3, 28), datetime.time(1, 15), datetime.time(1, 45), "fr",
         "de 1 h 15 à 1 h 45 (UTC+1)"),
        # Lord Howe Island goes back half an hour at 2:00 on 4 April 2027: UTC+11 before, UTC+10:30 after.
        ("Australia/Lord_Howe", datetime.date(2027, 4, 4), datetime.time(1), None, "es", "1.00 horas (UTC+11)"),
        ("Australia/Lord_Howe", datetime.date(2027, 4, 4), datetime.time(12, 30), None, "en", "12:30 p.m. (UTC+10:30)"),
        # A session over the change names the offset of each of its times.
        ("Europe/Paris", datetime.date(2027, 3, 28), datetime.time(1, 30), datetime.time(3, 30), "en",
         "1:30 a.m. (UTC+1)–3:30 a.m. (UTC+2)"),
        ("Europe/Paris", datetime.date(2027, 3, 28), datetime.time(1, 30), datetime.time(3, 30), "fr",
         "de 1 h 30 (UTC+1) à 3 h 30 (UTC+2)"),
        ("Australia/Lord_Howe", datetime.date(2027, 4, 4), datetime.time(1), datetime.time(3), "en",
         "1 a.m. (UTC+11)–3 a.m. (UTC+10:30)"),
    ],
)  # fmt: skip
def test_session_times_name_the_offset_in_force_at_that_time(client, zone, day, start, end, language, shown):
    event = EventFactory(slug="night", time_zone=zone, start_date=day, end_date=day)
    session = SessionFactory(event=event, number=1, date=day, start_time=start, end_time=end)

    session_page = client.get(f"/{language}/events/night/{session.slug}/").content.decode()
    event_page = client.get(f"/{language}/events/night/").content.decode()

    assert f"</dt><dd>{shown}</dd>" in session_page
    assert f"</time>, {shown}</p>" in event_page


def test_session_without_date_or_time_reads_well(client, event):
    session = SessionFactory(event=event, number=1, date=None, start_time=None, end_time=None)

    event_page = client.get("/en/events/hld/").content.decode()
    session_page = client.get(f"/en/events/hld/{session.slug}/").content.decode()

    assert '<p class="card__meta"><time' not in event_page
    assert "<dt>Time</dt>" not in session_page
    assert "<dt>Date</dt>" not in session_page


def test_other_documents_of_a_meeting_are_listed_under_their_own_heading(client, event):
    EventDocumentFactory(event=event, role="mandate", document__title="The mandate")
    EventDocumentFactory(event=event, role="other", document__title="A related text")

    html = client.get("/en/events/hld/").content.decode()

    documents, others = html.index('id="documents-heading"'), html.index('id="other-documents-heading">Other documents')
    assert documents < html.index("The mandate") < others < html.index("A related text")


def test_an_event_page_lists_its_first_other_documents_and_every_named_one(client, event, monkeypatch):
    monkeypatch.setattr("documents.models.EVENT_PAGE_OTHER_DOCUMENTS", 2)
    for n in range(3):
        EventDocumentFactory(event=event, role="background", order=n, document__title=f"Background {n}")
        EventDocumentFactory(event=event, role="other", order=n, document__title=f"Related text {n}")
    EventDocumentFactory(role="other", document__title="Another event's text")

    html = client.get("/fr/events/hld/").content.decode()

    assert [f"Background {n}" in html for n in range(3)] == [True, True, True]
    assert [f"Related text {n}" in html for n in range(3)] == [True, True, False]
    assert '<p class="help">Les 2 premiers sont présentés ici ; la bibliothèque les présente tous.</p>' in html
    assert '<a href="/fr/documents/?event=hld">' in html


def test_an_event_pages_first_other_documents_are_its_first_published_ones_in_order_then_by_date(
    client, event, monkeypatch
):
    monkeypatch.setattr("documents.models.EVENT_PAGE_OTHER_DOCUMENTS", 2)
    for _ in range(3):
        EventDocumentFactory(
            event=event, role="other", document__title="A draft", document__status=PublicationStatus.DRAFT
        )
    for day in (3, 1, 2):
        EventDocumentFactory(
            event=event,
            role="other",
            order=1,
            document__date=datetime.date(2013, 9, day),
            document__title=f"Of {day} Sept",
        )
    EventDocumentFactory(event=event, role="other", order=0, document__title="Placed first")

    html = client.get("/en/events/hld/").content.decode()

    assert "A draft" not in html
    assert [text in html for text in ("Placed first", "Of 1 Sept", "Of 2 Sept", "Of 3 Sept")] == [
        True,
        True,
        False,
        False,
    ]
    assert html.index("Placed first") < html.index("Of 1 Sept")


def test_an_event_page_lists_every_other_document_below_the_bound(client, event):
    EventDocumentFactory(event=event, role="other", document__title="A related text")

    html = client.get("/en/events/hld/").content.decode()

    assert "A related text" in html
    assert "are listed here" not in html


def test_draft_event_is_not_found_by_the_public(client):
    EventFactory(slug="secret", status=PublicationStatus.DRAFT)

    assert client.get("/en/events/secret/").status_code == 404
    assert client.get("/en/events/secret/calendar.ics").status_code == 404
    assert "secret" not in client.get("/en/events/").content.decode()


def test_scheduled_event_appears_exactly_at_its_publish_time(client):
    publish_at = datetime.datetime(2013, 9, 1, 12, 0, tzinfo=datetime.UTC)
    EventFactory(slug="soon", publish_from=publish_at)

    with time_machine.travel(publish_at - datetime.timedelta(seconds=1), tick=False):
        assert client.get("/en/events/soon/").status_code == 404
    with time_machine.travel(publish_at, tick=False):
        assert client.get("/en/events/soon/").status_code == 200


def test_staff_can_preview_a_draft_through_the_public_page(admin_client, client):
    EventFactory(slug="draft", title="Draft meeting", status=PublicationStatus.DRAFT)

    response = admin_client.get("/en/events/draft/?preview=1")

    assert response.status_code == 200
    assert "Draft meeting" in response.content.decode()
    assert "Visitors do not see them" in response.content.decode()
    assert client.get("/en/events/draft/?preview=1").status_code == 404


def test_draft_session_is_hidden_from_the_public(client, event):
    SessionFactory(event=event, number=1, title="Hidden session", status=PublicationStatus.DRAFT)

    assert "Hidden session" not in client.get("/en/events/hld/").content.decode()
    assert client.get("/en/events/hld/round-table-1/").status_code == 404


@pytest.mark.parametrize("sessions", [2, 40])
def test_event_page_queries_do_not_grow_with_sessions(client, django_assert_num_queries, event, sessions):
    for number in range(1, sessions + 1):
        # Each with its time and the offset named with it (UTC-4), read from the event already at hand.
        SessionFactory(event=event, number=number, date=event.start_date, start_time=datetime.time(10))
    event.related_events.add(EventFactory())
    VersionFactory(document=EventDocumentFactory(event=event).document)
    SubmissionFileFactory(submission__status="published", submission__call__event=event)

    with django_assert_num_queries(9):  # with the navigation's open calls
        response = client.get("/en/events/hld/")

    assert response.content.decode().count('<h3><a href="/en/events/hld/round-table-') == sessions
    assert response.content.decode().count("</time>, 10 a.m. (UTC-4)</p>") == sessions


def test_an_event_page_builds_its_sql_once(client, event, monkeypatch):
    session = SessionFactory(event=event, number=1)
    related = EventFactory()
    event.related_events.add(related)
    link = EventDocumentFactory(event=event)
    VersionFactory(document=link.document)
    file = SubmissionFileFactory(submission__status="published", submission__call__event=event)
    first = client.get("/en/events/hld/").content.decode()
    compiled = []
    compile_sql = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda compiler: compiled.append(compiler) or compile_sql(compiler))

    second = client.get("/en/events/hld/").content.decode()

    # Every part of the page is read again (common/compiled.py), and none of their SQL is built again.
    shown = [session.title, related.title, link.document.title, file.original_name]
    assert [name in second for name in shown] == [True, True, True, True]
    assert (second, compiled) == (first, [])


def test_event_calendar_file_describes_the_event(client, event):
    response = client.get("/en/events/hld/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="hld.ics"' in response["Content-Disposition"]
    entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["SUMMARY"]) == "High-Level Dialogue"
    assert entry.decoded("DTSTART") == datetime.date(2013, 10, 3)
    assert entry.decoded("DTEND") == datetime.date(2013, 10, 5)
    assert str(entry["URL"]) == "https://portal.example.org/en/events/hld/"


def test_calendar_feed_lists_published_events_in_the_visitor_language(client, event):
    EventFactory(status=PublicationStatus.DRAFT, title="Draft")

    response = client.get("/fr/events/calendar.ics")

    summaries = [str(entry["SUMMARY"]) for entry in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == [event.title_fr]


def test_related_meetings_list_the_meetings_within_first_each_once_and_only_published(client, event):
    child = EventFactory(title="Side event", parent=event, start_date=event.end_date, end_date=event.end_date)
    earlier = EventFactory(
        title="Earlier dialogue", start_date=datetime.date(2006, 9, 14), end_date=datetime.date(2006, 9, 15)
    )
    later = EventFactory(title="Forum", start_date=datetime.date(2014, 5, 14), end_date=datetime.date(2014, 5, 16))
    draft = EventFactory(title="Draft meeting", status="draft")
    event.related_events.add(child, later, earlier, draft)
    later.related_events.add(EventFactory(title="Unrelated"))

    page = client.get("/en/events/hld/").content.decode()
    related = page.split('id="related-heading"')[1]

    assert related.count("Side event") == 1
    assert related.index("Side event") < related.index("Earlier dialogue") < related.index("Forum")
    assert "Draft meeting" not in related
    assert "Unrelated" not in related


def test_an_event_is_under_way_until_its_last_night_meeting_ends(client, time_machine):
    day = datetime.date(2026, 12, 4)
    event = EventFactory(slug="night", start_date=day, end_date=day, time_zone="America/Denver")
    night = SessionFactory(event=event, number=1, date=day, start_time=datetime.time(22), end_time=datetime.time(2))

    # 00:10 and 02:00 on 5 December in Denver (UTC-7).
    time_machine.move_to(datetime.datetime(2026, 12, 5, 7, 10, tzinfo=datetime.UTC), tick=False)
    assert Event.objects.get(pk=event.pk).state == EventState.UNDER_WAY
    assert "Under way" in client.get("/en/events/night/").content.decode()
    time_machine.move_to(datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
    assert Event.objects.get(pk=event.pk).state == EventState.PAST

    night.delete()  # the event ends at midnight again
    time_machine.move_to(datetime.datetime(2026, 12, 5, 7, 10, tzinfo=datetime.UTC), tick=False)
    assert Event.objects.get(pk=event.pk).state == EventState.PAST

    # A draft night meeting, which no visitor sees, does not keep the event under way; published, it does.
    draft = SessionFactory(event=event, number=2, date=day, start_time=datetime.time(22), end_time=datetime.time(2))
    draft.status = "draft"
    draft.save()
    assert Event.objects.get(pk=event.pk).state == EventState.PAST
    assert "Under way" not in client.get("/en/events/night/").content.decode()
    draft.status = "published"
    draft.save()
    assert Event.objects.get(pk=event.pk).state == EventState.UNDER_WAY


def test_a_title_ending_in_another_script_keeps_its_own_direction_before_the_dates(client):
    # Without isolation the comma before the dates joins the Arabic run and is drawn on the wrong side of its word.
    EventFactory(slug="arabic", title="Dialogue on migration هجرة")

    html = client.get("/en/events/arabic/").content.decode()

    assert '<h1 id="event-title"><bdi>Dialogue on migration هجرة</bdi><span class="page-header__dates">, ' in html

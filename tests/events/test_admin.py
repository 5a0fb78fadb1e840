import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from reversion.models import Version as Revision

from events.models import Session
from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_editor_sees_events_with_filters_and_search(editor_client):
    EventFactory(title="High-Level Dialogue")
    EventFactory(title="Expert meeting")

    response = editor_client.get("/admin/events/event/", {"q": "dialogue"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "High-Level Dialogue" in html
    assert "Expert meeting" not in html
    for filter_title in ("By publication", "By state", "By year"):
        assert filter_title in html


def test_event_form_has_a_tab_per_language_and_sortable_sessions(editor_client):
    event = EventFactory()
    SessionFactory(event=event)

    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    for field in ("id_title_en", "id_title_fr", "id_title_es", "id_theme_fr", "id_sessions-0-title_es"):
        assert field in html
    assert "tabbed_translation_fields.js" in html
    assert "adminsortable2" in html
    assert "View on site" in html


def test_editor_saves_a_translation_and_reorders_sessions_with_history(editor_client):
    event = EventFactory()
    first = SessionFactory(event=event, number=1, order=1)
    second = SessionFactory(event=event, number=2, order=2)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data["title_es"] = "Diálogo de alto nivel"
    first_index = next(key for key, value in data.items() if key.endswith("-id") and value == str(first.pk))
    second_index = next(key for key, value in data.items() if key.endswith("-id") and value == str(second.pk))
    data[first_index.replace("-id", "-order")] = "2"
    data[second_index.replace("-id", "-order")] = "1"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event.refresh_from_db()
    assert event.title_es == "Diálogo de alto nivel"
    assert list(Session.objects.filter(event=event).order_by("order")) == [second, first]
    assert Revision.objects.get_for_object(event).count() == 1


def test_publish_action_publishes_drafts(editor_client):
    draft = EventFactory(status="draft")

    response = editor_client.post(
        "/admin/events/event/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert "1 item published." in response.content.decode()
    assert Revision.objects.get_for_object(draft).count() == 1


def test_view_on_site_previews_a_draft(editor_client):
    draft = EventFactory(slug="draft-one", status="draft")

    html = editor_client.get(f"/admin/events/event/{draft.pk}/change/").content.decode()

    assert 'href="/en/events/draft-one/?preview=1"' in html
    assert editor_client.get("/en/events/draft-one/?preview=1").status_code == 200


def test_a_session_time_the_clocks_skip_is_refused(editor_client):
    # Santiago moves its clocks from midnight to 1 a.m. on 6 September 2026: 00:30 never happens there that day.
    event = EventFactory(
        start_date=datetime.date(2026, 9, 5), end_date=datetime.date(2026, 9, 7), time_zone="America/Santiago"
    )
    session = SessionFactory(event=event, number=1, date=datetime.date(2026, 9, 5))
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(session.pk))[: -len("id")]
    data.update({f"{prefix}date": "2026-09-06", f"{prefix}start_time": "00:30", f"{prefix}end_time": "02:00"})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "The clocks go forward at this time on this day in America/Santiago: this time does not exist." in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.start_time is None


@pytest.mark.parametrize(
    ("date", "start", "field", "message"),
    [
        # New York moves its clocks from 2 to 3 a.m. on 14 March 2027.
        (
            "2027-03-14",
            "02:30",
            "start_time",
            "The clocks go forward at this time on this day in America/New_York: this time does not exist.",
        ),
        (
            "2027-06-01",
            "10:00",
            "date",
            "The date must fall within the event's dates (13 March 2027 to 14 March 2027).",
        ),
    ],
)
def test_a_session_added_with_its_new_event_is_checked_against_it(editor_client, date, start, field, message):
    data = admin_form_data(editor_client.get("/admin/events/event/add/"))
    # One session added with "Add another Session", as the admin's script adds its fields.
    data.update(
        {
            "title_en": "Dialogue in New York",
            "slug": "dialogue-new-york",
            "start_date": "2027-03-13",
            "end_date": "2027-03-14",
            "time_zone": "America/New_York",
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-kind": "plenary",
            "sessions-0-number": "1",
            "sessions-0-title_en": "Spring session",
            "sessions-0-slug": "spring",
            "sessions-0-date": date,
            "sessions-0-start_time": start,
            "sessions-0-end_time": "04:00" if start < "04:00" else "12:00",
            "sessions-0-status": "published",
            "sessions-0-order": "0",
        }
    )

    response = editor_client.post("/admin/events/event/add/", data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors[field] == [message]
    assert not Session.objects.exists()


def session_times_posted(editor_client, start, end, *, language="en"):
    """The event's change form posted back with its session held on 3 October 2013 from ``start`` to ``end``."""
    event = EventFactory(start_date=datetime.date(2013, 10, 3), end_date=datetime.date(2013, 10, 4))
    session = SessionFactory(event=event, number=1, date=datetime.date(2013, 10, 3))
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    prefix = next(key for key, value in data.items() if key.endswith("-id") and value == str(session.pk))[: -len("id")]
    data.update({f"{prefix}start_time": start, f"{prefix}end_time": end})
    response = editor_client.post(url, data, headers={"accept-language": language})
    session.refresh_from_db()
    return response, session


def test_a_night_meeting_may_run_past_midnight(editor_client):
    response, session = session_times_posted(editor_client, "22:00", "01:30")

    assert response.status_code == 302
    assert (session.start_time, session.end_time) == (datetime.time(22), datetime.time(1, 30))
    assert session.end_day == datetime.date(2013, 10, 4)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "The end time must be after the start time, or, for a meeting that runs past midnight, at most 12 hours "
            "after it on the next day.",
        ),
        ("fr", "L’heure de fin doit être postérieure à l’heure de début ou, pour une séance qui se prolonge"),
    ],
)
def test_an_end_time_typed_before_the_start_by_mistake_is_refused(editor_client, language, message):
    # 3 p.m. to 1 p.m. is no night meeting of 22 hours: a slip of the keyboard.
    response, session = session_times_posted(editor_client, "15:00", "13:00", language=language)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert session.start_time is None


def test_correcting_an_event_zone_leaves_it_published_from_the_same_moment(editor_client, client):
    kolkata = ZoneInfo("Asia/Kolkata")
    published_from = datetime.datetime(2026, 12, 1, 15, tzinfo=kolkata)
    event = EventFactory(slug="kolkata", time_zone="Asia/Kolkata", publish_from=published_from)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    # Only the zone changed; "publish from" sent back as the form showed it, in Kolkata's time.
    data.update({"time_zone": "America/Los_Angeles", "publish_from_0": "2026-12-01", "publish_from_1": "15:00:00"})

    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        response = editor_client.post(url, data, follow=True)
        page = client.get("/en/events/kolkata/")

    event.refresh_from_db()
    assert event.time_zone == "America/Los_Angeles"
    assert event.publish_from == published_from
    assert page.status_code == 200
    assert (
        "The time zone is now America/Los_Angeles. These dates and times kept their moment, shown now in this zone: "
        "Publish from."
    ) in response.content.decode()


def test_an_edit_saved_over_another_editors_is_refused_once_saying_whose(editor_client, client):
    """Two editors open the same event; the second to save is told, instead of writing the first one's change away
    with "changed successfully"; saving again keeps the second's form on purpose."""
    event = EventFactory(venue="Palais des Nations", city="Geneva")
    url = f"/admin/events/event/{event.pk}/change/"
    first, second = admin_form_data(editor_client.get(url)), admin_form_data(editor_client.get(url))
    colleague = User.objects.create_user("colleague", first_name="Ana", last_name="Lima", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Editors"))
    client.force_login(colleague)
    first["venue_en"] = "Palais des Nations, Room XX"
    assert client.post(url, first).status_code == 302

    second["city_en"] = "Genève"
    refused = editor_client.post(url, second)

    html = unescape(refused.content.decode())
    assert refused.status_code == 200
    assert "Ana Lima saved this event at " in html
    assert "Saving would replace their changes with this form's contents" in html
    event.refresh_from_db()
    assert (event.venue, event.city) == ("Palais des Nations, Room XX", "Geneva")
    again = editor_client.post(url, admin_form_data(refused))
    assert again.status_code == 302
    event.refresh_from_db()
    assert (event.venue, event.city) == ("Palais des Nations", "Genève")


def test_a_session_deleted_by_someone_else_is_said_in_its_list(editor_client):
    event = EventFactory()
    session = SessionFactory(event=event)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    session.delete()
    data["edited_version"] = admin_form_data(editor_client.get(url))["edited_version"]

    html = unescape(editor_client.post(url, data).content.decode())

    assert "A row of this list was deleted or changed by someone else after you opened this page" in html


def test_the_events_list_tells_a_scheduled_event_from_a_published_one(editor_client):
    moment = datetime.datetime(2030, 5, 6, 9, 0, tzinfo=datetime.UTC)
    EventFactory(title="Later", status="published", publish_from=moment, time_zone="Europe/Zurich")
    EventFactory(title="Now", status="published")

    html = editor_client.get("/admin/events/event/").content.decode()

    assert '<td class="field-publication">Scheduled (from 6 May 2030, 11 a.m., Europe/Zurich)</td>' in html
    assert '<td class="field-publication">Published</td>' in html


def test_a_draft_sessions_view_on_site_previews_it(editor_client):
    event = EventFactory(slug="hld")
    SessionFactory(event=event, slug="plenary-1", status="draft")

    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    assert re.search(r'href="/en/events/hld/plenary-1/\?preview=1"[^>]*>View on site', html)
    assert editor_client.get("/en/events/hld/plenary-1/?preview=1").status_code == 200


def test_two_sessions_with_one_address_are_refused_naming_the_field_in_the_editors_language(editor_client):
    event = EventFactory()
    SessionFactory(event=event, slug="plenary-1", number=1)
    SessionFactory(event=event, slug="plenary-2", number=2)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({key: "plenary-1" for key, value in data.items() if key.endswith("-slug") and value == "plenary-2"})

    html = unescape(editor_client.post(url, data, headers={"accept-language": "fr"}).content.decode())

    assert "Corrigez les données en double dans identifiant d’adresse." in html


def test_a_session_of_an_event_whose_own_dates_are_wrong_is_not_blamed_for_them(editor_client):
    event = EventFactory(start_date=datetime.date(2027, 3, 11), end_date=datetime.date(2027, 3, 11))
    SessionFactory(event=event, date=datetime.date(2027, 3, 11))
    url = f"/admin/events/event/{event.pk}/change/"
    data = {**admin_form_data(editor_client.get(url)), "end_date": "2027-03-10"}

    html = unescape(editor_client.post(url, data).content.decode())

    assert "The end date cannot be before the start date." in html
    assert "The date must fall within the event's dates" not in html

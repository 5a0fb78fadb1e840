"""An editor types a call's dates in the call's own time zone; the admin list, the public pages, the submitter's
receipt and status page say the same wall-clock time, in that zone, and name it."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from submissions.models import Call, Submission
from tests.admin_forms import admin_form_data
from tests.factories import CallFactory, EventFactory, SubmissionFactory
from tests.submission_fixtures import upload

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def edit_call(client, call, *, zone, opens, closes):
    url = f"/admin/submissions/call/{call.pk}/change/"
    page = client.get(url)
    data = admin_form_data(page)
    data.update(
        {
            "time_zone": zone,
            "opens_at_0": opens[0],
            "opens_at_1": opens[1],
            "closes_at_0": closes[0],
            "closes_at_1": closes[1],
            "accepted_types": ["pdf", "docx"],
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    return call


def test_a_deadline_typed_for_new_york_closes_at_that_time_in_new_york(editor_client):
    call = CallFactory(slug="ny", time_zone="Europe/Zurich")

    call = edit_call(
        editor_client,
        call,
        zone="America/New_York",
        opens=("2026-12-01", "09:00"),
        closes=("2026-12-31", "23:59"),
    )

    assert call.opens_at == datetime.datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert call.closes_at == datetime.datetime(2027, 1, 1, 4, 59, tzinfo=UTC)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=UTC), tick=False):
        page = unescape(editor_client.get("/es/calls/ny/").content.decode())
    assert "Se aceptan contribuciones hasta el 31 de diciembre de 2026, a las 23.59 horas (UTC-5)." in page


def test_the_change_form_shows_the_stored_time_in_the_call_zone_and_names_it(editor_client):
    call = CallFactory(
        time_zone="America/New_York",
        opens_at=datetime.datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
        closes_at=datetime.datetime(2027, 1, 1, 4, 59, tzinfo=UTC),
    )

    response = editor_client.get(f"/admin/submissions/call/{call.pk}/change/")

    html = response.content.decode()
    assert 'value="2026-12-31"' in html
    assert 'value="23:59:00"' in html
    assert 'Time in <span class="time-zone-name">America/New_York</span>.' in html


@pytest.mark.parametrize(
    ("opens", "closes", "opens_utc", "closes_utc"),
    [
        # Zurich is UTC+1 in winter and UTC+2 from 28 March 2027: each date keeps its own offset.
        (("2027-03-20", "09:00"), ("2027-04-02", "23:59"), (2027, 3, 20, 8, 0), (2027, 4, 2, 21, 59)),
        # Back to UTC+1 on 31 October 2027.
        (("2027-10-25", "09:00"), ("2027-11-05", "12:00"), (2027, 10, 25, 7, 0), (2027, 11, 5, 11, 0)),
    ],
    ids=["into-summer-time", "out-of-summer-time"],
)
def test_dates_across_a_dst_change_keep_their_wall_clock_time_in_zurich(
    editor_client, opens, closes, opens_utc, closes_utc
):
    call = CallFactory(slug="zurich", time_zone="America/New_York")

    call = edit_call(editor_client, call, zone="Europe/Zurich", opens=opens, closes=closes)

    assert call.opens_at == datetime.datetime(*opens_utc, tzinfo=UTC)
    assert call.closes_at == datetime.datetime(*closes_utc, tzinfo=UTC)
    zurich = ZoneInfo("Europe/Zurich")
    assert call.closes_at.astimezone(zurich).strftime("%Y-%m-%d %H:%M") == f"{closes[0]} {closes[1]}"


def test_a_new_call_reads_its_dates_in_the_zone_chosen_in_the_same_form(editor_client):
    event = CallFactory().event
    data = {
        "event": event.pk,
        "title_en": "Contributions",
        "slug": "new-call",
        "instructions_en": "<p>Send them.</p>",
        "publication_policy_en": "<p>Published.</p>",
        "opens_at_0": "2027-07-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2027-07-31",
        "closes_at_1": "18:00",
        "time_zone": "Asia/Bangkok",
        "accepted_types": ["pdf"],
        "max_file_size": "1000000",
        "max_total_size": "2000000",
        "max_files": "3",
        "reference_prefix": "NEW2027",
        "status": "draft",
    }

    response = editor_client.post("/admin/submissions/call/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Call.objects.get(slug="new-call")
    assert call.closes_at == datetime.datetime(2027, 7, 31, 11, 0, tzinfo=UTC)  # Bangkok is UTC+7


@pytest.mark.parametrize(
    ("zone", "offset"), [("Pacific/Kiritimati", "UTC+14"), ("Pacific/Pago_Pago", "UTC-11")], ids=["utc+14", "utc-11"]
)
def test_the_admin_list_shows_each_call_time_as_typed_in_its_zone_and_names_it(editor_client, zone, offset):
    call = CallFactory(slug="edge", time_zone="UTC")
    edit_call(editor_client, call, zone=zone, opens=("2026-12-01", "09:00"), closes=("2026-12-31", "23:59"))

    html = editor_client.get("/admin/submissions/call/").content.decode()

    assert f'<td class="field-opens">1 December 2026, 9 a.m. ({offset})</td>' in html
    assert f'<td class="field-deadline">31 December 2026, 11:59 p.m. ({offset})</td>' in html


def test_the_admin_list_says_when_a_call_without_a_deadline_closes_in_a_query_of_its_own(
    editor_client, django_assert_max_num_queries
):
    # Its meeting begins at midnight in New York on 2 March 2027: in English "00:00", the start of the day, which
    # "midnight" was read as the end of.
    for number in range(3):
        event = EventFactory(time_zone="America/New_York", start_date=datetime.date(2027, 3, 2),
                             end_date=datetime.date(2027, 3, 3))  # fmt: skip
        CallFactory(event=event, slug=f"open-{number}", time_zone="America/New_York", closes_at=None)

    with django_assert_max_num_queries(12):
        html = editor_client.get("/admin/submissions/call/").content.decode()

    assert html.count('<td class="field-deadline">2 March 2027, 00:00 (UTC-5)</td>') == 3


def test_a_submission_a_second_before_a_pago_pago_deadline_is_received_on_that_day_there(
    client, form_data, django_capture_on_commit_callbacks
):
    # 23:59 on 31 December in Pago Pago (UTC-11) is 10:59 on 1 January in UTC: the receipt must not say "1 January".
    deadline = datetime.datetime(2027, 1, 1, 10, 59, tzinfo=UTC)
    call = CallFactory(slug="pago", time_zone="Pacific/Pago_Pago", closes_at=deadline)
    second = datetime.timedelta(seconds=1)

    with time_machine.travel(deadline - second, tick=False), django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/fr/calls/{call.slug}/submit/", {**form_data, "files": [upload()]})
        status = unescape(client.get(sent["Location"]).content.decode())
    with time_machine.travel(deadline + second, tick=False):
        late = client.post(f"/fr/calls/{call.slug}/submit/", {**form_data, "files": [upload()]})

    assert "Date de réception : 31 décembre 2026 à 23 h 58 (UTC-11)" in mail.outbox[0].body
    assert "31 décembre 2026 à 23 h 58 (UTC-11)" in status
    assert late.status_code == 403
    assert "La date limite était le 31 décembre 2026 à 23 h 59 (UTC-11). Les contributions ne sont plus acceptées." in (
        " ".join(unescape(late.content.decode()).split())
    )
    assert Submission.objects.count() == 1


def test_the_moderation_queue_says_when_a_submission_came_in_the_call_zone(moderator_client):
    call = CallFactory(time_zone="Pacific/Pago_Pago", closes_at=datetime.datetime(2027, 1, 1, 10, 59, tzinfo=UTC))
    with time_machine.travel(datetime.datetime(2027, 1, 1, 10, 58, tzinfo=UTC), tick=False):
        SubmissionFactory(call=call)

    html = moderator_client.get("/admin/submissions/submission/").content.decode()

    assert '<td class="field-received">31 December 2026, 11:58 p.m. (UTC-11)</td>' in html


def test_a_call_without_a_deadline_cannot_open_once_its_meeting_has_begun(editor_client):
    # The meeting's first day begins at midnight in New York on 2 March 2027, 05:00 UTC.
    event = EventFactory(time_zone="America/New_York", start_date=datetime.date(2027, 3, 2),
                         end_date=datetime.date(2027, 3, 3))  # fmt: skip
    call = CallFactory(event=event, slug="late", time_zone="America/New_York")
    url = f"/admin/submissions/call/{call.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({"opens_at_0": "2027-03-02", "opens_at_1": "09:00", "closes_at_0": "", "closes_at_1": ""})
    data["accepted_types"] = ["pdf"]

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["opens_at"] == [
        "Without a deadline the call closes when its meeting begins: open it before, or set a deadline."
    ]
    data.update({"opens_at_0": "2027-03-01", "opens_at_1": "23:59"})
    assert editor_client.post(url, data).status_code == 302


def test_a_deadline_in_the_hour_the_clocks_repeat_is_its_first_passage_and_can_be_saved_again(editor_client):
    # New York's clocks go back from 2 a.m. to 1 a.m. on 7 November 2027: 1:30 happens twice, first at UTC-4.
    call = CallFactory(slug="repeat", time_zone="UTC")
    edit_call(
        editor_client, call, zone="America/New_York", opens=("2027-10-01", "09:00"), closes=("2027-11-07", "01:30")
    )

    assert call.closes_at == datetime.datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    again = edit_call(
        editor_client, call, zone="America/New_York", opens=("2027-10-01", "09:00"), closes=("2027-11-07", "01:30")
    )
    assert again.closes_at == datetime.datetime(2027, 11, 7, 5, 30, tzinfo=UTC)


def test_a_deadline_at_a_time_the_clocks_skip_is_refused_saying_why(editor_client):
    # New York's clocks go forward from 2 a.m. to 3 a.m. on 14 March 2027: 2:30 never happens there that day.
    call = CallFactory(slug="gap", time_zone="America/New_York")
    url = f"/admin/submissions/call/{call.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({"closes_at_0": "2027-03-14", "closes_at_1": "02:30", "accepted_types": ["pdf"]})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["closes_at"] == [
        "The clocks go forward at this time on this day in America/New_York: this time does not exist."
    ]


def test_a_change_of_zone_keeps_the_moment_of_what_the_editor_left_as_shown(editor_client):
    zurich = ZoneInfo("Europe/Zurich")
    call = CallFactory(
        slug="moved",
        time_zone="Europe/Zurich",
        opens_at=datetime.datetime(2026, 12, 1, 9, tzinfo=zurich),
        closes_at=datetime.datetime(2026, 12, 20, 18, tzinfo=zurich),
    )
    url = f"/admin/submissions/call/{call.pk}/change/"
    page = editor_client.get(url)
    assert 'value="2026-12-01"' in page.content.decode()
    data = admin_form_data(page)
    # The zone corrected, and the deadline typed anew for it; the opening left as it was shown.
    data.update(
        {
            "time_zone": "America/New_York",
            "opens_at_0": "2026-12-01",
            "opens_at_1": "09:00:00",
            "closes_at_0": "2026-12-31",
            "closes_at_1": "23:59",
            "accepted_types": ["pdf", "docx"],
        }
    )

    response = editor_client.post(url, data, follow=True)

    call.refresh_from_db()
    assert call.opens_at == datetime.datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert call.closes_at == datetime.datetime(2027, 1, 1, 4, 59, tzinfo=UTC)
    assert (
        "The time zone is now America/New_York. These dates and times kept their moment, shown now in this zone: "
        "Opens. Change them if they were meant as this zone&#x27;s clock time."
    ) in response.content.decode()

"""An editor types a call's dates in the call's own time zone, and the public page says the same wall-clock time."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine

from submissions.models import Call
from tests.admin_forms import admin_form_data
from tests.factories import CallFactory

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
    assert "Time in America/New_York." in html


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

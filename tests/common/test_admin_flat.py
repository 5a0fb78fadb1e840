"""Admin pages that cost the same at 500 events, 500 calls and 20,000 submissions as at a few (issue 17)."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.admin import TitleListFilter
from submissions.models import Submission
from tests.factories import CallFactory, EventFactory
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db

QUEUE = "/admin/submissions/submission/"
CALLS = "/admin/submissions/call/"


def received_on(received, moment):
    Submission.objects.filter(pk=received[0].pk).update(created_at=moment)


def read_columns(sql, column):
    """Whether the SELECT ``sql`` reads ``column`` itself (not only whether it holds text, an annotation)."""
    return re.search(re.escape(column) + r'(, "| FROM)', sql) is not None


@pytest.fixture
def few_links(monkeypatch):
    monkeypatch.setattr(TitleListFilter, "most_links", 3)


def test_a_filter_by_event_over_more_events_than_it_links_is_a_box_that_finds_one(editor_client, few_links):
    calls = [CallFactory(event__title=f"Regional consultation {number}") for number in range(5)]
    chosen = calls[4].event

    html = unescape(editor_client.get(f"{CALLS}?event__id__exact={chosen.pk}&q=call").content.decode())

    assert "Regional consultation 0</a>" not in html
    assert '<label for="filter_event__id__exact">Find by title</label>' in html
    assert 'data-app-label="submissions" data-model-name="call" data-field-name="event"' in html
    assert f'<option value="{chosen.pk}" selected>Regional consultation 4</option>' in html
    assert '<input type="hidden" name="q" value="call">' in html
    assert "select2.full" in html
    assert calls[4].title in html
    assert calls[0].title not in html


def test_the_box_finds_events_by_their_title(editor_client, few_links):
    CallFactory(event__title="Global Forum on Migration")
    CallFactory(event__title="Regional consultation")

    answer = editor_client.get(
        "/admin/autocomplete/?app_label=submissions&model_name=call&field_name=event&term=forum"
    ).json()

    assert [result["text"] for result in answer["results"]] == ["Global Forum on Migration"]


def test_the_filter_by_call_reads_a_bounded_number_of_titles(moderator_client, few_links):
    calls = CallFactory.create_batch(5)
    receive(calls[0])

    with CaptureQueriesContext(connection) as queries:
        html = moderator_client.get(QUEUE).content.decode()

    titles = [query["sql"] for query in queries if 'FROM "submissions_call" ORDER BY' in query["sql"]]
    assert len(titles) == 1
    assert "LIMIT 4" in titles[0]
    assert f"{calls[1].title}</a>" not in html
    assert 'id="filter_call__id__exact"' in html


def test_a_filter_over_a_model_without_a_search_lists_the_first_and_says_so(editor_client, few_links):
    from tests.factories import SessionFactory

    event = EventFactory()
    SessionFactory.create_batch(5, event=event)

    html = editor_client.get("/admin/records/statement/").content.decode()

    assert html.count("?session__id__exact=") == 3
    assert "Only the first 3 are listed." in html


def test_the_calls_list_reads_no_long_texts_of_calls_or_events(editor_client):
    CallFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        editor_client.get(CALLS)

    rows = next(query["sql"] for query in queries if query["sql"].startswith('SELECT "submissions_call"."id", '))
    assert read_columns(rows, '"events_event"."title_en"')
    for column in ('"instructions_en"', '"publication_policy_fr"', '"events_event"."summary_en"', '"body_en"'):
        assert not read_columns(rows, column)


def test_the_events_list_reads_no_long_texts(editor_client):
    EventFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        html = editor_client.get("/admin/events/event/").content.decode()

    rows = next(query["sql"] for query in queries if query["sql"].startswith('SELECT "events_event"."id", '))
    assert read_columns(rows, '"title_en"')
    assert not read_columns(rows, '"body_en"')
    assert not read_columns(rows, '"summary_fr"')
    assert "Meeting" in html


def test_the_queue_s_date_hierarchy_reads_two_ends_of_the_dates_not_every_day(moderator_client, call):
    for day in (3, 5):
        received_on(receive(call), datetime.datetime(2026, 11, day, 12, tzinfo=datetime.UTC))

    with CaptureQueriesContext(connection) as queries:
        html = moderator_client.get(QUEUE).content.decode()

    sql = [query["sql"] for query in queries]
    assert not [query for query in sql if "DISTINCT" in query]
    assert not [query for query in sql if '"submissions_submission"' in query and "JOIN" in query]
    days = re.findall(
        r"created_at__day=(\d+)&amp;created_at__month=11&amp;created_at__year=2026\">(\d+ November)", html
    )
    assert days == [("3", "3 November"), ("4", "4 November"), ("5", "5 November")]


def test_the_queue_s_date_hierarchy_drills_into_a_year_and_a_day(moderator_client, call):
    for year in (2025, 2026):
        received_on(
            receive(call, organisation=f"NGO of {year}"), datetime.datetime(year, 3, 2, 12, tzinfo=datetime.UTC)
        )

    years = moderator_client.get(QUEUE).content.decode()
    months = moderator_client.get(f"{QUEUE}?created_at__year=2026").content.decode()
    day = moderator_client.get(f"{QUEUE}?created_at__year=2026&created_at__month=3&created_at__day=2").content

    assert "?created_at__year=2025" in years
    assert "?created_at__year=2026" in years
    assert "?created_at__month=3&amp;created_at__year=2026" in months
    assert "NGO of 2026" in day.decode()
    assert "NGO of 2025" not in day.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_the_queue_s_search_is_served_by_indexes_on_every_searched_column(moderator_client, call):
    receive(call, organisation="Found by email", email="someone@example.org")

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM submissions_submission WHERE UPPER(reference::text) LIKE '%SOME%' "
            "OR UPPER(contact_name::text) LIKE '%SOME%' OR UPPER(email::text) LIKE '%SOME%'"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")

    for column in ("reference", "contact_name", "email"):
        assert f"submissions_submission_{column}_trigram" in plan
    assert "Found by email" in moderator_client.get(f"{QUEUE}?q=someone").content.decode()

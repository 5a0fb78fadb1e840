"""The moderation queue (the admin's list of submissions): its filters by call and by event."""

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CallFactory
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db

QUEUE = "/admin/submissions/submission/"


def test_the_queue_filters_by_call_named_by_its_title(moderator_client, call):
    other = CallFactory(title="Written submissions on the outcome")
    receive(call, organisation="First NGO")
    receive(other, organisation="Second NGO")

    html = unescape(moderator_client.get(QUEUE).content.decode())
    filtered = unescape(moderator_client.get(f"{QUEUE}?call__id__exact={other.pk}").content.decode())

    assert f'<a href="?call__id__exact={call.pk}">Written submissions on resolution 67/172</a>' in html
    assert f'<a href="?call__id__exact={other.pk}">Written submissions on the outcome</a>' in html
    assert "Second NGO" in filtered
    assert "First NGO" not in filtered


def test_the_filter_by_call_reads_each_call_s_title_not_its_texts(moderator_client, call):
    receive(call)

    with CaptureQueriesContext(connection) as queries:
        moderator_client.get(QUEUE)

    calls = [query["sql"] for query in queries if query["sql"].startswith('SELECT "submissions_call"')]
    assert len(calls) == 1
    assert '"instructions' not in calls[0]
    assert '"title_en"' in calls[0]


def test_the_calls_list_filters_by_event_named_by_its_title(editor_client, call):
    other = CallFactory(event__title="Global Forum on Migration")

    html = unescape(editor_client.get("/admin/submissions/call/").content.decode())
    filtered = unescape(
        editor_client.get(f"/admin/submissions/call/?event__id__exact={other.event.pk}").content.decode()
    )

    assert f'<a href="?event__id__exact={other.event.pk}">Global Forum on Migration</a>' in html
    assert other.title in filtered
    assert call.title not in filtered

"""The admin's "view on site" address (/admin/r/<content type>/<id>/) for those who may see the model only."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

from common.models import PublicationStatus
from events.models import Event
from submissions.models import Submission, SubmissionFile
from tests.factories import EventFactory
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db


def address(model, pk):
    return f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"


@pytest.fixture
def clerk():
    return User.objects.create_user("clerk", password="x", is_staff=True)


@pytest.fixture
def draft():
    return EventFactory(slug="hld-2006", status=PublicationStatus.DRAFT)


@pytest.mark.parametrize("user", ["clerk", "moderator"])
def test_staff_who_may_not_see_events_are_refused_a_draft_s_address(client, draft, user, request):
    client.force_login(request.getfixturevalue(user))

    response = client.get(address(Event, draft.pk))

    assert response.status_code == 403
    assert "hld-2006" not in response.content.decode()


def test_an_editor_is_sent_to_the_event_s_page(client, draft, editor):
    client.force_login(editor)

    response = client.get(address(Event, draft.pk))

    assert response.status_code == 302
    assert response["Location"] == "/en/events/hld-2006/"


def test_a_moderator_is_sent_to_a_submission_s_place_and_staff_without_permission_are_not(
    client, call, moderator, clerk
):
    submission, _token = receive(call)
    client.force_login(moderator)
    assert client.get(address(Submission, submission.pk))["Location"] == "/en/calls/hld-call/#HLD2013-0001"

    client.force_login(clerk)
    assert client.get(address(Submission, submission.pk)).status_code == 403


@pytest.mark.parametrize(("user", "status"), [("moderator", 404), ("editor", 403), ("clerk", 403)])
def test_an_id_a_uuid_key_cannot_hold_is_not_found_never_an_error(client, user, status, request):
    client.force_login(request.getfixturevalue(user))

    assert client.get(address(SubmissionFile, "1")).status_code == status
    assert client.get(address(SubmissionFile, uuid.uuid4())).status_code == status


def test_an_unknown_content_type_is_not_found(client, editor):
    client.force_login(editor)

    assert client.get("/admin/r/999999/1/").status_code == 404

"""Drafts are previewed only by those who may change them: editors, not moderators."""

import pytest

from tests.factories import DocumentFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_moderator_cannot_preview_a_draft_event_or_document(moderator_client):
    EventFactory(slug="draft-event", title="Secret meeting", status="draft")
    DocumentFactory(slug="draft-report", title="Secret report", status="draft")

    event = moderator_client.get("/en/events/draft-event/?preview=1")
    document = moderator_client.get("/en/documents/draft-report/?preview=1")

    assert event.status_code == 404
    assert document.status_code == 404
    assert "Secret" not in event.content.decode() + document.content.decode()


def test_an_editor_previews_a_draft_event_and_document(editor_client):
    EventFactory(slug="draft-event", title="Secret meeting", status="draft")
    DocumentFactory(slug="draft-report", title="Secret report", status="draft")

    event = editor_client.get("/en/events/draft-event/?preview=1").content.decode()
    document = editor_client.get("/en/documents/draft-report/?preview=1").content.decode()

    assert "Secret meeting" in event
    assert "Secret report" in document
    assert "Preview: drafts and scheduled items are shown" in event


def test_a_moderator_on_a_published_event_sees_no_draft_session(moderator_client):
    event = EventFactory(slug="hld", title="Dialogue")
    SessionFactory(event=event, title="Draft round table", status="draft")

    page = moderator_client.get("/en/events/hld/?preview=1").content.decode()

    assert "Dialogue" in page
    assert "Draft round table" not in page
    assert "Preview:" not in page

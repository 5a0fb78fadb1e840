"""Anonymous pages come from the cache, per language, and are replaced the moment what they show changes."""

import datetime
import io
import threading

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client

from documents.models import Document
from submissions import services
from tests.factories import (
    CallFactory,
    DocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
)

# Committed for real: the cache follows changes when they commit, never before.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_second_anonymous_visit_is_served_from_the_cache_without_the_database(client, django_assert_num_queries):
    EventFactory(slug="hld", title="Dialogue")
    first = client.get("/en/events/hld/")

    with django_assert_num_queries(0):
        second = client.get("/en/events/hld/")

    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Language"] == "en"
    assert second["X-Frame-Options"] == "DENY"


def test_each_language_has_its_own_copy(client):
    EventFactory(slug="hld", title="Dialogue", title_fr="Dialogue FR", title_es="Diálogo")
    for language in ("en", "fr", "es"):
        client.get(f"/{language}/events/hld/")

    french = client.get("/fr/events/hld/")

    assert french["X-Cache"] == "HIT"
    assert "Dialogue FR" in french.content.decode()
    assert '<html lang="fr"' in french.content.decode()


def test_saving_content_replaces_the_cached_page_at_once(client):
    event = EventFactory(slug="hld", title="Old title")
    client.get("/en/events/hld/")

    event.title = "New title"
    event.save()
    response = client.get("/en/events/hld/")

    assert response["X-Cache"] == "MISS"
    assert "New title" in response.content.decode()


def test_a_change_to_a_session_or_a_relation_replaces_the_event_page(client):
    event = EventFactory(slug="hld")
    session = SessionFactory(event=event, title="Round Table 1")
    client.get("/en/events/hld/")

    session.delete()
    after_delete = client.get("/en/events/hld/").content.decode()
    event.related_events.add(EventFactory(title="Expert meeting"))
    after_relation = client.get("/en/events/hld/").content.decode()

    assert "Round Table 1" not in after_delete
    assert "Expert meeting" in after_relation


def test_a_scheduled_document_appears_when_its_time_comes_even_on_a_cached_page(client):
    moment = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)
    DocumentFactory(title="Later report", publish_from=moment)

    with time_machine.travel(moment - datetime.timedelta(minutes=1), tick=False):
        client.get("/en/documents/")
        assert client.get("/en/documents/")["X-Cache"] == "HIT"
    with time_machine.travel(moment, tick=False):
        response = client.get("/en/documents/")

    assert response["X-Cache"] == "MISS"
    assert "Later report" in response.content.decode()


def test_a_call_leaves_the_navigation_when_its_deadline_passes_even_on_a_cached_page(client):
    deadline = datetime.datetime(2030, 1, 1, 4, 59, tzinfo=datetime.UTC)
    event = EventFactory(start_date=datetime.date(2030, 3, 1), end_date=datetime.date(2030, 3, 2))
    CallFactory(
        event=event, title="Call on mobility", opens_at=deadline - datetime.timedelta(days=30), closes_at=deadline
    )

    with time_machine.travel(deadline - datetime.timedelta(minutes=1), tick=False):
        client.get("/en/documents/")
        before = client.get("/en/documents/")
    with time_machine.travel(deadline, tick=False):
        after = client.get("/en/documents/")

    assert before["X-Cache"] == "HIT"
    assert "Call on mobility" in before.content.decode()
    assert after["X-Cache"] == "MISS"
    assert "Call on mobility" not in after.content.decode()


def test_an_event_page_says_under_way_once_the_meeting_begins_even_on_a_cached_page(client):
    event = EventFactory(slug="hld", start_date=datetime.date(2030, 10, 3), end_date=datetime.date(2030, 10, 4))

    with time_machine.travel(event.starts_at - datetime.timedelta(minutes=1), tick=False):
        client.get("/en/events/hld/")
        assert "Upcoming" in client.get("/en/events/hld/").content.decode()
    with time_machine.travel(event.starts_at, tick=False):
        response = client.get("/en/events/hld/")

    assert "Under way" in response.content.decode()


def test_publishing_a_submission_replaces_the_call_page(client, django_capture_on_commit_callbacks):
    call = CallFactory(slug="call")
    submission = SubmissionFactory(call=call, organisation="Migrants Network", status="under_review")
    SubmissionFileFactory(submission=submission)
    client.get("/en/calls/call/")

    services.change_status(submission=submission, to_status="published")

    assert "Migrants Network" in client.get("/en/calls/call/").content.decode()


def test_a_translation_marked_reviewed_loses_its_outdated_note_at_once(client, admin_user):
    event = EventFactory(slug="hld", body="<p>The dialogue.</p>", body_fr="<p>Le dialogue.</p>")
    event.body_en = "<p>The second dialogue.</p>"
    event.save()
    before = client.get("/fr/events/hld/").content.decode()
    editor_client = Client()
    editor_client.force_login(admin_user)

    editor_client.post(
        "/admin/events/event/", {"_selected_action": [event.pk], "index": 0, "action": "mark_translations_reviewed"}
    )

    assert "outdated-note" in before
    assert "outdated-note" not in client.get("/fr/events/hld/").content.decode()
    assert "outdated-note" not in editor_client.get("/fr/events/hld/").content.decode()


def test_a_submission_leaving_publication_by_a_plain_save_leaves_the_call_page(client):
    call = CallFactory(slug="call")
    submission = SubmissionFactory(call=call, organisation="Migrants Network", status="published")
    before = client.get("/en/calls/call/").content.decode()

    submission.status = "declined"
    submission.save()

    assert "Migrants Network" in before
    assert "Migrants Network" not in client.get("/en/calls/call/").content.decode()


def test_a_new_unpublished_submission_keeps_the_cache(client):
    call = CallFactory(slug="call")
    client.get("/en/calls/call/")

    SubmissionFactory(call=call, status="received")

    assert client.get("/en/calls/call/")["X-Cache"] == "HIT"


def test_staff_and_previews_are_never_served_from_the_cache(client, admin_user):
    EventFactory(slug="hld")
    client.get("/en/events/hld/")
    client.force_login(admin_user)

    staff_view = client.get("/en/events/hld/")
    preview = client.get("/en/events/hld/?preview=1")

    assert "X-Cache" not in staff_view
    assert "X-Cache" not in preview


def test_the_submission_form_is_never_cached_and_each_visitor_gets_a_csrf_token(client):
    CallFactory(slug="call")
    first = client.get("/en/calls/call/submit/")
    other = type(client)()
    second = other.get("/en/calls/call/submit/")

    assert "X-Cache" not in first
    assert "no-store" in first["Cache-Control"]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert User.objects.count() == 0


def test_a_cache_server_that_is_down_only_makes_the_site_slower(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "delivery.cache.SharedRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    EventFactory(slug="hld", title="Dialogue")

    response = client.get("/en/events/hld/")

    assert response.status_code == 200
    assert "Dialogue" in response.content.decode()


def test_an_unpublish_read_during_its_transaction_is_not_cached_under_the_new_version(client):
    """A visitor reading while the unpublish is still uncommitted sees the published page; after the commit,
    nobody does: the version is replaced on commit, so nothing cached during the transaction survives it."""
    event = EventFactory(slug="hld", title="Dialogue")
    client.get("/en/events/hld/")
    during = {}

    def visitor():
        # Another thread, another database connection: it sees only committed data.
        try:
            during["response"] = Client().get("/en/events/hld/")
        finally:
            connections.close_all()

    with transaction.atomic():
        event.status = "draft"
        event.save()
        reader = threading.Thread(target=visitor)
        reader.start()
        reader.join()
    after = client.get("/en/events/hld/")

    assert during["response"].status_code == 200
    assert after.status_code == 404


def test_a_query_string_the_view_does_not_read_is_dropped_from_the_key(client):
    EventFactory(slug="hld", title="Dialogue")
    client.get("/en/events/hld/")

    tracked = client.get("/en/events/hld/?utm_source=newsletter&x=1")

    assert tracked["X-Cache"] == "HIT"


def test_the_library_keeps_its_filters_in_the_key_and_nothing_else(client):
    for number in range(30):
        DocumentFactory(title=f"Report {number}")
    client.get("/en/documents/?type=report&junk=1")

    reordered = client.get("/en/documents/?junk=2&type=report")
    other_filter = client.get("/en/documents/?type=resolution")

    assert reordered["X-Cache"] == "HIT"
    assert "junk" not in reordered.content.decode()  # the view never saw it, not even in its page links
    assert "page=2" in reordered.content.decode()
    assert other_filter["X-Cache"] == "MISS"


@pytest.fixture
def stored(monkeypatch):
    """The keys the cache is asked to store."""
    keys, store, store_many = [], cache.set, cache.set_many

    def spy(key, *args, **kwargs):
        keys.append(key)
        return store(key, *args, **kwargs)

    def spy_many(mapping, *args, **kwargs):
        keys.extend(mapping)
        return store_many(mapping, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    monkeypatch.setattr(cache, "set_many", spy_many)
    return keys


@pytest.mark.parametrize("path", ["/en/documents/?q={}", "/en/documents/?type=report&q={}", "/en/search/?q={}"])
def test_a_search_leaves_nothing_in_the_cache(client, stored, path):
    DocumentFactory(title="Report on migration")
    client.get("/en/")  # the content version and the home page
    stored.clear()

    answers = [client.get(path.format(text)) for text in ("migration", "remittances")]

    assert "Report on migration" in answers[0].content.decode()
    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.get("X-Cache") for answer in answers] == [None, None]
    assert stored == []


def test_a_blank_search_is_the_page_without_one(client):
    DocumentFactory(title="Report on migration")
    client.get("/en/documents/")

    blank = client.get("/en/documents/?q=++")

    assert blank["X-Cache"] == "HIT"
    assert "Report on migration" in blank.content.decode()


def test_an_api_search_leaves_nothing_in_the_cache(client, stored):
    DocumentFactory(title="Report on migration")
    client.get("/en/api/documents/")
    stored.clear()

    answers = [client.get(f"/en/api/documents/?{query}") for query in ("q=migration", "q=remittances", "symbol=A/1")]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert stored == []


def test_a_query_string_on_the_sitemap_adds_nothing_to_the_cache(client, monkeypatch):
    EventFactory(slug="hld")
    stored, store = [], cache.set

    def spy(key, *args, **kwargs):
        stored.append(key)
        return store(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    plain = client.get("/sitemap.xml")

    busting = [client.get(f"/sitemap.xml?x={number}") for number in range(5)]

    assert len([key for key in stored if key.startswith("page:")]) == 1
    # Each variant is sent back to the one address, without rendering anything (and without a cache entry).
    assert {response.status_code for response in busting} == {301}
    assert {response["Location"] for response in busting} == {"/sitemap.xml"}
    assert plain.status_code == 200


def test_a_disallowed_host_never_gets_a_cached_page(client):
    EventFactory(slug="hld")
    client.get("/en/events/hld/")

    response = client.get("/en/events/hld/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "X-Cache" not in response


@pytest.mark.parametrize("path", ["/en/", "/en/events/hld/", "/robots.txt", "/en/api/events/"])
def test_the_host_one_visitor_sends_never_reaches_the_next(client, settings, path):
    EventFactory(slug="hld")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    forged = client.get(path, HTTP_HOST="127.0.0.1:31337")

    plain = client.get(path)

    assert forged["X-Cache"] == "MISS"
    assert plain["X-Cache"] == "HIT"
    assert "31337" not in plain.content.decode()
    assert "testserver" not in plain.content.decode()


def test_a_cached_api_answer_keeps_its_cors_header(client):
    EventFactory(slug="hld")
    client.get("/en/api/events/")

    hit = client.get("/en/api/events/")

    assert hit["X-Cache"] == "HIT"
    assert hit["Access-Control-Allow-Origin"] == "*"
    assert hit["Content-Type"] == "application/json"


def test_a_change_made_without_save_is_seen_once_the_pages_are_refreshed(client):
    DocumentFactory(slug="report", title="Annual report")
    client.get("/en/documents/report/")
    Document.objects.filter(slug="report").update(status="draft")  # no signal: the cache cannot see it
    before = client.get("/en/documents/report/")

    call_command("refresh_pages", stdout=io.StringIO())

    assert before.status_code == 200
    assert client.get("/en/documents/report/").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pages-1.xml", "/robots.txt", "/api/openapi.json"])
def test_a_page_for_every_language_names_no_visitor_language(client, path):
    EventFactory(slug="hld")
    first = client.get(path, headers={"Accept-Language": "fr"})

    second = client.get(path, headers={"Accept-Language": "es"})

    assert (first.status_code, first.get("X-Cache"), second.get("X-Cache")) == (200, "MISS", "HIT")
    assert "Content-Language" not in first
    assert "Content-Language" not in second


def test_a_page_in_one_language_names_its_own_whatever_the_visitor_asks(client):
    EventFactory(slug="hld")
    client.get("/fr/api/events/", headers={"Accept-Language": "es"})

    hit = client.get("/fr/api/events/", headers={"Accept-Language": "en"})

    assert hit["X-Cache"] == "HIT"
    assert hit["Content-Language"] == "fr"


def test_pages_made_by_the_code_before_a_deploy_are_not_served_after_it(client, monkeypatch):
    """A new release of the code (a template fixed, a deploy) makes every page anew, as a content change does."""
    from delivery import cache as page_cache

    EventFactory(slug="hld")
    client.get("/en/events/hld/")
    assert client.get("/en/events/hld/")["X-Cache"] == "HIT"

    monkeypatch.setattr(page_cache, "release", lambda: "0123456789abcdef")

    assert client.get("/en/events/hld/")["X-Cache"] == "MISS"
    assert client.get("/en/events/hld/")["X-Cache"] == "HIT"


def test_a_corrected_site_url_is_a_new_release(settings):
    # Feeds, sitemaps and canonical links name SITE_URL: pages cached with the wrong one must not outlive it.
    from delivery.cache import release

    before = release()
    try:
        settings.SITE_URL = "https://portal.example.net"
        release.cache_clear()
        assert release() != before
    finally:
        release.cache_clear()

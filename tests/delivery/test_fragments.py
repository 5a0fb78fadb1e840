"""Those the page cache cannot answer (editors signed in) get the parts of a page shared by all from the fragment
cache, and the moment what a page shows changes, its parts are rendered anew."""

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext

from tests.factories import CallFactory, DocumentFactory, EventFactory, SessionFactory, VersionFactory

# Committed for real: fragments follow changes when they commit, never before.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fragment_cache(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_editor_sees_the_event_page_from_its_fragments_without_a_query(editor_client, django_assert_num_queries):
    event = EventFactory(slug="hld", title="Dialogue")
    SessionFactory(event=event, number=1, title="Round table one")
    first = editor_client.get("/en/events/hld/")

    # The event itself was read once for this content version; nothing reads the editor's session.
    with django_assert_num_queries(0):
        second = editor_client.get("/en/events/hld/")

    assert "X-Cache" not in second  # not the page cache: an editor has a session
    assert second.content == first.content
    assert "Round table one" in second.content.decode()


def test_a_document_page_and_the_home_page_come_from_their_fragments(editor_client, django_assert_num_queries):
    document = DocumentFactory(slug="a-68-292", title="Declaration")
    VersionFactory(document=document, language="fr")
    editor_client.get("/en/documents/a-68-292/")
    editor_client.get("/en/")

    with django_assert_num_queries(0):
        page = editor_client.get("/en/documents/a-68-292/").content.decode()
    with django_assert_num_queries(0):
        home = editor_client.get("/en/").content.decode()

    assert "Declaration" in page
    assert "Français" in page
    assert "Declaration" in home


def test_a_change_renders_the_parts_anew_at_once(editor_client):
    event = EventFactory(slug="hld", title="Old title")
    session = SessionFactory(event=event, number=1, title="Old session")
    editor_client.get("/en/events/hld/")

    event.title = "New title"
    event.save()
    session.title = "New session"
    session.save()
    page = editor_client.get("/en/events/hld/").content.decode()

    assert "<title>New title" in page
    assert "New session" in page
    assert "Old" not in page


def test_unpublishing_a_session_removes_it_from_the_cached_body(editor_client):
    event = EventFactory(slug="hld")
    session = SessionFactory(event=event, number=1, title="Round table one")
    assert "Round table one" in editor_client.get("/en/events/hld/").content.decode()

    session.status = "draft"
    session.save()

    assert "Round table one" not in editor_client.get("/en/events/hld/").content.decode()


def test_each_language_has_its_own_parts(editor_client):
    EventFactory(slug="hld", title="Dialogue", title_fr="Dialogue de haut niveau")
    editor_client.get("/en/events/hld/")

    french = editor_client.get("/fr/events/hld/").content.decode()

    assert "Dialogue de haut niveau" in french
    assert '<a href="/fr/documents/"' in french  # the navigation, in French


def test_a_preview_is_never_cached_nor_served_from_the_public_parts(editor_client):
    event = EventFactory(slug="hld")
    SessionFactory(event=event, number=1, title="Draft round table", status="draft")
    assert "Draft round table" not in editor_client.get("/en/events/hld/").content.decode()

    preview = editor_client.get("/en/events/hld/?preview=1").content.decode()
    public = editor_client.get("/en/events/hld/").content.decode()

    assert "Draft round table" in preview
    assert "Draft round table" not in public


def test_query_strings_the_view_does_not_read_share_the_parts(editor_client, django_assert_num_queries):
    EventFactory(slug="hld")
    editor_client.get("/en/events/hld/")

    with django_assert_num_queries(0):
        editor_client.get("/en/events/hld/?utm_source=newsletter")


def test_a_page_whose_view_does_not_cache_is_rendered_every_time(editor_client):
    CallFactory(slug="call")
    first = editor_client.get("/en/calls/call/submit/")
    second = editor_client.get("/en/calls/call/submit/")

    token = 'name="csrfmiddlewaretoken" value="'
    assert first.content.decode().split(token)[1][:20] != second.content.decode().split(token)[1][:20]


def test_a_fragment_holding_a_csrf_token_is_never_stored(rf, settings):
    request = rf.get("/en/events/hld/")
    request.resolver_match = type("Match", (), {"func": type("View", (), {"cached_query_params": ()})})()
    template = Template(
        '{% load fragments %}{% fragment "form" %}<input name="csrfmiddlewaretoken" value="{{ n }}">{% endfragment %}'
    )

    first = template.render(Context({"request": request, "n": 1}))
    second = template.render(Context({"request": request, "n": 2}))

    assert 'value="1"' in first
    assert 'value="2"' in second


def test_zero_seconds_renders_every_part_anew(editor_client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    EventFactory(slug="hld")
    editor_client.get("/en/events/hld/")

    with CaptureQueriesContext(connection) as queries:
        editor_client.get("/en/events/hld/")

    assert len(queries) > 5  # the sessions, documents, calls and navigation, read again


def test_a_fragment_needs_a_quoted_name():
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        Template("{% load fragments %}{% fragment name %}{% endfragment %}")


def test_a_missing_page_is_remembered_until_the_content_changes(editor_client, django_assert_num_queries):
    event = EventFactory(slug="hld", status="draft")
    assert editor_client.get("/en/events/hld/").status_code == 404

    with django_assert_num_queries(0):
        assert editor_client.get("/en/events/hld/").status_code == 404
    event.status = "published"
    event.save()

    assert editor_client.get("/en/events/hld/").status_code == 200


def test_an_unpublished_event_is_gone_at_once_for_everyone(editor_client, client):
    event = EventFactory(slug="hld")
    assert editor_client.get("/en/events/hld/").status_code == 200

    event.status = "draft"
    event.save()

    assert editor_client.get("/en/events/hld/").status_code == 404
    assert client.get("/en/events/hld/").status_code == 404


def test_a_warm_page_reads_the_version_its_object_and_both_parts_in_one_round_trip(editor_client, monkeypatch):
    from delivery import fragments

    EventFactory(slug="hld")
    editor_client.get("/en/events/hld/")
    single, many = [], []
    monkeypatch.setattr(fragments, "cache_get", lambda key: single.append(key))
    original = fragments.cache_get_many
    monkeypatch.setattr(fragments, "cache_get_many", lambda keys: many.append(keys) or original(keys))

    response = editor_client.get("/en/events/hld/")

    assert response.status_code == 200
    assert single == []
    assert [":".join(key.split(":")[:2]) for key in many[0]] == [
        "content-version",
        "lookup:object",
        "fragment:top",
        "fragment:body",
    ]

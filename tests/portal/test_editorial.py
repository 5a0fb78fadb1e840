"""The editors' admin: translation status, fallback, drafts and preview, history and revert, roles, safe rich text."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.test import Client
from reversion.models import Version as Revision

from common.models import PublicationStatus
from documents.models import Document
from events.models import Event
from tests.admin_forms import admin_form_data
from tests.factories import CallFactory, DocumentFactory, EventFactory, SessionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def staff(username, *groups):
    user = User.objects.create_user(username, email=f"{username}@example.org", password="x", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def moderator_client(client):
    client.force_login(staff("moderator", "Moderators"))
    return client


def test_list_column_shows_each_language_complete_partial_or_missing(editor_client):
    DocumentFactory(title="Report", title_fr="Rapport", title_es="", description="<p>Text</p>", description_fr="")

    html = editor_client.get("/admin/documents/document/").content.decode()

    assert 'translation-status--complete" title="English: complete">E&nbsp;✓' in html
    assert 'translation-status--partial" title="French: partial">F&nbsp;◐' in html
    assert 'translation-status--missing" title="Spanish: missing">S&nbsp;✗' in html


def test_missing_translations_page_lists_published_items_and_filters(editor_client):
    DocumentFactory(title="Untranslated report", title_fr="", title_es="Informe")
    DocumentFactory(title="Draft report", title_fr="", status=PublicationStatus.DRAFT)
    event = EventFactory(title="Complete meeting")
    SessionFactory(
        event=event, title="Round Table 9", title_fr="Table ronde 9", title_es="", theme="Theme", theme_fr="Thème"
    )

    everything = editor_client.get("/admin/translations/").content.decode()
    french = editor_client.get("/admin/translations/", {"language": "fr"}).content.decode()
    sessions = editor_client.get("/admin/translations/", {"model": "events-session"}).content.decode()

    assert "Untranslated report" in everything
    assert "Round Table 9" in everything
    assert "Draft report" not in everything
    assert "Complete meeting" not in everything
    assert "2 published items need translating." in everything
    assert "Untranslated report" in french
    assert "Round Table 9" not in french
    assert "Round Table 9" in sessions
    assert "Untranslated report" not in sessions
    document = Document.objects.get(title_en="Untranslated report")
    assert f'href="/admin/documents/document/{document.pk}/change/"' in everything
    assert f'href="/admin/events/event/{event.pk}/change/"' in everything


@pytest.mark.parametrize(
    ("language", "note"),
    [("fr", "Pas encore disponible en français."), ("es", "Aún no disponible en español.")],
)
def test_public_page_shows_english_marked_as_such_where_a_translation_is_missing(client, language, note):
    DocumentFactory(slug="report", title="Protection of migrants", title_fr="", title_es="", description="<p>Body</p>")

    html = client.get(f"/{language}/documents/report/").content.decode()

    assert '<span lang="en">Protection of migrants</span>' in html
    assert '<div class="fallback" lang="en"><p>Body</p></div>' in html
    assert note in html


def test_english_shown_for_a_missing_translation_links_to_the_pages_in_the_readers_language(client, settings):
    DocumentFactory(
        slug="report",
        title="Report",
        description='<p>Follows <a href="/en/events/hld-2013/">the Dialogue</a>, '
        f'<a href="{settings.SITE_URL}/en/documents/a-68-292/">A/68/292</a> and <a href="https://un.org/en/">UN</a>.</p>',
    )

    html = client.get("/es/documents/report/").content.decode()

    fallback = html.split('<div class="fallback" lang="en">')[1].split("</div>")[0]
    assert '<a href="/es/events/hld-2013/"' in fallback
    assert f'<a href="{settings.SITE_URL}/es/documents/a-68-292/"' in fallback
    assert '<a href="https://un.org/en/"' in fallback  # another site's address, as written


def test_translated_text_is_shown_without_a_note(client):
    DocumentFactory(slug="report", title="Protection of migrants", title_fr="Protection des migrants")

    html = client.get("/fr/documents/report/").content.decode()

    assert "Protection des migrants" in html
    assert "Pas encore disponible" not in html.split("<h1")[1].split("</h1>")[0]


def test_change_form_has_a_preview_button_through_the_public_template(editor_client):
    document = DocumentFactory(slug="draft-doc", title="Draft doc", status=PublicationStatus.DRAFT)

    form = editor_client.get(f"/admin/documents/document/{document.pk}/change/").content.decode()
    preview = editor_client.get("/en/documents/draft-doc/?preview=1")

    assert 'href="/en/documents/draft-doc/?preview=1" class="previewlink"' in form
    assert preview.status_code == 200
    assert "Draft doc" in preview.content.decode()
    assert Client().get("/en/documents/draft-doc/?preview=1").status_code == 404


def test_a_scheduled_document_appears_exactly_at_its_time(client):
    moment = datetime.datetime(2030, 1, 1, 9, 0, tzinfo=datetime.UTC)
    DocumentFactory(slug="later", title="Later report", publish_from=moment)

    with time_machine.travel(moment - datetime.timedelta(microseconds=1), tick=False):
        assert "Later report" not in client.get("/en/documents/").content.decode()
        assert client.get("/en/documents/later/").status_code == 404
    with time_machine.travel(moment, tick=False):
        assert "Later report" in client.get("/en/documents/").content.decode()
        assert client.get("/en/documents/later/").status_code == 200


def test_revert_restores_the_previous_text_in_all_three_languages(editor_client):
    event = EventFactory(title="Dialogue", title_fr="Dialogue FR", title_es="Diálogo")
    url = f"/admin/events/event/{event.pk}/change/"
    first = admin_form_data(editor_client.get(url))
    editor_client.post(url, first)
    changed = {
        **admin_form_data(editor_client.get(url)),
        "title_en": "Changed",
        "title_fr": "Changé",
        "title_es": "Cambiado",
    }
    editor_client.post(url, changed)
    event.refresh_from_db()
    assert (event.title_en, event.title_fr, event.title_es) == ("Changed", "Changé", "Cambiado")

    history = editor_client.get(f"{url.removesuffix('change/')}history/").content.decode()
    oldest = Revision.objects.get_for_object(event).order_by("pk").first()
    revert_url = f"/admin/events/event/{event.pk}/history/{oldest.pk}/"
    assert revert_url in history
    response = editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_en, event.title_fr, event.title_es) == ("Dialogue", "Dialogue FR", "Diálogo")
    assert Revision.objects.get_for_object(event).count() == 3


@pytest.mark.parametrize(
    ("url", "editor", "moderator"),
    [
        ("/admin/events/event/", 200, 403),
        ("/admin/events/event/add/", 200, 403),
        ("/admin/documents/document/add/", 200, 403),
        ("/admin/submissions/call/add/", 200, 403),
        ("/admin/submissions/submission/", 403, 200),
        ("/admin/auth/user/", 403, 403),
        ("/admin/auth/group/", 403, 403),
    ],
)
def test_each_role_reaches_only_its_own_part_of_the_admin(client, url, editor, moderator):
    client.force_login(staff("editor", "Editors"))
    assert client.get(url).status_code == editor
    client.force_login(staff("moderator", "Moderators"))
    assert client.get(url).status_code == moderator


def test_staff_in_neither_group_sees_nothing(client):
    SubmissionFactory()
    client.force_login(staff("nobody"))

    index = client.get("/admin/").content.decode()

    assert "You don’t have permission to view or edit anything." in index
    for url in ("/admin/events/event/", "/admin/documents/document/", "/admin/submissions/submission/"):
        assert client.get(url).status_code == 403


def test_dashboard_counts_what_awaits_the_editor_and_the_moderator(client):
    EventFactory(status=PublicationStatus.DRAFT)
    DocumentFactory(status=PublicationStatus.DRAFT)
    DocumentFactory(publish_from=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    DocumentFactory(title_fr="")
    SubmissionFactory(status="received")
    SubmissionFactory(status="published")
    user = staff("both", "Editors", "Moderators")
    client.force_login(user)

    html = client.get("/admin/").content.decode()

    def card(title):
        return re.sub(r"\s+", " ", html.split(f"<h2>{title}</h2>")[1].split("</div>")[0])

    assert '?status__in=received,under_review" class="overview__count">1</a>' in card("Submissions to review")
    assert '<span class="overview__count">2</span>' in card("Drafts")
    assert 'href="/admin/events/event/?publication=draft">1 events</a>' in card("Drafts")
    assert 'href="/admin/documents/document/?publication=scheduled">1 documents</a>' in card("Scheduled")
    assert 'href="/admin/translations/" class="overview__count">1</a>' in card("Translations to do")


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">styled</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rich_text_is_sanitised_before_it_reaches_a_page(client, payload):
    event = EventFactory(
        slug="xss", body=f"<p>Intro</p>{payload}<h2>Heading</h2><ul><li><strong>Bold</strong></li></ul>"
    )

    html = client.get("/en/events/xss/").content.decode()
    body = html.split('id="about-heading"')[1].split("</section>")[0].lower()

    for marker in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "<svg",
        "<object",
        "<embed",
        "<form",
        "data:text",
    ):
        assert marker not in body
    assert "<h2>Heading</h2>" in Event.objects.get(pk=event.pk).body
    assert "<strong>bold</strong>" in body


def test_links_keep_their_address_and_formatting_survives(client):
    event = EventFactory(
        slug="fmt",
        body='<p><a href="https://www.un.org/">UN</a> <em>and</em> <strong>more</strong></p><ol><li>One</li></ol>',
    )

    event.refresh_from_db()

    assert (
        event.body
        == '<p><a href="https://www.un.org/" rel="noopener noreferrer">UN</a> <em>and</em> <strong>more</strong></p>'
        "<ol><li>One</li></ol>"
    )


@pytest.mark.parametrize("rel", ["opener", "noopener noreferrer nofollow", ""])
def test_links_rel_is_always_noopener_noreferrer(rel):
    event = EventFactory(body=f'<p><a href="https://www.un.org/" rel="{rel}">UN</a></p>')

    event.refresh_from_db()

    assert event.body == '<p><a href="https://www.un.org/" rel="noopener noreferrer">UN</a></p>'


def test_editor_publishes_a_call_and_its_history_is_kept(editor_client):
    call = CallFactory(status=PublicationStatus.DRAFT)

    editor_client.post("/admin/submissions/call/", {"action": "publish", "_selected_action": [call.pk]})

    call.refresh_from_db()
    assert call.status == PublicationStatus.PUBLISHED
    assert Revision.objects.get_for_object(call).count() == 1

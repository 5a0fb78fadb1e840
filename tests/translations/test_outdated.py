"""The outdated-translation rules, one by one, through the admin as an editor uses it."""

import pytest

from common.models import PublicationStatus
from documents.models import Document
from events.models import Session
from tests.admin_forms import admin_form_data
from tests.factories import DocumentFactory, EventFactory, SessionFactory
from translations.models import TranslationMemory, TranslationState

pytestmark = pytest.mark.django_db


def outdated(obj):
    return sorted(TranslationState.objects.of(obj).outdated().values_list("field", "language"))


def save_change_form(client, obj, **changes):
    url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    return response


def test_english_change_marks_french_and_spanish_outdated(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", title_es="Informe")

    save_change_form(editor_client, document, title_en="Report of the Secretary-General")

    assert outdated(document) == [("title", "es"), ("title", "fr")]
    state = TranslationState.objects.of(document).get(language="fr")
    assert state.source == "Report"
    html = editor_client.get("/admin/documents/document/").content.decode()
    assert 'title="French: outdated">F&nbsp;↻' in html


def test_saving_a_draft_unchanged_marks_nothing(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", status=PublicationStatus.DRAFT)

    save_change_form(editor_client, document)

    assert outdated(document) == []


def test_publishing_and_unpublishing_mark_nothing(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", status=PublicationStatus.DRAFT)
    action = {"_selected_action": [document.pk], "index": 0}

    editor_client.post("/admin/documents/document/", {**action, "action": "publish"})
    editor_client.post("/admin/documents/document/", {**action, "action": "unpublish"})

    document.refresh_from_db()
    assert document.status == PublicationStatus.DRAFT
    assert outdated(document) == []


def test_reordering_sessions_marks_nothing(editor_client):
    event = EventFactory(title="Dialogue")
    first = SessionFactory(event=event, number=1, order=1, title_fr="Table ronde 1")
    second = SessionFactory(event=event, number=2, order=2, title_fr="Table ronde 2")
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    first_index = next(key for key, value in data.items() if key.endswith("-id") and value == str(first.pk))
    second_index = next(key for key, value in data.items() if key.endswith("-id") and value == str(second.pk))
    data[first_index.replace("-id", "-order")] = "2"
    data[second_index.replace("-id", "-order")] = "1"

    assert editor_client.post(url, data).status_code == 302

    assert list(Session.objects.filter(event=event).order_by("order")) == [second, first]
    assert TranslationState.objects.outdated().count() == 0


def test_minor_change_keeps_translations_current(editor_client):
    document = DocumentFactory(title="Repport", title_fr="Rapport")

    save_change_form(editor_client, document, title_en="Report", translations_stay_current="on")

    document.refresh_from_db()
    assert document.title_en == "Report"
    assert outdated(document) == []


def test_marking_reviewed_clears_the_flag_and_remembers(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", title_es="Informe")
    save_change_form(editor_client, document, title_en="Annual report")

    response = editor_client.post(
        "/admin/documents/document/",
        {"_selected_action": [document.pk], "index": 0, "action": "mark_translations_reviewed"},
        follow=True,
    )

    assert outdated(document) == []
    assert "The translations of 1 item are current again." in response.content.decode()
    assert TranslationMemory.objects.get(source="Annual report", language="fr").target == "Rapport"


def test_translation_revised_with_its_english_stays_current(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", title_es="Informe")

    save_change_form(editor_client, document, title_en="Annual report", title_fr="Rapport annuel")

    assert outdated(document) == [("title", "es")]


def test_untranslated_field_is_missing_not_outdated():
    document = DocumentFactory(title="Report", title_fr="", title_es="")

    document.title_en = "Annual report"
    document.save()

    assert outdated(Document.objects.get(pk=document.pk)) == []


def test_public_page_notes_an_outdated_translation_with_a_link_to_the_english(client):
    event = EventFactory(slug="hld", body="<p>The dialogue.</p>", body_fr="<p>Le dialogue.</p>")
    current = client.get("/fr/events/hld/").content.decode()
    event.body_en = "<p>The second dialogue.</p>"
    event.save()

    html = client.get("/fr/events/hld/").content.decode()

    assert "Le dialogue." in html
    assert "outdated-note" not in current
    assert (
        '<p class="outdated-note">Le texte anglais a été modifié depuis l’établissement de cette traduction. '
        '<a href="/en/events/hld/" hreflang="en">Lire la version anglaise.</a></p>'
    ) in html


def test_an_outdated_title_is_noted_once_under_the_heading(client):
    document = DocumentFactory(slug="report", title="Report", title_fr="Rapport", title_es="Informe")
    current = client.get("/es/documents/report/").content.decode()
    document.title_en = "Annual report"
    document.save()

    html = client.get("/es/documents/report/").content.decode()
    english = client.get("/en/documents/report/").content.decode()

    assert "outdated-note" not in current
    header = html[html.index('<h1 id="document-title">') :]
    assert header.index("Informe</bdi></h1>") < header.index('<p class="outdated-note">')
    assert html.count('<p class="outdated-note">') == 1
    assert 'href="/en/documents/report/" hreflang="en"' in header
    assert "outdated-note" not in english
    assert "outdated-note" not in html[: html.index("</head>")]  # titles and meta tags stay plain text

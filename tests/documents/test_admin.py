import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.models import Document, Version
from tests.admin_forms import admin_form_data
from tests.factories import DocumentFactory, VersionFactory
from tests.submission_fixtures import PDF

pytestmark = pytest.mark.django_db


def test_document_list_shows_languages_and_filters_by_language(editor_client):
    report = DocumentFactory(symbol="A/68/292", title="Protection of migrants")
    VersionFactory(document=report, language="fr")
    VersionFactory(document=report, language="en")
    DocumentFactory(symbol="A/RES/63/225", title="International migration and development")

    html = editor_client.get("/admin/documents/document/", {"language": "fr"}).content.decode()

    assert "Protection of migrants" in html
    assert "International migration and development" not in html
    assert '<td class="field-languages">E F</td>' in html


def test_document_list_shows_languages_in_un_order_and_a_dash_without_versions(editor_client):
    report = DocumentFactory(symbol="A/68/292", title="Protection of migrants")
    for language in ("es", "ru", "ar"):
        VersionFactory(document=report, language=language)
    DocumentFactory(symbol="A/RES/63/225", title="International migration and development")

    html = editor_client.get("/admin/documents/document/").content.decode()

    assert '<td class="field-languages">A R S</td>' in html
    assert '<td class="field-languages">—</td>' in html


def test_document_list_actions_act_on_the_selection(admin_client):
    """The list's queryset carries the rows' annotations (languages, translation flags); its actions still work."""
    draft = DocumentFactory(status="draft")
    VersionFactory(document=draft, language="fr")
    gone, kept = DocumentFactory(), DocumentFactory()

    admin_client.post("/admin/documents/document/", {"action": "publish", "_selected_action": [draft.pk]})
    admin_client.post(
        "/admin/documents/document/", {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"}
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert set(Document.objects.values_list("pk", flat=True)) == {draft.pk, kept.pk}


def test_document_search_by_symbol(editor_client):
    DocumentFactory(symbol="A/68/292", title="Protection of migrants")
    DocumentFactory(symbol="A/RES/63/225", title="International migration")

    html = editor_client.get("/admin/documents/document/", {"q": "A/68/292"}).content.decode()

    assert "Protection of migrants" in html
    assert "International migration" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file “fake.pdf” is not a PDF document but a web page, whatever its name says."),
        (
            "es",
            "El archivo “fake.pdf” no es un documento PDF sino una página web, "
            "independientemente de lo que indique su nombre.",
        ),
    ],
)
def test_admin_refuses_a_file_that_is_not_what_its_name_says(editor_client, language, message):
    document = DocumentFactory()
    url = f"/admin/documents/document/{document.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({"versions-TOTAL_FORMS": "1", "versions-0-language": "fr", "versions-0-url": ""})
    data["versions-0-file"] = SimpleUploadedFile("fake.pdf", b"<html><script>alert(1)</script>", "application/pdf")

    with translation.override(language):
        response = editor_client.post(url, data, headers={"accept-language": language})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Version.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This text holds a control character, often pasted with a line break from a word processor: remove it."),
        ("fr", "Ce texte contient un caractère de contrôle, souvent collé avec un saut de ligne depuis un traitement"),
    ],
)
@pytest.mark.parametrize("pasted", ["Rapport du\x0bSecrétaire général", "Rapport du SecrÃ©taire gÃ©nÃ©ral â\x80\x99"])
def test_admin_refuses_a_control_character_pasted_into_a_title(editor_client, language, message, pasted):
    refused_in_a_title(editor_client, language, message, pasted)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This text holds a character that shows the letters after it in reverse order (U+202D or U+202E)"),
        ("es", "Este texto contiene un carácter que muestra al revés las letras que lo siguen (U+202D o U+202E)"),
    ],
)
def test_admin_refuses_a_title_that_reads_as_another(editor_client, language, message):
    refused_in_a_title(editor_client, language, message, "Informe \u202efdp.exe")


def refused_in_a_title(editor_client, language, message, pasted):
    """A line break from a word processor (U+000B) in a title would make the page invalid HTML and leave the feeds
    without it, a reversing character would make it read as another: refused where it was typed, with nothing of
    the form saved."""
    document = DocumentFactory(title_fr="Rapport")
    url = f"/admin/documents/document/{document.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({"title_fr": pasted, "versions-TOTAL_FORMS": "1"})
    data.update({"versions-0-language": "fr", "versions-0-url": "https://undocs.org/fr/A/68/292"})

    with translation.override(language):
        response = editor_client.post(url, data, headers={"accept-language": language})

    assert response.status_code == 200
    assert message in response.content.decode()
    document.refresh_from_db()
    assert document.title_fr == "Rapport"
    assert not Version.objects.exists()


def listed_titles(html, *titles):
    """The titles among ``titles`` that the list shows, in the list's order."""
    return sorted((html.index(title), title) for title in titles if title in html)


def test_document_list_filters_and_sorts_from_its_indexes(editor_client):
    old = DocumentFactory(symbol="A/60/1", title="Old report", date=datetime.date(2005, 3, 1), doc_type="report")
    new = DocumentFactory(symbol="A/70/1", title="New report", date=datetime.date(2015, 3, 1), doc_type="report")
    DocumentFactory(symbol="A/RES/70/9", title="New resolution", date=datetime.date(2015, 6, 1), doc_type="resolution")
    DocumentFactory(symbol="A/65/1", title="Draft report", date=datetime.date(2010, 1, 1), status="draft")
    VersionFactory(document=old, language="ar")
    titles = ("Old report", "New report", "New resolution", "Draft report")

    def shown(**query):
        html = editor_client.get("/admin/documents/document/", query).content.decode()
        return [title for _index, title in listed_titles(html, *titles)]

    assert shown() == ["New resolution", "New report", "Draft report", "Old report"]
    assert shown(doc_type__exact="report") == ["New report", "Draft report", "Old report"]
    assert shown(year="2015") == ["New resolution", "New report"]
    assert shown(language="ar") == ["Old report"]
    assert shown(publication="draft") == ["Draft report"]
    assert shown(o="1") == ["Old report", "Draft report", "New report", "New resolution"]
    assert shown(o="-1") == ["New resolution", "New report", "Draft report", "Old report"]
    assert shown(q=new.slug) == ["New report"]


def test_document_list_sorts_only_by_indexed_columns(editor_client):
    DocumentFactory()

    html = editor_client.get("/admin/documents/document/").content.decode()

    assert 'class="sortable column-symbol' in html
    assert 'class="sortable column-date' in html
    assert 'class="sortable column-title' not in html
    assert 'class="column-title' in html


def test_document_list_row_shows_each_column(editor_client):
    document = DocumentFactory(
        symbol="A/68/292", title="Protection of migrants", title_fr="", date=datetime.date(2013, 8, 9)
    )
    VersionFactory(document=document, language="fr")
    VersionFactory(document=document, language="en")
    url = f"/admin/documents/document/{document.pk}/change/?_changelist_filters=doc_type__exact%3Dreport"

    html = editor_client.get("/admin/documents/document/", {"doc_type__exact": "report"}).content.decode()

    assert (
        f'<tr><td class="action-checkbox"><input type="checkbox" name="_selected_action" value="{document.pk}" '
        'class="action-select" aria-label="Select this object for an action - A/68/292 – Protection of migrants">'
        f'</td><th class="field-symbol"><a href="{url}">A/68/292</a></th>'
        f'<td class="field-title"><a href="{url}">Protection of migrants</a></td>'
        '<td class="field-doc_type">Report</td><td class="field-date nowrap">9 August 2013</td>'
        '<td class="field-languages">E F</td><td class="field-publication">Published</td>'
        '<td class="field-translation_status">'
        '<span class="translation-status translation-status--complete" title="English: complete">E&nbsp;✓</span> '
        '<span class="translation-status translation-status--missing" title="French: missing">F&nbsp;✗</span> '
        '<span class="translation-status translation-status--complete" title="Spanish: complete">S&nbsp;✓</span>'
        "</td></tr>"
    ) in html


def add_form_data(editor_client, **fields):
    """The add form as the admin renders it, filled with ``fields``."""
    data = admin_form_data(editor_client.get("/admin/documents/document/add/"))
    return {**data, "doc_type": "resolution", "title_en": "A resolution", "status": "draft", **fields}


@pytest.mark.parametrize(
    ("symbol", "slug"),
    [("A/RES/81/100/Corr.1", "a-res-81-100-corr-1"), ("E/CN.9/2013/3", "e-cn-9-2013-3"), ("", "a-resolution")],
)
def test_a_document_left_without_an_address_gets_one_from_its_symbol(editor_client, symbol, slug):
    response = editor_client.post("/admin/documents/document/add/", add_form_data(editor_client, symbol=symbol))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Document.objects.get().slug == slug


def test_a_reissue_without_its_document_is_said_beside_the_field_in_an_open_section(editor_client):
    data = add_form_data(editor_client, symbol="A/RES/81/100/Corr.1", reissue="corrigendum")

    html = editor_client.post("/admin/documents/document/add/", data).content.decode()

    reissue_section = html[html.index('id="fieldset-0-1-heading"') - 400 : html.index('id="fieldset-0-2-heading"')]
    assert "<details>" not in reissue_section  # not folded: the field to fix shows
    assert "A reissue needs both the document it reissues and its kind." in unescape(reissue_section)
    assert not Document.objects.exists()


def test_after_another_error_a_version_asks_for_its_file_again(editor_client):
    """A browser never sends a file twice: after an error elsewhere on the page, the version's row no longer
    shows the size and type of a file it does not hold, the page says the files were not kept, and saving without
    choosing it again says what is missing, not "not both"."""
    data = add_form_data(editor_client, symbol="not a symbol!", **{"versions-TOTAL_FORMS": "1"})
    data.update({"versions-0-language": "en", "versions-0-url": ""})
    data["versions-0-file"] = SimpleUploadedFile("resolution.pdf", PDF, "application/pdf")

    first = unescape(editor_client.post("/admin/documents/document/add/", data).content.decode())
    data.update({"symbol": "A/RES/81/100", "versions-0-file": ""})
    second = unescape(editor_client.post("/admin/documents/document/add/", data).content.decode())

    assert "The files you chose were not kept, because the page has errors: choose them again before saving." in first
    assert "application/pdf" not in first.split('id="versions-group"')[1]
    assert "Give a file or an address." in second
    assert "not both" not in second
    assert not Document.objects.exists()

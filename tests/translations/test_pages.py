"""The editors' pages: the work to do, export and import through the admin, the site-wide status."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from translate.storage import po, xliff2

from common.models import PublicationStatus
from documents.models import Document
from tests.factories import DocumentFactory, EventFactory
from translations import inline

pytestmark = pytest.mark.django_db


def test_translations_page_shows_outdated_items_side_by_side(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", title_es="Informe")
    document.title_en = "Annual report"
    document.save()

    html = editor_client.get("/admin/translations/", {"language": "fr"}).content.decode()

    assert "1 published item needs translating." in html
    assert 'translation-status--outdated">F: outdated</span>' in html
    assert '<h3>English translated from</h3><div lang="en">Report</div>' in html
    assert '<h3>English now</h3><div lang="en">Annual report</div>' in html


@pytest.mark.parametrize(
    ("language", "missing"),
    [("en", "<td>F: Venue, City; S: Venue, City</td>"), ("fr", "<td>F: Lieu, Ville; S: Lieu, Ville</td>")],
)
def test_translations_page_names_the_missing_fields_as_the_admin_labels_them(editor_client, language, missing):
    EventFactory(title="Dialogue", venue="Palais des Nations", city="Geneva", city_fr="", city_es="")

    html = editor_client.get("/admin/translations/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert missing in html


def test_translations_page_labels_each_box_of_its_two_forms_apart(editor_client):
    """The export and import forms both ask for a language: each label must lead to its own box (one id each)."""
    html = editor_client.get("/admin/translations/").content.decode()

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted(name for name in set(ids) if ids.count(name) > 1) == []
    assert '<label for="id_language">Into:</label>' in html
    assert '<label for="id_import_language">Translation into:</label>' in html


def test_review_button_makes_the_translation_current(editor_client):
    document = DocumentFactory(title="Report", title_fr="Rapport", title_es="Informe")
    document.title_en = "Annual report"
    document.save()

    response = editor_client.post(
        "/admin/translations/review/", {"item": f"documents.document.{document.pk}", "language": "fr"}, follow=True
    )

    html = response.content.decode()
    assert "The french translation of “A/68/" in html
    assert "F: outdated" not in html
    assert "S: outdated" in editor_client.get("/admin/translations/").content.decode()


def test_editor_exports_french_work_and_loads_the_answer_in_one_step(editor_client):
    DocumentFactory(title="Report", title_fr="", title_es="Informe", description="<p>Read <em>this</em>.</p>")
    DocumentFactory(title="Done", title_fr="Fait", title_es="Hecho")

    response = editor_client.get(
        "/admin/translations/export/", {"language": "fr", "format": "xliff21", "scope": "todo", "model": ""}
    )

    assert response["Content-Type"] == "application/xliff+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="hldportal-fr-')
    store = xliff2.Xliff2File.parsestring(response.content)
    assert sorted(unit.getid().split(".")[3] for unit in store.units) == ["description", "title"]
    for unit in store.units:
        unit.target = "-"
        field = unit.getid().split(".")[3]
        tree = ["Rapport"] if field == "title" else [inline.Code("1", ["Lisez ", inline.Code("2", ["ceci"]), "."])]
        inline.write_xml(unit.getlanguageNodes()[1], tree, "2.1")

    upload = SimpleUploadedFile("fr.xlf", bytes(store), content_type="application/xliff+xml")
    answer = editor_client.post("/admin/translations/import/", {"language": "fr", "file": upload})

    assert "The French translation was imported: 2 fields changed." in answer.content.decode()
    document = Document.objects.get(title_en="Report")
    assert document.title_fr == "Rapport"
    assert document.description_fr == "<p>Lisez <em>ceci</em>.</p>"


@pytest.mark.parametrize(("language", "cell"), [("en", "<td>Title</td>"), ("fr", "<td>Titre</td>")])
def test_import_report_names_each_changed_field_as_the_admin_labels_it(editor_client, language, cell):
    DocumentFactory(title="Report", title_fr="")
    exported = editor_client.get(
        "/admin/translations/export/", {"language": "fr", "format": "po", "scope": "todo", "model": ""}
    )
    store = po.pofile.parsestring(exported.content)
    store.units[1].target = "Rapport"

    upload = SimpleUploadedFile("fr.po", bytes(store))
    html = editor_client.post(
        "/admin/translations/import/", {"language": "fr", "file": upload}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()

    assert f"{cell}<td></td><td>Rapport</td></tr>" in html


def test_refused_import_page_lists_the_reasons(editor_client):
    upload = SimpleUploadedFile("fr.po", b'msgctxt "nothing.here.1.title.abc"\nmsgid "A"\nmsgstr "B"\n')

    response = editor_client.post("/admin/translations/import/", {"language": "fr", "file": upload})

    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was refused: 1 unit cannot be applied. Nothing was changed." in html
    assert "Unit “nothing.here.1.title.abc” names nothing in the portal." in html


def test_an_incomplete_export_request_lists_what_is_missing(editor_client):
    response = editor_client.get("/admin/translations/export/", {"language": "fr"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "<li>Format: This field is required.</li>" in html


def test_an_invalid_import_form_lists_what_is_missing(editor_client):
    response = editor_client.post("/admin/translations/import/", {"language": "fr"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


# A translated file that changes nothing: the import answers with its report, or refuses the user.
EMPTY_PO = b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'


def visit_the_translations_pages(client, *groups):
    """The dashboard and every translations page as staff in ``groups``: {page: response}."""
    user = User.objects.create_user("someone", password="x", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    client.force_login(user)
    export = {"language": "fr", "format": "po", "scope": "todo", "model": ""}
    upload = SimpleUploadedFile("fr.po", EMPTY_PO)
    return {
        "dashboard": client.get("/admin/"),
        "to do": client.get("/admin/translations/"),
        "status": client.get("/admin/translations/status/"),
        "export": client.get("/admin/translations/export/", export),
        "import": client.post("/admin/translations/import/", {"language": "fr", "file": upload}),
    }


@pytest.mark.parametrize("groups", [("Editors",), ("Editors", "Moderators")])
def test_editors_reach_every_translations_page_from_the_dashboard(client, groups):
    DocumentFactory(title="Untranslated report", title_fr="")

    pages = visit_the_translations_pages(client, *groups)

    assert {page: response.status_code for page, response in pages.items()} == dict.fromkeys(pages, 200)
    assert 'href="/admin/translations/" class="overview__count">1</a>' in pages["dashboard"].content.decode()
    assert "Untranslated report" in pages["to do"].content.decode()
    assert "<td>French</td>" in pages["status"].content.decode()
    assert 'msgid "Untranslated report"' in pages["export"].content.decode()
    assert "The French translation was imported: 0 fields changed." in pages["import"].content.decode()


@pytest.mark.parametrize("groups", [("Moderators",), ()])
def test_staff_who_may_translate_nothing_are_refused_the_translations_pages_and_not_led_there(client, groups):
    DocumentFactory(title="Untranslated report", title_fr="")

    pages = visit_the_translations_pages(client, *groups)
    dashboard = pages.pop("dashboard")

    assert dashboard.status_code == 200
    assert "/admin/translations/" not in dashboard.content.decode()
    assert {page: response.status_code for page, response in pages.items()} == dict.fromkeys(pages, 403)
    for response in pages.values():
        html = response.content.decode()
        assert "You do not have permission to see this page." in html
        assert "Untranslated report" not in html


def test_only_those_who_may_change_every_kind_take_the_translation_memory(client, editor, moderator):
    from translations.models import TranslationMemory

    TranslationMemory.objects.create(source_hash="x", source="Secret summit", language="fr", target="Sommet secret")
    bare = User.objects.create_user("staff", password="x", is_staff=True)

    answers = {}
    for user in (editor, moderator, bare):
        client.force_login(user)
        answers[user.username] = client.get("/admin/translations/memory.tmx")
        status_page = client.get("/admin/translations/status/").content.decode()
        answers[user.username].offers_it = "memory.tmx" in status_page

    assert answers["ed"].status_code == 200
    assert b"Sommet secret" in answers["ed"].content
    assert answers["ed"].offers_it
    for name in ("mod", "staff"):
        assert answers[name].status_code == 403
        assert b"Sommet secret" not in answers[name].content
        assert not answers[name].offers_it


def test_status_page_counts_translated_missing_and_outdated(editor_client):
    DocumentFactory(title="Complete", title_fr="Complet", title_es="Completo")
    DocumentFactory(title="Missing", title_fr="", title_es="Falta")
    outdated = DocumentFactory(title="Old", title_fr="Ancien", title_es="Viejo")
    outdated.title_en = "New"
    outdated.save()
    DocumentFactory(title="Draft", title_fr="", status=PublicationStatus.DRAFT)

    html = editor_client.get("/admin/translations/status/").content.decode()

    documents = html.split('rowspan="2">Documents</th>')[1].split("</tr>")[0]
    assert "<td>French</td>" in documents
    assert "<td>3</td>\n        <td>1</td>" in documents
    assert 'model=documents-document">1</a></td>' in documents


@pytest.mark.parametrize("count", [1, 200])
def test_status_page_query_count_is_constant(editor_client, django_assert_num_queries, count):
    Document.objects.bulk_create(
        Document(symbol=f"A/68/{n}", slug=f"doc-{n}", title=f"Report {n}", status=PublicationStatus.PUBLISHED)
        for n in range(count)
    )

    # The tallies and the items scheduled for later, for every translated model at once, whatever their rows.
    with django_assert_num_queries(6):
        response = editor_client.get("/admin/translations/status/")

    assert response.status_code == 200


def test_an_editor_exports_a_selection_for_translation_from_the_list(editor_client):
    from tests.factories import EventFactory

    chosen = [EventFactory(slug="chosen-1", title="Chosen one"), EventFactory(slug="chosen-2", title="Chosen two")]
    EventFactory(slug="left-out", title="Left out")

    page = editor_client.post(
        "/admin/events/event/",
        {"action": "export_for_translation", "_selected_action": [event.pk for event in chosen]},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "The file holds the translatable fields of the 2 selected items." in html
    form = page.context["form"]

    exported = editor_client.get(
        "/admin/translations/export/",
        {
            "model": form.initial["model"],
            "ids": form.initial["ids"],
            "language": "fr",
            "format": "xliff12",
            "scope": "all",
        },
    )

    text = exported.content.decode()
    assert exported.status_code == 200
    assert "Chosen one" in text
    assert "Chosen two" in text
    assert "Left out" not in text


def test_the_change_form_offers_the_remembered_translation_of_the_same_english(editor_client):
    from tests.factories import EventFactory
    from translations.tracking import remember

    remember("Dialogue on migration", "fr", "Dialogue sur les migrations")
    event = EventFactory(slug="new-dialogue", title="Dialogue on migration", title_fr="")

    html = editor_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()

    assert "Translation memory: “Dialogue sur les migrations”" in html.replace("&ldquo;", "“").replace("&rdquo;", "”")


def export_and_import_unchanged(client, language, fmt):
    """What a translator who sends the file back untouched does: export everything, import the same bytes."""
    exported = client.get(
        "/admin/translations/export/", {"language": language, "format": fmt, "scope": "all", "model": ""}
    )
    upload = SimpleUploadedFile(f"{language}.xlf", exported.content)
    return client.post("/admin/translations/import/", {"language": language, "file": upload})


def test_unchanged_french_export_with_no_break_spaces_imports_with_nothing_changed(demo, editor_client):
    # French typography puts a no-break space before a colon and inside guillemets: the demo's French is full of them.
    assert Document.objects.filter(description_fr__contains="&nbsp;").exists()

    response = export_and_import_unchanged(editor_client, "fr", "xliff21")

    html = response.content.decode()
    assert response.status_code == 200, html
    assert "The French translation was imported: 0 fields changed." in html


def test_unchanged_spanish_export_imports_with_nothing_changed_and_keeps_spanish_links(demo, editor_client):
    response = export_and_import_unchanged(editor_client, "es", "xliff21")

    assert "The Spanish translation was imported: 0 fields changed." in response.content.decode()
    page = editor_client.get("/es/events/hld-2013/").content.decode()
    assert 'href="/es/documents/a-res-63-225/"' in page
    assert 'href="/en/documents/' not in page

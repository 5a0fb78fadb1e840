"""Statements added one by one in the admin and in a batch, with what was read and refused."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records.models import Statement, StatementFile
from tests.admin_forms import admin_form_data
from tests.records.conftest import statement

pytestmark = pytest.mark.django_db


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("statements.zip", buffer.getvalue(), "application/zip")


def test_editor_adds_a_statement_with_a_checked_file(editor_client, plenary, delegations, media_root, pdf_bytes):
    page = editor_client.get("/admin/records/statement/add/")
    data = admin_form_data(page)
    data.update(
        {
            "session": plenary.pk,
            "order": "1",
            "delegation": delegations["france"].pk,
            "speaker_name": "Jean Dupont",
            "speaker_title_en": "Minister",
            "status": "published",
            "files-TOTAL_FORMS": "1",
            "files-0-language": "fr",
            "files-0-file": SimpleUploadedFile("discours.pdf", pdf_bytes, "application/pdf"),
        }
    )

    response = editor_client.post("/admin/records/statement/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    saved = StatementFile.objects.get()
    assert (saved.statement.speaker_name, saved.language, saved.content_type) == (
        "Jean Dupont",
        "fr",
        "application/pdf",
    )
    assert "[ <a href=" in editor_client.get("/en/events/hld/plenary-1/").content.decode()


def test_admin_refuses_a_statement_file_that_is_not_what_its_name_says(editor_client, plenary, delegations):
    spoken = statement(plenary, delegations["france"], 1)
    url = f"/admin/records/statement/{spoken.pk}/change/"
    data = admin_form_data(editor_client.get(url))
    data.update({"files-TOTAL_FORMS": "1", "files-0-language": "fr", "files-0-url": ""})
    data["files-0-file"] = SimpleUploadedFile("fake.pdf", b"<html><script>alert(1)</script>", "application/pdf")

    response = editor_client.post(url, data, headers={"accept-language": "fr"})

    assert response.status_code == 200
    assert "Le fichier « fake.pdf » n’est pas un document PDF mais une page web" in response.content.decode()
    assert not StatementFile.objects.exists()


def test_batch_upload_reports_what_was_attached_and_refused(editor_client, plenary, delegations, media_root, pdf_bytes):
    statement(plenary, delegations["france"], 1)
    statement(plenary, delegations["iom"], 2)
    archive = zip_of(
        {
            "france-F.pdf": pdf_bytes,
            "iom-E.pdf": pdf_bytes,
            "statements/france-E.pdf": pdf_bytes,  # folders are ignored: the name counts
            "mexico-S.pdf": pdf_bytes,  # not on the list of speakers
            "iom-S.pdf": b"<html><script>alert(1)</script>",  # not a PDF
            "France statement.pdf": pdf_bytes,  # the name breaks the rule
            "france-X.pdf": pdf_bytes,  # no such language letter
            "__MACOSX/._france-F.pdf": b"junk",  # what macOS adds: skipped
        }
    )

    response = editor_client.post("/admin/records/statement/batch-upload/", {"session": plenary.pk, "archive": archive})

    html = response.content.decode()
    assert response.status_code == 200
    files = StatementFile.objects.order_by("statement__order", "language")
    assert [(item.statement.delegation.slug, item.language) for item in files] == [
        ("france", "en"),
        ("france", "fr"),
        ("iom", "en"),
    ]
    assert "3 files attached, 4 refused." in html
    assert "mexico-S.pdf: No delegation “mexico” is on this session’s list of speakers." in html
    assert "iom-S.pdf: The file “iom-S.pdf” is not a PDF document but a web page" in html
    assert "France statement.pdf: The name “France statement.pdf” does not follow the rule" in html
    assert "france-X.pdf: The name" in html
    assert "_france-F.pdf" not in html


def test_a_batch_past_the_time_to_check_its_files_refuses_those_left_and_attaches_them_when_sent_again(
    editor_client, plenary, delegations, media_root, pdf_bytes, settings
):
    statement(plenary, delegations["france"], 1)
    statement(plenary, delegations["iom"], 2)
    contents = {"france-F.pdf": pdf_bytes, "iom-E.pdf": pdf_bytes}
    settings.UPLOAD_REQUEST_INSPECTION_SECONDS = 0

    response = editor_client.post(
        "/admin/records/statement/batch-upload/", {"session": plenary.pk, "archive": zip_of(contents)}
    )

    html = response.content.decode()
    assert "0 files attached, 2 refused." in html
    assert "iom-E.pdf: The other files took all the time there was to check “iom-E.pdf”" in html
    settings.UPLOAD_REQUEST_INSPECTION_SECONDS = 20
    again = editor_client.post(
        "/admin/records/statement/batch-upload/", {"session": plenary.pk, "archive": zip_of(contents)}
    )
    assert "2 files attached, 0 refused." in again.content.decode()


def test_batch_upload_refuses_a_file_that_is_not_a_zip(editor_client, plenary):
    response = editor_client.post(
        "/admin/records/statement/batch-upload/",
        {"session": plenary.pk, "archive": SimpleUploadedFile("x.zip", b"not a zip")},
        headers={"accept-language": "es"},
    )

    assert "El archivo no es un archivo ZIP legible." in response.content.decode()
    assert not StatementFile.objects.exists()


def test_batch_upload_refuses_a_second_file_in_the_same_language(
    editor_client, plenary, delegations, media_root, pdf_bytes
):
    spoken = statement(plenary, delegations["france"], 1)
    StatementFile.objects.create(statement=spoken, language="fr", url="https://example.org/f.pdf")

    response = editor_client.post(
        "/admin/records/statement/batch-upload/",
        {"session": plenary.pk, "archive": zip_of({"france-F.pdf": pdf_bytes})},
    )

    assert "france-F.pdf: This statement already has a file in this language." in response.content.decode()
    assert StatementFile.objects.get().url == "https://example.org/f.pdf"
    assert Statement.objects.count() == 1

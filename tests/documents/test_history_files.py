"""What the admin's History and "Recover deleted documents" restore still downloads: a language version's file stays
on the disk while a kept revision names it, even once its row is deleted or its file replaced and swept."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from reversion.models import Version as Revision

from documents.models import Document, Version
from tests.admin_forms import admin_form_data
from tests.document_files import pdf
from tests.factories import VersionFactory
from tests.operations.test_sweep_orphan_files import age

pytestmark = pytest.mark.django_db

FIRST, SECOND = pdf(b"BT /F1 12 Tf 72 720 Td (First text) Tj ET"), pdf(b"BT /F1 12 Tf 72 720 Td (Second text) Tj ET")


def add_document(editor_client, content):
    data = admin_form_data(editor_client.get("/admin/documents/document/add/"))
    data.update(
        {
            "symbol": "A/AUDIT/1",
            "slug": "audit-report",
            "doc_type": "report",
            "title_en": "Audit report",
            "status": "published",
            "versions-TOTAL_FORMS": "1",
            "versions-0-language": "fr",
            "versions-0-url": "",
            "versions-0-file": SimpleUploadedFile("rapport.pdf", content, "application/pdf"),
        }
    )
    response = editor_client.post("/admin/documents/document/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Document.objects.get(slug="audit-report")


def downloaded(client):
    response = client.get("/en/documents/audit-report/fr/download/")
    return response.status_code, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_a_recovered_document_downloads_its_file(editor_client, client, media_root, django_capture_on_commit_callbacks):
    document = add_document(editor_client, FIRST)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"})
    assert not Document.objects.exists()
    [deleted] = Revision.objects.get_deleted(Document)
    recover = f"/admin/documents/document/recover/{deleted.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(recover, admin_form_data(editor_client.get(recover)))

    assert response.status_code == 302
    assert Version.objects.get().document.symbol == "A/AUDIT/1"
    assert downloaded(client) == (200, FIRST)


def test_a_reverted_file_replaced_and_swept_meanwhile_downloads(
    editor_client, client, media_root, private_root, django_capture_on_commit_callbacks
):
    document = add_document(editor_client, FIRST)
    first_name = document.versions.get().file.name
    change = f"/admin/documents/document/{document.pk}/change/"
    data = admin_form_data(editor_client.get(change))
    data["versions-0-file"] = SimpleUploadedFile("rapport.pdf", SECOND, "application/pdf")
    assert editor_client.post(change, data).status_code == 302
    assert downloaded(client) == (200, SECOND)
    age(media_root / first_name)
    call_command("sweep_orphan_files", stdout=io.StringIO())
    first = Revision.objects.get_for_object(document).order_by("pk").first()
    revert = f"/admin/documents/document/{document.pk}/history/{first.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(revert, admin_form_data(editor_client.get(revert)))

    assert response.status_code == 302
    assert document.versions.get().file.name == first_name
    assert downloaded(client) == (200, FIRST)


def test_a_file_missing_from_the_storage_is_not_found_not_a_server_error(editor_client, client, media_root):
    document = add_document(editor_client, FIRST)
    (media_root / document.versions.get().file.name).unlink()

    response = client.get("/en/documents/audit-report/fr/download/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_recovering_a_document_whose_file_is_gone_is_refused_saying_so(
    editor_client, client, media_root, django_capture_on_commit_callbacks
):
    """History recorded before files were kept for it: the file went with its row, so recovering is refused."""
    document = add_document(editor_client, FIRST)
    (media_root / document.versions.get().file.name).unlink()
    editor_client.post(f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"})
    [deleted] = Revision.objects.get_deleted(Document)
    recover = f"/admin/documents/document/recover/{deleted.pk}/"

    shown = editor_client.get(recover, follow=True)
    response = editor_client.post(recover, admin_form_data(editor_client.get("/admin/documents/document/add/")))

    assert shown.redirect_chain == [("/admin/documents/document/recover/", 302)]
    assert [str(message) for message in shown.context["messages"]][-1] == (
        "This version cannot be restored: the file of “A/AUDIT/1 – Audit report [F]” is no longer stored. Nothing "
        "was changed; upload the file again instead."
    )
    assert response.url == "/admin/documents/document/recover/"
    assert not Document.objects.exists()
    assert not Version.objects.exists()


def test_reverting_to_a_file_that_is_gone_is_refused_and_keeps_the_current_one(editor_client, client, media_root):
    document = add_document(editor_client, FIRST)
    (media_root / document.versions.get().file.name).unlink()
    change = f"/admin/documents/document/{document.pk}/change/"
    data = admin_form_data(editor_client.get(change))
    data["versions-0-file"] = SimpleUploadedFile("rapport.pdf", SECOND, "application/pdf")
    editor_client.post(change, data)
    first = Revision.objects.get_for_object(document).order_by("pk").first()
    revert = f"/admin/documents/document/{document.pk}/history/{first.pk}/"

    response = editor_client.post(revert, admin_form_data(editor_client.get(change)), follow=True)

    assert response.redirect_chain == [(f"/admin/documents/document/{document.pk}/history/", 302)]
    assert [str(message) for message in response.context["messages"]][-1].startswith(
        "This version cannot be restored: the file of “A/AUDIT/1 – Audit report [F]” is no longer stored."
    )
    assert downloaded(client) == (200, SECOND)


def test_a_deleted_file_no_revision_names_leaves_the_disk(
    editor_client, media_root, django_capture_on_commit_callbacks
):
    document = add_document(editor_client, FIRST)  # its revision names the first file only
    unversioned = VersionFactory(document=document, language="es", url="", file=ContentFile(SECOND, name="b.pdf"))
    path = media_root / unversioned.file.name

    with django_capture_on_commit_callbacks(execute=True):
        unversioned.delete()

    assert not path.exists()
    assert (media_root / document.versions.get().file.name).exists()

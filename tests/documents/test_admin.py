import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.models import Version
from tests.admin_forms import admin_form_data
from tests.factories import DocumentFactory, VersionFactory

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

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents.forms import VersionForm
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def version_form(document, name, content, language="en"):
    return VersionForm(data={"language": language, "url": ""}, files={"file": upload(name, content)}, instance=None)


@pytest.mark.parametrize(
    ("fixture", "name", "content_type"),
    [
        ("pdf_bytes", "report.pdf", "application/pdf"),
        ("docx_bytes", "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("odt_bytes", "report.odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_real_documents_are_accepted_with_their_type_and_size(request, fixture, name, content_type):
    content = request.getfixturevalue(fixture)
    document = DocumentFactory()
    form = VersionForm(data={"language": "fr", "url": ""}, files={"file": upload(name, content)})
    form.instance.document = document

    assert form.is_valid(), form.errors
    version = form.save()

    assert version.content_type == content_type
    assert version.size == len(content)
    assert version.file.name.startswith("documents/")
    assert name not in version.file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF document but a web page, whatever"),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "is not a PDF document but a program, whatever"),
        ("report.docx", b"PK\x03\x04 not really a zip", "is damaged or is not really a Word document: it could"),
        ("report.doc", b"#!/bin/sh\nrm -rf /\n", "is not a Word 97-2003 document but a script, whatever"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, message):
    form = VersionForm(data={"language": "en", "url": ""}, files={"file": upload(name, content)})

    assert not form.is_valid()
    [error] = form.errors["file"]
    assert error.startswith(f"The file “{name}” {message}"), error


def test_the_refusal_is_written_in_the_editor_language():
    with translation.override("fr"):
        form = VersionForm(data={"language": "en", "url": ""}, files={"file": upload("x.pdf", b"<html>")})
        assert not form.is_valid()
        assert "x.pdf" in form.errors["file"][0]
        assert "n’est pas un document" in form.errors["file"][0] or "n'est pas un document" in form.errors["file"][0]


def test_an_empty_file_is_refused():
    form = VersionForm(data={"language": "en", "url": ""}, files={"file": upload("empty.pdf", b"")})

    assert not form.is_valid()
    assert "empty" in form.errors["file"][0]


def test_a_file_over_the_limit_is_refused(settings, pdf_bytes):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = len(pdf_bytes) - 1

    form = VersionForm(data={"language": "en", "url": ""}, files={"file": upload("big.pdf", pdf_bytes)})

    assert not form.is_valid()
    assert "is larger than the limit" in form.errors["file"][0]


def test_a_version_needs_a_file_or_an_address_but_not_both(pdf_bytes):
    neither = VersionForm(data={"language": "en", "url": ""})
    both = VersionForm(
        data={"language": "en", "url": "https://undocs.org/A/68/292"}, files={"file": upload("a.pdf", pdf_bytes)}
    )

    assert neither.errors == {"file": ["Give a file or an address."]}
    assert both.errors["__all__"] == ["Give a file or an address for this version, not both."]

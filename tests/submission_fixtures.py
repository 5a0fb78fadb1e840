"""Fixtures, files and helpers shared by every test folder (registered in tests/conftest.py)."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from common.files import PDF as PDF_KIND
from submissions import services
from tests.factories import CallFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name="submission.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def receive(call, *, name="a.pdf", content=PDF, submitter_language="en", **details):
    """A submission received through the service, as the public form would hand it over; returns it and its token."""
    details = {
        "organisation": "NGO",
        "category": "cso",
        "country": "",
        "contact_name": "A",
        "email": "a@example.org",
        "phone": "",
        "title": "T",
        "language": "en",
        "consent_to_publish": True,
        **details,
    }
    upload_file = SimpleUploadedFile(name, content)
    return services.receive_submission(
        call=call, details=details, uploads=[(upload_file, PDF_KIND, True)], submitter_language=submitter_language
    )


@pytest.fixture
def call():
    return CallFactory(
        slug="hld-call",
        reference_prefix="HLD2013",
        title="Written submissions on resolution 67/172",
        title_fr="Contributions écrites sur la résolution 67/172",
        title_es="Contribuciones escritas sobre la resolución 67/172",
        max_file_size=1024,
        max_total_size=2048,
        max_files=3,
    )


@pytest.fixture
def form_data():
    return {
        "organisation": "Migrants' Rights Network",
        "category": "cso",
        "country": "",
        "contact_name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "+41 22 917 90 00",
        "title": "Protecting migrant workers",
        "language": "es",
        "consent_to_publish": "on",
        "website": "",
    }


@pytest.fixture
def moderator():
    user = User.objects.create_user("mod", email="mod@example.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def editor():
    user = User.objects.create_user("ed", email="ed@example.org", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client

"""Fixtures, files and helpers shared by every test folder (registered in tests/conftest.py)."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import services
from tests.document_files import docx, pdf
from tests.factories import CallFactory
from uploads.checks import check_upload

PDF = pdf()


def docx_bytes():
    return docx()


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
    checked = check_upload(SimpleUploadedFile(name, content), max_size=len(content))
    return services.receive_submission(
        call=call, details=details, uploads=[(checked, True)], submitter_language=submitter_language
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
        "consent_to_publish": "yes",
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

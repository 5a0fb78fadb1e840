import io

import pytest
from django.core.management import call_command

from documents.models import Document, Version
from events.models import Event
from submissions.models import Call, Submission

pytestmark = pytest.mark.django_db


def test_generate_archive_adds_what_is_asked_once_and_publishes_it():
    call_command("load_demo", stdout=io.StringIO())
    before = Document.objects.count()

    for _run in range(2):
        call_command(
            "generate_archive", "--events", "3", "--documents", "20", "--submissions", "5", "--open-call",
            stdout=io.StringIO(),
        )  # fmt: skip

    assert Document.objects.count() - before == 20
    assert Version.objects.filter(document__slug__startswith="archive-").count() == 60
    assert Event.objects.filter(slug__startswith="archive-").count() == 3
    assert Submission.objects.filter(reference__startswith="ARCH").count() == 5
    assert Call.objects.get(slug="bench-open-call").is_open()
    assert Document.objects.published().filter(slug__startswith="archive-").count() == 20

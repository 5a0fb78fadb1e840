import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from documents.models import Document, EventDocument, Version
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_generate_archive_copies_rows_on_postgresql_that_the_site_reads_back(client):
    """On PostgreSQL documents, versions and event links go in with COPY: the rows are whole (every column,
    choices and dates as the ORM writes them) and the library and a document page show them."""
    call_command("generate_archive", "--events", "2", "--documents", "30", "--submissions", "0", stdout=io.StringIO())

    generated = Document.objects.published().filter(slug__startswith="archive-doc-")
    assert generated.count() == 30
    document = generated.get(slug="archive-doc-00003")
    assert document.title_fr == "Mobilité de la main-d’œuvre et son incidence sur le développement (4)"
    assert document.date == datetime.date(2003, 4, 4)
    assert sorted(document.versions.values_list("language", flat=True)) == ["en", "es", "fr"]
    assert EventDocument.objects.filter(document__in=generated).count() == 30
    assert set(document.events.values_list("slug", flat=True)) == {"archive-event-001"}
    event = Event.objects.get(slug="archive-event-001")
    assert (event.start_date, event.starts_at) == (
        datetime.date(2001, 2, 2), datetime.datetime(2001, 2, 2, tzinfo=datetime.UTC)
    )  # fmt: skip
    assert event.ends_at == datetime.datetime(2001, 2, 4, tzinfo=datetime.UTC)
    assert client.get("/en/events/archive-event-001/").status_code == 200
    response = client.get(f"/en/documents/{document.slug}/")
    assert response.status_code == 200
    assert "Labour mobility and its impact on development (4)" in response.text
    assert client.get("/en/documents/?q=A/AC.300/4")["Location"] == "/en/documents/archive-doc-00003/"
    assert "Labour mobility and its impact on development (4)" in client.get("/en/documents/?q=mobility").text

    # Run again with more: only what is missing is added, still by COPY after the existing rows.
    call_command("generate_archive", "--events", "2", "--documents", "35", "--submissions", "0", stdout=io.StringIO())
    assert generated.count() == 35
    assert Version.objects.filter(document__in=generated).count() == 105

"""The library filtered by an event lists the event's documents newest first along the event's links, and counts
its public ones from them, each link keeping its document's date and publication state by the database's triggers
(documents/link_state.py), however the rows were written."""

import datetime

import pytest
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents.models import Document, EventDocument
from tests.factories import DocumentFactory, EventDocumentFactory, EventFactory

pytestmark = pytest.mark.django_db


def link_date(link):
    return EventDocument.objects.values_list("document_date", flat=True).get(pk=link.pk)


def link_state(link):
    return EventDocument.objects.values_list("document_status", "document_publish_from").get(pk=link.pk)


def listed_titles(client, **params):
    html = client.get("/en/documents/", params).content.decode()
    titles = ("Oldest report", "Middle report", "Newest report", "Report of 2012")
    return sorted((html.index(title), title) for title in titles if title in html)


def test_a_link_takes_its_documents_date_and_follows_it_however_written():
    event = EventFactory()
    saved = EventDocumentFactory(event=event, document__date=datetime.date(2013, 8, 9))
    (bulk,) = EventDocument.objects.bulk_create(
        [EventDocument(event=event, document=DocumentFactory(date=datetime.date(2013, 3, 1)))]
    )
    assert link_date(saved) == datetime.date(2013, 8, 9)
    assert link_date(EventDocument.objects.get(document=bulk.document)) == datetime.date(2013, 3, 1)

    # A document's new date saved, or written by update(), reaches its links.
    saved.document.date = datetime.date(2014, 1, 2)
    saved.document.save()
    Document.objects.filter(pk=bulk.document.pk).update(date=None)
    assert link_date(saved) == datetime.date(2014, 1, 2)
    assert link_date(EventDocument.objects.get(document=bulk.document)) is None

    # A link saved again from an instance that never read its date, or moved to another document, keeps the truth.
    saved.note = "Paragraph 3"
    saved.save()
    assert link_date(saved) == datetime.date(2014, 1, 2)
    saved.document = DocumentFactory(date=datetime.date(2010, 5, 6))
    saved.save()
    assert link_date(saved) == datetime.date(2010, 5, 6)


def test_a_link_takes_its_documents_publication_state_and_follows_it_however_written():
    later = timezone.now() + datetime.timedelta(days=3)
    saved = EventDocumentFactory(document__status="draft")
    (bulk,) = EventDocument.objects.bulk_create(
        [EventDocument(event=saved.event, document=DocumentFactory(status="published", publish_from=later))]
    )
    assert link_state(saved) == ("draft", None)
    assert link_state(bulk) == ("published", later)

    # Published by the admin's action (update()), or saved with a date to be published from.
    Document.objects.filter(pk=saved.document.pk).update(status="published")
    bulk.document.publish_from = None
    bulk.document.save()
    assert link_state(saved) == ("published", None)
    assert link_state(bulk) == ("published", None)

    # A link saved from an instance that read another state keeps the truth.
    stale = EventDocument.objects.get(pk=saved.pk)
    Document.objects.filter(pk=saved.document.pk).update(status="draft", publish_from=later)
    stale.note = "Paragraph 3"
    stale.save()
    assert link_state(saved) == ("draft", later)


def count_shown(client, **params):
    html = client.get("/en/documents/", params).content.decode()
    return html.split('class="result-count" role="status">')[1].split("</p>")[0].strip()


def test_the_library_counts_an_events_public_documents_from_its_links(client):
    event = EventFactory(slug="hld-2013")
    past, later = timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(days=1)
    for state in [{}, {}, {"publish_from": past}, {"status": "draft"}, {"publish_from": later}]:
        EventDocumentFactory(
            event=event,
            document__date=datetime.date(2013, 5, 1),
            **{f"document__{name}": value for name, value in state.items()},
        )
    EventDocumentFactory(event=event, document__date=datetime.date(2012, 5, 1))
    EventDocumentFactory(document__date=datetime.date(2013, 5, 1))

    with CaptureQueriesContext(connection) as queries:
        assert count_shown(client, event="hld-2013") == "4 documents"
    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    (count,) = counts
    assert "documents_document" not in count
    assert count_shown(client, event="hld-2013", year="2013") == "3 documents"

    # The draft published, the scheduled one's time come: the count follows.
    Document.objects.filter(status="draft").update(status="published")
    Document.objects.filter(publish_from=later).update(publish_from=past)
    assert count_shown(client, event="hld-2013", year="2013") == "5 documents"
    # Filtered by type too, the documents are counted from their own rows.
    with CaptureQueriesContext(connection) as queries:
        assert count_shown(client, event="hld-2013", type="report") == "6 documents"
    counts = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    (count,) = counts
    assert "documents_document" in count


def test_the_library_lists_an_events_documents_newest_first_along_its_links(client):
    event = EventFactory(slug="hld-2013")
    dated = {"Oldest report": (2013, 1, 5), "Newest report": (2013, 9, 1), "Middle report": (2013, 5, 2)}
    for title, date in dated.items():
        EventDocumentFactory(event=event, document__title=title, document__date=datetime.date(*date))
    EventDocumentFactory(event=event, document__title="Report of 2012", document__date=datetime.date(2012, 12, 31))
    EventDocumentFactory(document__title="Another meeting's report", document__date=datetime.date(2013, 6, 1))

    with CaptureQueriesContext(connection) as queries:
        listed = listed_titles(client, event="hld-2013", year="2013")

    assert [title for _, title in listed] == ["Newest report", "Middle report", "Oldest report"]
    page = [query["sql"] for query in queries if query["sql"].startswith('SELECT "documents_document"."id"')]
    assert len(page) == 1
    assert all('ORDER BY "documents_eventdocument"."document_date" DESC' in sql for sql in page)

    # The oldest becomes the newest: the list follows the document's new date.
    Document.objects.filter(title="Oldest report").update(date=datetime.date(2013, 12, 1))
    assert [title for _, title in listed_titles(client, event="hld-2013")] == [
        "Oldest report",
        "Newest report",
        "Middle report",
        "Report of 2012",
    ]


def widened(model, name):
    """``model``'s field ``name`` with one more character allowed: a change SQLite makes by rebuilding the table."""
    field = model._meta.get_field(name)
    wider = field.clone()
    wider.max_length += 1
    wider.set_attributes_from_name(name)
    wider.model = model
    return field, wider


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_the_tables_leaves_dates_and_search_kept():
    """As migrate does: its signals around a change SQLite makes by rebuilding the links' and documents' tables."""
    link = EventDocumentFactory(document__date=datetime.date(2013, 8, 9), document__title="Report on remittances")
    changes = [widened(EventDocument, "note"), widened(Document, "reissue")]
    emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    with connection.schema_editor() as editor:
        for field, wider in changes:
            editor.alter_field(field.model, field, wider)
    try:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

        Document.objects.filter(pk=link.document.pk).update(date=datetime.date(2014, 1, 2), title="Report on diasporas")
        moved = EventDocumentFactory(event=link.event, document__date=datetime.date(2015, 3, 4))

        assert link_date(link) == datetime.date(2014, 1, 2)
        assert link_date(moved) == datetime.date(2015, 3, 4)
        assert list(Document.objects.search("diasporas", "en").values_list("pk", flat=True)) == [link.document.pk]
    finally:
        emit_pre_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
        with connection.schema_editor() as editor:
            for field, wider in changes:
                editor.alter_field(field.model, wider, field)
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

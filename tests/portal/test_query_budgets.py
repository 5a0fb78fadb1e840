"""Every public page and admin list answers in a fixed number of queries, with 1 item or 200."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection

from common.models import PublicationStatus
from documents.models import Document, EventDocument, Version
from events.models import Event, Session
from submissions.models import Submission, SubmissionFile
from tests.factories import CallFactory, EventFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 200]


def make_archive(count):
    """``count`` of everything a page lists, around one event ("hld") and one call ("call"), in bulk for speed."""
    event = EventFactory(slug="hld", title="Migration dialogue")
    call = CallFactory(event=event, slug="call")
    published = PublicationStatus.PUBLISHED
    Session.objects.bulk_create(
        Session(event=event, kind="round_table", number=n, slug=f"round-table-{n}", title=f"Migration session {n}",
                status=published, order=n, date=event.start_date, start_time=datetime.time(10),
                end_time=datetime.time(13))
        for n in range(1, count + 1)
    )  # fmt: skip
    documents = Document.objects.bulk_create(
        Document(symbol=f"A/68/{n}", slug=f"doc-{n}", title=f"Migration report {n}", status=published)
        for n in range(count)
    )
    Version.objects.bulk_create(
        Version(document=document, language=language, url="https://undocs.org/")
        for document in documents
        for language in ("en", "fr")
    )
    EventDocument.objects.bulk_create(EventDocument(event=event, document=document) for document in documents)
    submissions = Submission.objects.bulk_create(
        Submission(call=call, reference=f"Q-{n}", organisation=f"Org {n}", category="cso", contact_name="A",
                   email="a@example.org", title="Migration", language="en", status="published",
                   token_hash=f"{n:064d}")
        for n in range(count)
    )  # fmt: skip
    SubmissionFile.objects.bulk_create(
        SubmissionFile(submission=submission, file="x.pdf", original_name="x.pdf", size=1, sha256="0" * 64,
                       content_type="application/pdf")
        for submission in submissions
    )  # fmt: skip
    Event.objects.bulk_create(
        Event(slug=f"meeting-{n}", title=f"Migration meeting {n}", start_date=event.start_date, end_date=event.end_date,
              starts_at=event.starts_at, ends_at=event.ends_at, status=published)
        for n in range(count)
    )  # fmt: skip
    return event


# Pages with the site header read the open calls for the navigation once (one query).
# On PostgreSQL a search of documents first asks how common its words are (common.search.Common.lowest_block).
WORDS_SHARE = int(connection.vendor == "postgresql")

PUBLIC_PAGES = {
    "/en/": 5,
    "/en/events/": 4,  # bounded counts of upcoming and past events, the page's past events, the open calls
    "/en/events/hld/": 9,
    "/en/events/hld/round-table-1/": 3,  # the session, its list of speakers, the open calls
    "/en/documents/": 5,
    "/en/documents/doc-0/": 6,  # the document, its reissues, other documents, their versions, its events, open calls
    "/fr/documents/?q=migration&language=fr": 5 + WORDS_SHARE,
    "/en/search/?q=migration": 8 + WORDS_SHARE,  # one more group: statements
    "/en/calls/": 6,  # bounded counts of the four parts (open, to open, closed with and without a deadline)
    "/en/calls/call/": 5,  # the call, its submissions' order, the page's submissions and their files
    "/en/events/calendar.ics": 3,  # events to come, the latest past ones, their sessions
    "/en/feeds/documents.rss": 2,  # the newest published at once, the newest scheduled (common/feeds.py)
    "/en/feeds/submissions.atom": 1,
    "/sitemap.xml": 4,
    "/en/api/events/": 3,
    "/en/api/documents/": 3,
}


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(("url", "queries"), PUBLIC_PAGES.items(), ids=list(PUBLIC_PAGES))
def test_public_page_query_budget(client, django_assert_num_queries, count, url, queries):
    make_archive(count)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


ADMIN_LISTS = {
    "/admin/": 18,
    "/admin/events/event/": 12,
    "/admin/documents/document/": 9,  # each row's languages are subqueries of the page's query, not a prefetch
    "/admin/submissions/call/": 10,
    "/admin/submissions/submission/": 8,  # the date hierarchy reads the first and last dates, not every day
    "/admin/translations/": 13,  # a bounded count and the page's items per kind, whichever kinds show, and their states
}


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(("url", "queries"), ADMIN_LISTS.items(), ids=list(ADMIN_LISTS))
def test_admin_list_query_budget(client, django_assert_num_queries, count, url, queries):
    make_archive(count)
    user = User.objects.create_user("both", password="x", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=["Editors", "Moderators"]))
    client.force_login(user)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200

"""Every public page and admin list answers in a fixed number of queries, with 1 item or 200."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import (
    CallFactory,
    DocumentFactory,
    EventDocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [1, 200]


def make_archive(count):
    """``count`` of everything a page lists, around one event ("hld") and one call ("call")."""
    event = EventFactory(slug="hld", title="Migration dialogue")
    call = CallFactory(event=event, slug="call")
    for number in range(1, count + 1):
        SessionFactory(event=event, number=number, title=f"Migration session {number}")
        document = DocumentFactory(title=f"Migration report {number}")
        VersionFactory(document=document, language="en")
        VersionFactory(document=document, language="fr")
        EventDocumentFactory(event=event, document=document)
        SubmissionFileFactory(submission=SubmissionFactory(call=call, status="published", title="Migration"))
        EventFactory(title=f"Migration meeting {number}")
    return event


PUBLIC_PAGES = {
    "/en/": 4,
    "/en/events/": 2,
    "/en/events/hld/": 9,
    "/en/events/hld/round-table-1/": 1,
    "/en/documents/": 4,
    "/fr/documents/?q=migration&language=fr": 4,
    "/en/search/?q=migration": 5,
    "/en/calls/call/": 3,
    "/en/events/calendar.ics": 1,
    "/en/feeds/documents.rss": 1,
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
    "/admin/documents/document/": 11,
    "/admin/submissions/call/": 10,
    "/admin/submissions/submission/": 10,
    "/admin/translations/": 8,
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

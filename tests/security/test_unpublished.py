"""Nothing unpublished is reachable by URL: drafts, scheduled items, the children of drafts, and submissions in every
status but "published", with their files, asked for at every public address by an anonymous visitor.

Every unpublished thing carries "Zircon" in its title or name (and the symbols A/68/901 and A/68/902): a public
page, feed, sitemap, calendar or API answer that contains one of the markers shows something it must not.
Addresses of the unpublished things themselves must answer 404.
"""

import datetime
import json
import re
from urllib.parse import quote, quote_plus

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from common.models import PublicationStatus
from documents.models import EventDocument, Reissue, Version
from submissions import services
from submissions.models import Status
from tests.factories import (
    CallFactory,
    DocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    VersionFactory,
)
from tests.security.hostile import pdf

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED
MARKERS = ("zircon", "a/68/901", "a/68/902", "a-68-901", "a-68-902")
LANGUAGES = ("en", "fr", "es")


def later():
    return timezone.now() + datetime.timedelta(days=3)


def file_version(document, language):
    version = Version(document=document, language=language, content_type="application/pdf", size=len(pdf()))
    version.file.save("zircon.pdf", ContentFile(pdf()), save=False)
    version.save()
    return version


def submission_file(submission, name, *, publishable=True):
    return SubmissionFileFactory(submission=submission, original_name=name, publishable=publishable)


@pytest.fixture
def world():
    """Published things to look at, each next to unpublished ones that must not show; returns what to ask for."""
    items = {}
    # Events: a draft and a scheduled one (each with a published session), related to a published one with a draft
    # child and sessions in every state.
    draft_event = EventFactory(
        slug="zircon-draft-event", title="Zircon draft event", short_title="Zircon", status=DRAFT
    )
    scheduled_event = EventFactory(slug="zircon-scheduled-event", title="Zircon scheduled event", publish_from=later())
    event = EventFactory(slug="open-meeting", title="Open meeting", is_featured=True)
    event.related_events.add(draft_event, scheduled_event)
    EventFactory(slug="zircon-draft-child", title="Zircon draft child", parent=event, status=DRAFT)
    SessionFactory(event=event, number=1, title="Open round table", slug="open-round-table")
    SessionFactory(event=event, number=2, title="Zircon draft session", slug="zircon-draft-session", status=DRAFT)
    SessionFactory(
        event=event, number=3, title="Zircon scheduled session", slug="zircon-scheduled-session", publish_from=later()
    )
    SessionFactory(event=draft_event, number=1, title="Zircon session of a draft", slug="zircon-session-of-draft")
    SessionFactory(event=scheduled_event, number=1, title="Zircon session of scheduled", slug="zircon-session-sched")
    items["events"] = [draft_event, scheduled_event]
    items["sessions"] = [
        (event, "zircon-draft-session"),
        (event, "zircon-scheduled-session"),
        (draft_event, "zircon-session-of-draft"),
        (scheduled_event, "zircon-session-sched"),
    ]

    # Documents: a draft and a scheduled one, each with a file version and a link version, both tied to the
    # published event; a published document tied to the draft event.
    draft_document = DocumentFactory(
        symbol="A/68/901", slug="zircon-draft-document", title="Zircon draft report", status=DRAFT
    )
    scheduled_document = DocumentFactory(
        symbol="A/68/902", slug="zircon-scheduled-document", title="Zircon scheduled report", publish_from=later()
    )
    for document in (draft_document, scheduled_document):
        file_version(document, "en")
        VersionFactory(document=document, language="fr")
        EventDocument.objects.create(event=event, document=document, role="mandate")
    corrigendum = DocumentFactory(symbol="A/68/292", slug="open-report", title="Open report")
    file_version(corrigendum, "en")
    EventDocument.objects.create(event=draft_event, document=corrigendum)
    items["documents"] = [draft_document, scheduled_document]

    # Calls: a draft and a scheduled one, and a published one on the published event.
    draft_call = CallFactory(event=event, slug="zircon-draft-call", title="Zircon draft call", status=DRAFT)
    scheduled_call = CallFactory(
        event=event, slug="zircon-scheduled-call", title="Zircon scheduled call", publish_from=later()
    )
    call = CallFactory(event=event, slug="open-call", title="Open call")
    items["calls"] = [draft_call, scheduled_call]

    # Submissions: every status but published, in the open call; published ones in the unpublished calls; and a
    # published one whose annex is not for publication.
    files = []
    for status in (Status.RECEIVED, Status.UNDER_REVIEW, Status.DECLINED, Status.WITHDRAWN):
        submission = SubmissionFactory(
            call=call, status=status, organisation=f"Zircon {status} org", title=f"Zircon {status} title"
        )
        files.append(submission_file(submission, f"zircon-{status}.pdf"))
    for hidden_call in items["calls"]:
        submission = SubmissionFactory(
            call=hidden_call, status=Status.PUBLISHED, organisation=f"Zircon in {hidden_call.slug}", title="Zircon"
        )
        files.append(submission_file(submission, f"zircon-in-{hidden_call.slug}.pdf"))
    published = SubmissionFactory(call=call, status=Status.PUBLISHED, organisation="Open org", title="Open title")
    submission_file(published, "open-submission.pdf")
    files.append(submission_file(published, "zircon-annex.pdf", publishable=False))
    items["files"] = files
    items["event"], items["call"], items["document"] = event, call, corrigendum
    items["draft_event"], items["draft_document"] = draft_event, draft_document
    return items


def get(client, path, data=None):
    """The response, with its body read to the end (files too) as ``response.body``."""
    response = client.get(path, data)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    response.body = content.decode(errors="replace")
    return response


def assert_hidden(response, path, echoed=()):
    """A public answer that shows none of the unpublished things."""
    assert response.status_code in (200, 301, 302), (path, response.status_code)
    if response.status_code in (301, 302):
        assert not any(marker in response["Location"].lower() for marker in MARKERS), (path, response["Location"])
        return
    text = response.body.lower()
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(response.body), ensure_ascii=False).lower()
    for value in echoed:  # what the visitor typed is shown back to them, as typed
        for form in (value, quote(value, safe=""), quote_plus(value), quote(value)):
            text = text.replace(form.lower(), "")
    shown = [marker for marker in MARKERS if marker in text]
    assert not shown, (path, shown, [text[max(0, text.find(m) - 200) : text.find(m) + 80] for m in shown])


def public_pages(world, language):
    """Every public listing, search, feed and API answer, with the queries that would find the unpublished."""
    event, call = world["event"], world["call"]
    prefix = f"/{language}"
    return [
        (f"{prefix}/", None),
        (f"{prefix}/events/", None),
        (f"{prefix}/events/{event.slug}/", None),
        (f"{prefix}/events/{event.slug}/open-round-table/", None),
        (f"{prefix}/events/{event.slug}/calendar.ics", None),
        (f"{prefix}/events/calendar.ics", None),
        (f"{prefix}/documents/", None),
        (f"{prefix}/documents/", {"q": "draft"}),
        (f"{prefix}/documents/", {"q": "scheduled report"}),
        (f"{prefix}/documents/", {"q": "A/68/901"}),
        (f"{prefix}/documents/", {"q": "A/68/902"}),
        (f"{prefix}/documents/", {"event": "zircon-draft-event"}),
        (f"{prefix}/documents/", {"language": "en", "type": "report"}),
        (f"{prefix}/documents/{world['document'].slug}/", None),
        (f"{prefix}/documents/{world['document'].slug}/en/download/", None),
        (f"{prefix}/search/", {"q": "draft"}),
        (f"{prefix}/search/", {"q": "scheduled"}),
        (f"{prefix}/search/", {"q": "received"}),
        (f"{prefix}/search/", {"q": "A/68/901"}),
        (f"{prefix}/search/", {"q": "A/68/902"}),
        (f"{prefix}/search/", {"q": "org"}),
        (f"{prefix}/calls/{call.slug}/", None),
        (f"{prefix}/calls/{call.slug}/submit/", None),
        (f"{prefix}/api/events/", None),
        (f"{prefix}/api/events/{event.slug}/", None),
        (f"{prefix}/api/documents/", None),
        (f"{prefix}/api/documents/", {"symbol": "A/68/901"}),
        (f"{prefix}/api/documents/", {"type": "report", "page": "1"}),
        (f"{prefix}/api/documents/{world['document'].slug}/", None),
        (f"{prefix}/feeds/documents.rss", None),
        (f"{prefix}/feeds/documents.atom", None),
        (f"{prefix}/feeds/submissions.rss", None),
        (f"{prefix}/feeds/submissions.atom", None),
    ]


def hidden_addresses(world, language):
    """The addresses of the unpublished things themselves."""
    prefix = f"/{language}"
    paths = []
    for event in world["events"]:
        paths += [
            f"{prefix}/events/{event.slug}/",
            f"{prefix}/events/{event.slug}/calendar.ics",
            f"{prefix}/api/events/{event.slug}/",
        ]
    for event, slug in world["sessions"]:
        paths.append(f"{prefix}/events/{event.slug}/{slug}/")
    for document in world["documents"]:
        paths += [
            f"{prefix}/documents/{document.slug}/",
            f"{prefix}/documents/{document.slug}/en/download/",
            f"{prefix}/documents/{document.slug}/fr/download/",
            f"{prefix}/documents/symbol/{document.symbol}/",
            f"{prefix}/api/documents/{document.slug}/",
        ]
        paths += [f"/media/{version.file.name}" for version in document.versions.all() if version.file]
    for call in world["calls"]:
        paths += [f"{prefix}/calls/{call.slug}/", f"{prefix}/calls/{call.slug}/submit/"]
    for file in world["files"]:
        paths += [f"{prefix}/submissions/files/{file.pk}/{file.original_name}", f"/-/{file.file.name}"]
    return paths


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_show_nothing_unpublished(client, world, language):
    failures = []
    for path, data in public_pages(world, language):
        response = get(client, path, data)
        try:
            assert_hidden(response, path if data is None else f"{path}?{data}", echoed=(data or {}).values())
        except AssertionError as error:
            failures.append(str(error))

    assert not failures, "\n".join(failures)


def test_the_sitemap_lists_nothing_unpublished(client, world):
    index = get(client, "/sitemap.xml")
    pages = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", index.body)

    assert_hidden(index, "/sitemap.xml")
    assert pages
    for page in pages:
        assert_hidden(get(client, page), page)
    # What is published is listed.
    assert any("/en/events/open-meeting/" in get(client, page).body for page in pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_addresses_of_unpublished_things_are_not_found(client, world, language):
    found = []
    for path in hidden_addresses(world, language):
        for data in (None, {"preview": "1"}):  # the staff preview is not for visitors
            response = get(client, path, data)
            if response.status_code != 404:
                found.append((path, data, response.status_code))

    assert not found


@pytest.mark.parametrize("language", ["fr", "es"])
def test_nothing_can_be_submitted_to_an_unpublished_call(client, world, form_data, language):
    for call in world["calls"]:
        response = client.post(f"/{language}/calls/{call.slug}/submit/", {**form_data, "files": []})
        assert response.status_code == 404, call.slug


def test_the_published_things_are_reachable(client, world):
    """The fixture's published side is really visible, so that the checks above are not vacuous."""
    event, call, document = world["event"], world["call"], world["document"]

    assert "Open meeting" in get(client, f"/en/events/{event.slug}/").body
    assert "Open round table" in get(client, f"/en/events/{event.slug}/open-round-table/").body
    assert "Open report" in get(client, f"/en/documents/{document.slug}/").body
    listing = get(client, f"/en/calls/{call.slug}/").body
    assert "Open org" in listing
    assert "open-submission.pdf" in listing
    assert get(client, f"/en/documents/{document.slug}/en/download/").status_code == 200
    assert "Open org" in get(client, "/en/search/", {"q": "org"}).body
    assert "Open report" in get(client, "/en/feeds/documents.rss").body


# Published things that point at unpublished ones: the page of the published thing must not name the other.


def leaks(client, path, data=None):
    response = get(client, path, data)
    assert response.status_code == 200, path
    text = response.body.lower()
    return [text[max(0, text.find(m) - 120) : text.find(m) + 60] for m in MARKERS if m in text]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_event_page_does_not_name_its_unpublished_parent(client, world, language):
    event = world["event"]
    event.parent = world["draft_event"]
    event.save()

    assert leaks(client, f"/{language}/events/{event.slug}/") == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_reissue_page_does_not_name_its_unpublished_original(client, world, language):
    corrigendum = DocumentFactory(
        symbol="A/68/901/Corr.1",
        slug="open-corrigendum",
        title="Open corrigendum",
        parent=world["draft_document"],
        reissue=Reissue.CORRIGENDUM,
    )

    # The corrigendum's own symbol holds the original's: look for the original's title and address.
    page = get(client, f"/{language}/documents/{corrigendum.slug}/").body.lower()
    assert "zircon" not in page
    assert "/documents/zircon-draft-document/" not in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_call_does_not_show_an_unpublished_note_verbale(client, world, language):
    call = world["call"]
    call.note_verbale = world["draft_document"]
    call.save()

    for path in (f"/{language}/calls/{call.slug}/", f"/{language}/calls/{call.slug}/submit/"):
        assert leaks(client, path) == [], path
    assert leaks(client, f"/{language}/events/{world['event'].slug}/") == []


# A session of a draft event is unpublished whatever its own status (events.views.SessionDetailView, the sitemap and
# search all say so); a call of a draft event, and the submissions answering it, must be too.
def test_a_call_of_an_unpublished_event_is_unpublished_too(client, world, moderator):
    call = CallFactory(event=world["draft_event"], slug="zircon-call-of-draft-event", title="Zircon call of a draft")
    submission = SubmissionFactory(call=call, organisation="Zircon org of a draft event", title="Zircon title")
    file = submission_file(submission, "zircon-of-draft-event.pdf")
    services.change_status(submission=submission, to_status="published", actor=moderator)

    reachable = [
        path
        for path in (
            f"/en/calls/{call.slug}/",
            f"/en/calls/{call.slug}/submit/",
            f"/en/submissions/files/{file.pk}/{file.original_name}",
        )
        if get(client, path).status_code != 404
    ]
    shown = {
        path: found
        for path, data in [
            ("/sitemap.xml", None),
            ("/en/search/", {"q": "org"}),
            ("/en/feeds/submissions.rss", None),
            ("/en/feeds/submissions.atom", None),
        ]
        if (found := leaks(client, path, data))
    }
    assert (reachable, shown) == ([], {}), f"reachable: {reachable}; listed by: {list(shown)}"

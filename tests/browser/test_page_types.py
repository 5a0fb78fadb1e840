"""Every other page type a visitor meets, in each language, checked by axe-core: lists, search, a call, an event
with two calls, the library's filters with errors, the submission form (empty, then with errors) and the not-found
page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document
from events.models import Event
from submissions.models import Call

pytestmark = pytest.mark.browser

SEND = {"en": "Send the submission", "fr": "Envoyer la contribution", "es": "Enviar la contribución"}


@pytest.fixture
def open_call(site):
    """A copy of the demo call, open now, so the form is shown."""
    call = Call.objects.get(slug="protection-of-migrants-2013")
    call.pk = None
    call.slug = "open-call"
    call.reference_prefix = "OPEN"
    call.opens_at = timezone.now() - datetime.timedelta(days=1)
    call.closes_at = timezone.now() + datetime.timedelta(days=30)
    call.save()
    return call


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_page_types_are_accessible(page, site, audit, open_call, code):
    page.goto(f"{site}/{code}/events/")
    audit.visit(page, f"{code}-events", phone=True)

    page.goto(f"{site}/{code}/search/?q=migration")
    expect(page.locator(".result-count")).to_be_visible()
    audit.visit(page, f"{code}-search")

    page.goto(f"{site}/{code}/calls/protection-of-migrants-2013/")
    audit.visit(page, f"{code}-call")

    # The event with two calls of one title (the open one a copy of the demo's): listed apart, and no two parts of
    # the page are regions of the same name.
    page.goto(f"{site}/{code}/events/hld-2013/")
    audit.visit(page, f"{code}-event-two-calls")

    # The filters shown back with their messages; the event filter is as wide as its longest title.
    page.goto(f"{site}/{code}/documents/?year=nineteen&event=nowhere&type=report")
    expect(page.locator("#id_event_error")).to_be_visible()
    audit.visit(page, f"{code}-library-filter-errors", phone=True)

    page.goto(f"{site}/{code}/calls/open-call/submit/")
    audit.visit(page, f"{code}-submission-form", phone=True)
    page.get_by_role("button", name=SEND[code]).click()
    expect(page.locator(".error-summary")).to_be_visible()
    audit.visit(page, f"{code}-submission-form-errors")

    page.goto(f"{site}/{code}/no-such-page/")
    audit.visit(page, f"{code}-not-found")

    audit.assert_clean()


def test_words_longer_than_a_phone_line_wrap_instead_of_widening_the_page(page, site, audit):
    # Each within what the admin accepts: a title in one piece, a long symbol, a hashtag of sixty characters.
    Document.objects.create(
        symbol="A/HRC/WG.6/44/L.1/Add.1/Rev.2/Corr.3",
        slug="long-unbroken",
        title_en="Unbroken " + "Supercalifragilistic" * 8,
        status="published",
    )
    Event.objects.filter(slug="hld-2013").update(hashtag="HashtagLong" * 5 + "Tag12")

    for path, name in [
        ("/en/", "long-home"),
        ("/en/documents/", "long-library"),
        ("/en/documents/long-unbroken/", "long-document"),
        ("/en/events/hld-2013/", "long-event"),
    ]:
        page.goto(f"{site}{path}")
        audit.visit(page, name, phone=True)

    audit.assert_clean()

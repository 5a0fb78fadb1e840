"""The submission form and the moderator's page on real screens: a phone after a refused post, a 1,280 px desktop."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from submissions import services
from submissions.models import Call, Submission
from tests.submission_fixtures import receive

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SEND = {"en": "Send the submission", "fr": "Envoyer la contribution", "es": "Enviar la contribución"}
SUMMARY = {
    "en": "Please correct the following",
    "fr": "Veuillez corriger les points suivants",
    "es": "Corrija lo siguiente",
}


@pytest.fixture
def open_call(site):
    call = Call.objects.get(slug="protection-of-migrants-2013")
    call.pk, call.slug, call.reference_prefix = None, "open-call", "OPEN"
    call.opens_at = timezone.now() - datetime.timedelta(days=1)
    call.closes_at = timezone.now() + datetime.timedelta(days=30)
    call.save()
    return call


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_after_a_refused_post_a_phone_shows_and_announces_the_error_summary(page, site, open_call, code):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/{code}/calls/open-call/submit/")
    page.get_by_role("button", name=SEND[code]).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text(SUMMARY[code])
    expect(summary).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # scrolled down to it, past the rules above the form
    # The first link of the summary leads to its field.
    link = summary.locator("a").first
    target = link.get_attribute("href")
    link.click()
    expect(page.locator(target)).to_be_in_viewport()


def test_the_moderators_page_fits_a_1280_px_screen_and_its_buttons_work(editor_page, site, open_call):
    page = editor_page
    submission, _token = receive(open_call, name="a-rather-long-file-name-for-a-submission-by-an-organization.pdf")
    services.rescan(submission=submission)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{site}/admin/submissions/submission/{submission.pk}/change/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    page.get_by_role("button", name="Mark as under review").click()

    expect(page.locator(".messagelist")).to_contain_text("1 submission is now “Under review”.")
    assert Submission.objects.get(pk=submission.pk).status == "under_review"
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("is now “Published”")
    assert Submission.objects.get(pk=submission.pk).status == "published"


@pytest.mark.parametrize("code", ["en", "fr"])
def test_a_submitter_withdraws_from_the_status_page_in_a_browser(page, site, open_call, code):
    # The browser's own Origin and Referer for the form, which Django's test client does not send.
    submission, token = receive(open_call)
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/{code}/submissions/status/{token}/")
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.locator("form.withdraw button").click()

    expect(page.locator("form.withdraw")).to_have_count(0)
    assert Submission.objects.get(pk=submission.pk).status == "withdrawn"

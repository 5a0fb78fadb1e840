"""The Content-Security-Policy (no inline script or style) breaks nothing: no page, the admin's included,
triggers a single violation in a real browser, and the editor's tools still work under it."""

import pytest
from playwright.sync_api import expect

from events.models import Event

pytestmark = pytest.mark.browser


def violations_on(page, url):
    """What the browser refused on ``url`` in the name of the Content-Security-Policy, and any script error."""
    messages = []

    def console(message):
        # Failed loads are reported by address below; the console names no address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            messages.append(message.text)

    def response(answer):
        if answer.status >= 400:
            messages.append(f"{answer.status} {answer.url}")

    def error(exception):
        messages.append(str(exception))

    page.on("console", console)
    page.on("pageerror", error)
    page.on("response", response)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("console", console)
    page.remove_listener("pageerror", error)
    page.remove_listener("response", response)
    return messages


def test_public_pages_raise_no_csp_violation(page, site):
    urls = ["/en/", "/fr/events/hld-2013/", "/es/documents/a-68-292/", "/en/search/?q=migration"]

    found = {url: violations_on(page, f"{site}{url}") for url in urls}

    assert found == {url: [] for url in urls}


def test_admin_pages_raise_no_csp_violation_and_the_tools_work(editor_page, site):
    page = editor_page
    event = Event.objects.get(slug="hld-2013").pk
    urls = [
        "/admin/",
        "/admin/events/event/",
        f"/admin/events/event/{event}/change/",
        "/admin/documents/document/add/",
        "/admin/submissions/submission/",
        "/admin/translations/",
    ]

    found = {url: violations_on(page, f"{site}{url}") for url in urls}

    assert found == {url: [] for url in urls}
    # Under the policy the translation tabs and the rich-text editor still work.
    page.goto(f"{site}/admin/events/event/{event}/change/")
    page.get_by_role("tab", name="FR").first.click()
    expect(page.locator("#id_title_fr")).to_be_visible()
    expect(page.locator(".ProseMirror:visible").first).to_be_visible()


def test_admin_pages_name_the_sites_icon(page, site):
    # A page that names no icon makes the browser ask for /favicon.ico, which the site has not: an error in the
    # console of every editor's first admin page.
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{site}/admin/login/")
    page.wait_for_load_state("networkidle")

    assert errors == []
    assert page.locator("link[rel=icon][href$='.svg']").count() == 1

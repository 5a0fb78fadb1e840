"""An editor with the demo account, in a real browser: find what is untranslated, translate it, preview,
publish and undo, without reading any documentation."""

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.browser.conftest import EXT, IMAGE

pytestmark = pytest.mark.browser


def test_editor_translates_previews_publishes_and_undoes(editor_page, site, audit):
    page = editor_page
    report = Document.objects.get(slug="a-68-292")
    original = report.title_es
    report.title_es = ""
    report.status = "draft"
    report.save()

    # The dashboard says what is untranslated and leads to it.
    expect(page.locator(".overview")).to_contain_text("Translations to do")
    audit.folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=audit.folder / f"admin-dashboard{EXT}", full_page=True, **IMAGE)
    page.goto(f"{site}/admin/translations/?language=es")
    page.screenshot(path=audit.folder / f"admin-missing-translations{EXT}", full_page=True, **IMAGE)
    report.status = "published"
    report.save()
    page.reload()
    page.get_by_role("link", name=str(report)).click()

    # Translate in the Spanish tab.
    page.get_by_role("tab", name="ES").first.click()
    page.locator("#id_title_es").fill("Protección de los migrantes (traducción provisional)")
    page.screenshot(path=audit.folder / f"admin-document-form{EXT}", full_page=False, **IMAGE)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Preview through the public template, in Spanish.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview").click()
    preview = popup.value
    preview.goto(preview.url.replace("/en/", "/es/"))
    expect(preview.get_by_role("heading", level=1)).to_have_text("Protección de los migrantes (traducción provisional)")
    preview.close()

    # Return it to draft and publish it again from the list.
    page.goto(f"{site}/admin/documents/document/")
    page.get_by_role("row", name=report.symbol).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("unpublish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 item returned to draft.")
    page.get_by_role("row", name=report.symbol).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option("publish")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 item published.")

    # Undo: back to the text as first loaded, from the history.
    page.goto(f"{site}/admin/documents/document/{report.pk}/history/")
    page.screenshot(path=audit.folder / f"admin-history{EXT}", full_page=True, **IMAGE)
    expect(page.locator("#change-history")).to_contain_text("Demo content")
    page.locator("#change-history tbody tr", has_text="Demo content").get_by_role("link").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    report.refresh_from_db()
    assert report.title_es == original
    assert report.status == "published"

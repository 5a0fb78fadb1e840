"""The admin an editor works in all day passes axe-core as the public pages do: every box, list and editor has a
name a screen reader says (static/js/admin-names.js names those that widgets draw without one), and links in a
line of text are underlined.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from common.admin import TitleListFilter
from documents.models import Document
from events.models import Event
from records.models import SessionRecord, Statement
from submissions.models import Call, Submission
from tests.browser.conftest import PHONE
from tests.factories import CallFactory, SubmissionFactory

pytestmark = pytest.mark.browser


def test_the_editors_admin_pages_pass_axe(editor_page, site, audit):
    page = editor_page
    pages = {
        "admin-event-form": f"/admin/events/event/{Event.objects.get(slug='hld-2013').pk}/change/",
        "admin-event-new": "/admin/events/event/add/",
        "admin-document-form": f"/admin/documents/document/{Document.objects.get(slug='a-68-292').pk}/change/",
        "admin-call-form": f"/admin/submissions/call/{Call.objects.first().pk}/change/",
        "admin-call-new": "/admin/submissions/call/add/",
        "admin-submission": f"/admin/submissions/submission/{Submission.objects.first().pk}/change/",
        "admin-statement-form": f"/admin/records/statement/{Statement.objects.first().pk}/change/",
        "admin-record-form": f"/admin/records/sessionrecord/{SessionRecord.objects.first().pk}/change/",
        "admin-documents": "/admin/documents/document/",
        "admin-translation-status": "/admin/translations/status/",
    }

    for name, path in pages.items():
        page.goto(f"{site}{path}")
        audit.check(page, name)

    audit.assert_clean()


def test_every_list_of_the_admin_shows_all_its_columns_on_a_1280_px_screen(editor_page, site):
    # A column past a list's width hides behind a sideways scroll of the list's own, easy to miss: the moderation
    # queue's file checks did. Long words do not wrap: a submission with the longest the demo's categories hold.
    SubmissionFactory(
        call=Call.objects.first(),
        organisation="Intergovernmental Organization for Migration",
        category="igo",
        country="CH",
        title="Implementation of resolution 67/172: intergovernmental cooperation",
    )
    page = editor_page
    page.set_viewport_size({"width": 1280, "height": 900})
    hidden = {}

    for model in admin.site._registry:
        address = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        page.goto(f"{site}{address}")
        widths = page.evaluate(
            "() => { const list = document.querySelector('#changelist-form .results');"
            " return list && [list.scrollWidth, list.clientWidth]; }"
        )
        if widths and widths[0] > widths[1]:
            hidden[address] = widths

    assert hidden == {}


def test_the_names_are_what_the_editor_sees_beside_each_box(editor_page, site):
    page = editor_page
    page.goto(f"{site}/admin/submissions/call/{Call.objects.first().pk}/change/")

    assert page.get_by_role("textbox", name="Opens, Date").count() == 1
    assert page.get_by_role("textbox", name="Deadline, Time").count() == 1
    assert page.get_by_role("combobox", name="Language of the fields shown").count() == 1
    page.goto(f"{site}/admin/documents/document/{Document.objects.get(slug='a-68-292').pk}/change/")
    assert page.get_by_role("combobox", name="Language").count() >= 3  # a version's language, by its column
    assert page.locator(".ProseMirror[aria-label='Description [fr]']").count() == 1


def test_the_filter_by_call_finds_one_by_keyboard_and_its_open_box_passes_axe(editor_page, site, audit):
    # Past TitleListFilter.most_links calls the queue's filter by call is the admin's autocomplete box; select2 draws
    # its open list at the end of the page, away from the box and its label.
    calls = CallFactory.create_batch(TitleListFilter.most_links + 1, event=Event.objects.get(slug="hld-2013"))
    wanted = calls[-1]
    SubmissionFactory(call=wanted, organisation="Found by its call")
    page = editor_page
    page.goto(f"{site}/admin/submissions/submission/")

    page.get_by_role("combobox", name="Find by title").focus()
    page.keyboard.press("Enter")
    page.get_by_role("searchbox", name="Find by title").fill(wanted.title)
    expect(page.get_by_role("option", name=wanted.title)).to_be_visible()
    # The page's landmarks are left to the widget: its open list is appended to <body>, outside <main>.
    audit.check(page, "admin-filter-by-title-open", rules_off=("region",))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/admin/submissions/submission/?call__id__exact={wanted.pk}")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Found by its call")
    audit.assert_clean()


def test_the_translations_to_do_fit_a_phone_and_their_table_scrolls_by_keyboard(editor_page, site, audit):
    # An outdated title and a missing description: every column of the table holds something.
    report = Document.objects.get(slug="a-68-292")
    report.title_en = "International migration and development: report of the Secretary-General"
    report.description_fr = ""
    report.save()
    page = editor_page
    page.goto(f"{site}/admin/translations/")

    audit.visit(page, "admin-translations-to-do", phone=True)
    page.set_viewport_size(PHONE)
    table = page.get_by_role("region", name="Items to translate")
    page.get_by_role("link", name="Translation status of the whole site").focus()
    page.keyboard.press("Tab")

    expect(table).to_be_focused()
    page.keyboard.press("ArrowRight")
    # A browser may scroll smoothly: the box has moved once its scroll ends.
    page.wait_for_function("region => region.scrollLeft > 0", arg=table.element_handle(), timeout=5000)
    audit.assert_clean()


def test_the_translation_status_fits_a_phone(editor_page, site, audit):
    page = editor_page
    page.goto(f"{site}/admin/translations/status/")

    audit.visit(page, "admin-translation-status", phone=True)

    expect(page.get_by_role("region", name="Published items, per kind of content and per language.")).to_be_visible()
    audit.assert_clean()

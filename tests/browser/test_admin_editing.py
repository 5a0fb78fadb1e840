"""What the admin's widgets do for an editor at the keyboard and in the browser, beyond what the server renders:
django-modeltranslation's language tabs, the zone named beside date-times, the order of an event's sessions, and
where focus starts on a new object's form."""

import pytest
from playwright.sync_api import expect

from documents.models import Document
from events.models import Event

pytestmark = pytest.mark.browser


def test_the_language_tabs_pass_axe_and_switch_by_click_and_by_keyboard(editor_page, site, audit):
    event = Event.objects.get(slug="hld-2013")
    assert event.sessions.count() >= 2
    page = editor_page
    page.goto(f"{site}/admin/events/event/{event.pk}/change/")
    # modeltranslation builds the tabs of a row added now when its button is pressed.
    page.locator("#sessions-group .add-row a").click()
    new_row = page.locator("#sessions-group .inline-related.dynamic-sessions").last
    expect(new_row.get_by_role("tab", name="FR").first).to_be_visible()

    audit.check(page, "admin-event-form-tabs")
    page.goto(f"{site}/admin/documents/document/{Document.objects.get(slug='a-68-292').pk}/change/")
    audit.check(page, "admin-document-form-tabs")
    audit.assert_clean()

    page.goto(f"{site}/admin/events/event/{event.pk}/change/")
    title_tabs = page.get_by_role("tablist").first
    title_tabs.get_by_role("tab", name="FR").click()
    expect(page.locator("#id_title_fr")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()

    title_tabs.get_by_role("tab", name="FR").focus()
    page.keyboard.press("ArrowRight")
    expect(title_tabs.get_by_role("tab", name="ES")).to_be_focused()
    expect(page.locator("#id_title_es")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#id_title_es")).to_be_focused()

    # The new row's tabs work too.
    page.locator("#sessions-group .add-row a").click()
    new_row = page.locator("#sessions-group .inline-related.dynamic-sessions").last
    new_row.get_by_role("tab", name="ES").first.click()
    expect(new_row.locator("input[id$='-title_es']")).to_be_visible()
    expect(new_row.locator("input[id$='-title_en']")).to_be_hidden()


def test_the_zone_named_beside_the_times_follows_the_time_zone_chosen(editor_page, site):
    page = editor_page
    page.goto(f"{site}/admin/events/event/add/")
    page.locator("#sessions-group .add-row a").click()
    publish_from_help = page.locator(".help", has_text="Leave empty to publish at once").first
    expect(publish_from_help).to_contain_text("Time in America/New_York.")

    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.locator("#sessions-group .add-row a").click()

    expect(publish_from_help).to_contain_text("Time in Asia/Tokyo.")
    for row in ("sessions-0", "sessions-1"):
        expect(page.locator(f"#id_{row}-start_time_helptext")).to_contain_text("Time in Asia/Tokyo.")
        expect(page.locator(f"#id_{row}-end_time_helptext")).to_contain_text("Time in Asia/Tokyo.")


def test_a_session_moves_up_by_keyboard_and_the_public_page_follows(editor_page, site):
    event = Event.objects.get(slug="hld-2013")
    first, second = event.sessions.order_by("order", "pk")[:2]
    page = editor_page
    page.goto(f"{site}/admin/events/event/{event.pk}/change/")

    move_up = page.locator("#sessions-1").get_by_role("button", name="Move up")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#sessions-group").get_by_role("status")).to_have_text(f"Now 1 of {event.sessions.count()}.")
    expect(move_up).to_be_focused()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}{event.get_absolute_url()}")
    text = page.locator("main").inner_text()
    assert text.index(str(second.title)) < text.index(str(first.title))


def test_a_new_events_form_starts_at_its_title(editor_page, site):
    page = editor_page
    page.goto(f"{site}/admin/events/event/add/")
    page.wait_for_load_state("load")

    expect(page.locator("#id_title_en")).to_be_focused()

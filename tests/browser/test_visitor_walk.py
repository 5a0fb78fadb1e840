"""A visitor's walk through the demo site in a real browser, in each language, with axe-core on every page."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from events.demo import HLD_TITLE, ROUND_TABLE_THEMES

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Language:
    code: str
    dates: str
    round_table: str
    documents: str
    search_label: str
    search: str
    skip_link: str
    switcher: str
    switch_to: str
    switch_to_name: str


LANGUAGES = {
    "en": Language(
        "en", "3-4 October 2013", "Round Table 1", "Documents", "Search by symbol or title", "Search",
        "Skip to main content", "Language", "fr", "Français",
    ),
    "fr": Language(
        "fr", "3 et 4 octobre 2013", "Table ronde 1", "Documents", "Rechercher par cote ou par titre", "Rechercher",
        "Aller au contenu principal", "Langue", "es", "Español",
    ),
    "es": Language(
        "es", "3 y 4 de octubre de 2013", "Mesa redonda 1", "Documentos", "Buscar por signatura o título", "Buscar",
        "Ir al contenido principal", "Idioma", "en", "English",
    ),
}  # fmt: skip

languages = pytest.mark.parametrize("language", list(LANGUAGES.values()), ids=list(LANGUAGES))


@languages
def test_visitor_walk(page, site, audit, language):
    code = language.code

    # Home: the featured event leads to its page.
    page.goto(f"{site}/{code}/")
    expect(page.locator("html")).to_have_attribute("lang", code)
    audit.visit(page, f"{code}-home", phone=True)
    page.locator(".hero").get_by_role("link", name=HLD_TITLE[code], exact=True).click()

    # The event: its title and dates.
    expect(page).to_have_url(f"{site}/{code}/events/hld-2013/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(HLD_TITLE[code])
    expect(heading).to_contain_text(language.dates)
    audit.visit(page, f"{code}-event", phone=True)
    page.get_by_role("link", name=language.round_table, exact=True).click()

    # The round table: its theme.
    expect(page).to_have_url(f"{site}/{code}/events/hld-2013/round-table-1/")
    expect(page.get_by_role("heading", level=1)).to_have_text(language.round_table)
    expect(page.locator(".theme blockquote")).to_contain_text(ROUND_TABLE_THEMES[0][code])
    audit.visit(page, f"{code}-round-table")

    # The library, through the main navigation; a symbol typed in the search box leads to its document.
    page.locator(".site-nav").get_by_role("link", name=language.documents, exact=True).click()
    expect(page).to_have_url(f"{site}/{code}/documents/")
    audit.visit(page, f"{code}-library")
    page.get_by_label(language.search_label).fill("a/68/292")
    page.get_by_role("button", name=language.search, exact=True).click()

    expect(page).to_have_url(f"{site}/{code}/documents/a-68-292/")
    expect(page.locator(".symbol--large")).to_have_text("A/68/292")
    audit.visit(page, f"{code}-document")

    # The language switcher keeps the visitor on the same document.
    other = language.switch_to
    switcher = page.get_by_role("navigation", name=language.switcher, exact=True)
    switcher.get_by_role("link", name=language.switch_to_name, exact=True).click()
    expect(page).to_have_url(f"{site}/{other}/documents/a-68-292/")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.locator(".symbol--large")).to_have_text("A/68/292")
    audit.visit(page, f"{other}-document")

    audit.assert_clean()


@languages
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page, site, language):
    page.goto(f"{site}/{language.code}/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    expect(focused).to_have_text(language.skip_link)
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_language_switcher_keeps_the_page(page, site):
    page.goto(f"{site}/fr/events/hld-2013/")

    page.get_by_role("navigation", name="Langue", exact=True).get_by_role("link", name="Español", exact=True).click()

    expect(page).to_have_url(f"{site}/es/events/hld-2013/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_contain_text(HLD_TITLE["es"])

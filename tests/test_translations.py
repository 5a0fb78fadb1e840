"""The French and Spanish catalogues are complete, and every translation keeps the placeholders of its original."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
STRAIGHT_APOSTROPHE = re.compile(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]")


def entries(path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def test_there_are_french_and_spanish_catalogues():
    assert [path.parts[-3] for path in CATALOGUES] == ["es", "fr"]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_entry_is_translated_and_reviewed(path):
    problems = [
        f"{'fuzzy' if 'fuzzy' in entry.flags else 'untranslated'}: {entry.msgid!r}"
        for entry in entries(path)
        if "fuzzy" in entry.flags or not entry.translated()
    ]

    assert problems == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-3])
def test_translations_keep_their_placeholders(path):
    problems = []
    for entry in entries(path):
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in translations:
            # A singular form may name the count in words ("one file") instead of %(count)d.
            found = sorted(PLACEHOLDER.findall(text))
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                problems.append(f"{entry.msgid!r}: {found} != {expected}")

    assert problems == []


def test_french_writes_the_typographic_apostrophe():
    # French typography, the UN's French documents and the portal's content write U+2019 for the apostrophe.
    problems = [
        text
        for entry in entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
        for text in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr])
        if STRAIGHT_APOSTROPHE.search(text)
    ]

    assert problems == []


def test_the_check_fails_on_an_untranslated_entry(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr ""\n'
    )

    assert [entry.msgid for entry in entries(catalogue) if not entry.translated()] == ["Hello"]

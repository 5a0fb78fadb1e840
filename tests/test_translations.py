"""The French and Spanish catalogues are complete, and every translation keeps the placeholders of its original."""

import ast
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


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}
SOURCES = [
    path
    for path in sorted(LOCALE.parent.glob("**/*.py"))
    if not {".venv", "var", "tests", "node_modules"} & set(path.relative_to(LOCALE.parent).parts)
]


def test_no_translated_string_is_written_inside_an_f_string():
    # xgettext (makemessages) does not read calls inside an f-string's braces: such a string never reaches the
    # catalogues, so a French page showed "Example" in English while every check passed.
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [
                    f"{path.relative_to(LOCALE.parent)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call) and getattr(call.func, "id", None) in GETTEXT_NAMES
                ]

    assert found == []

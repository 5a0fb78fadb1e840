"""SQLite's search holds the words PostgreSQL's vectors hold: common.lexemes against to_tsvector, on PostgreSQL."""

import unicodedata

import pytest
from django.db import connection

from common.lexemes import TEXT_FUNCTIONS, lexemes, unaccent, uppercase
from common.search import PLAIN_CONFIG, SEARCH_CONFIGS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's own vectors"),
]

COLUMNS = {**SEARCH_CONFIGS, "plain": PLAIN_CONFIG}
WORD_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl"}

TEXTS = [
    "High-level Dialogue on International Migration and Development",
    "Dialogue de haut niveau sur les migrations internationales et le développement",
    "Diálogo de alto nivel sobre la migración internacional y el desarrollo; niños, protección, ¿qué?",
    "Les droits de l’homme des migrants en Côte d'Ivoire, œuvre, Ærø, Łódź, Straße, ĐẠI, ı, ŉ",
    "ÉTATS-UNIS, Égypte, São Tomé, Curaçao, Türkiye, Viet Nam, Россия, Ёлка, Ελλάδα, Άγιος, 移民と開発, مهاجر",
    '<p>Follows <a href="/en/documents/a-68-292/">the report</a> and A/RES/67/219: <em>3.5</em>&nbsp;per cent</p>',
    "x@un.org https://www.un.org/en/ga/68/meetings/migration/ A/68/PV.25 E/CN.9/2013/3 v1.2.3 1e5 -7 +3",
    "Ab12 12ab a1b2 2013abc año2013 l'année d’État, it's, don't, co-development, well_being, a:b:c, #HLD2013",
    "e\u0301te\u0301 (decomposed), ﬁrst, Ｆｕｌｌ, ①②, ½, x², Ⅻ, ٣٤٥, हिन्दी, ไทย, 한국어, ½3, R&D, AT&amp;T",
    "The the THE of and, what is it; qu'il y ait; lo que sea; « guillemets » — dash – dash … “quotes” ‘single’",
    "\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u0399\u0391, \u0130stanbul, a\u02bab",
    "Hawai\u02bbi, Qur\u02bcan, O\u02bbzbekiston",
    "Resolución, RESOLUCIONES, resolucion; organizaciónes ACCIÓN2 nacional ución acionx aciónЖ logía, logías",
    "contribucio\u0301n contribuciónñ declaraciónÀ población.poblaciones <i>migración</i>migraciones",
    "a < b > c, 5 < 6, <b>bold</b>, <script>alert(1)</script>, &lt;tag&gt;, &#39;quoted&#39;, &unknown stuff",
]


def characters(categories=None):
    """Every character past ASCII up to U+2FFFF that Unicode assigns (of ``categories`` if given)."""
    found = (chr(code) for code in range(0x80, 0x30000) if not 0xD800 <= code < 0xE000)
    if categories:
        return [character for character in found if unicodedata.category(character) in categories]
    return [character for character in found if unicodedata.category(character) not in ("Cn", "Co", "Cs")]


def postgresql_of(expression, texts):
    """{text: ``expression`` of it in PostgreSQL} (``c``: the text in the expression)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT c, {expression} FROM unnest(%s::text[]) AS c", [texts])
        return dict(cursor.fetchall())


def vector(column, text):
    function = TEXT_FUNCTIONS.get(column, "hld_search_text")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tsvector_to_array(to_tsvector(%s::regconfig, {function}(%s)))", [COLUMNS[column], text])
        return sorted(cursor.fetchone()[0])


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("column", COLUMNS)
def test_sqlite_holds_the_words_postgresql_holds(column, text):
    assert sorted(lexemes(text, column)) == vector(column, text)


def test_every_letter_is_unaccented_as_postgresql_does():
    # Letters, marks and digits: what a word is made of (other characters separate words before unaccent).
    letters = characters(WORD_CATEGORIES)

    assert {letter: unaccent(letter) for letter in letters} == postgresql_of("unaccent('unaccent', c)", letters)


def test_every_character_separates_or_joins_words_as_postgresql_parser_does():
    # Between two letters, a character is part of the word or apart from both, as PostgreSQL's parser reads it with
    # the C library's classes: they differ from Unicode's only for some signs of historic scripts and symbols
    # drawn as letters (common/lexemes.py).
    assigned = characters()
    theirs = postgresql_of(
        "array_length(tsvector_to_array(to_tsvector('hld_simple', hld_search_text('x' || c || 'y'))), 1)", assigned
    )
    differing = {character for character in assigned if len(lexemes(f"x{character}y", "plain")) != theirs[character]}

    assert {unicodedata.category(character) for character in differing} <= {"Mc", "So"}


def test_every_letter_is_in_capitals_as_postgresql_upper_makes_it():
    # What SQLite's part-of-a-name match compares (common.lexemes.folded_contains) against PostgreSQL's UPPER LIKE.
    assigned = characters()

    assert {character: uppercase(character) for character in assigned} == postgresql_of("upper(c)", assigned)

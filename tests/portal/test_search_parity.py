"""The same query finds the same things on PostgreSQL and on the embedded SQLite, whatever a person types.

Each case states the one answer both databases must give: CI runs this file on PostgreSQL (``make test``), and
``TEST_DB=sqlite`` runs it on SQLite. Operators other search engines know ("-", "OR", quotes, "*") are plain
punctuation here, as the search box's help says nothing of them: every word typed is required, in any order.
"""

import pytest
from django.db import connection

from documents.models import Document
from submissions.models import Submission
from tests.factories import CallFactory, DocumentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    DocumentFactory(
        slug="dialogue",
        symbol="A/68/L.5",
        title="High-level Dialogue on International Migration and Development",
        title_fr="Dialogue de haut niveau sur les migrations internationales et le développement",
        title_es="Diálogo de alto nivel sobre la migración internacional y el desarrollo",
    )
    DocumentFactory(
        slug="rights",
        symbol="A/RES/68/4",
        title="Human rights of migrants in Côte d'Ivoire",
        title_fr="Les droits de l’homme des migrants en Côte d’Ivoire",
        title_es="Reunión sobre la protección de los derechos humanos de los migrantes",
    )
    DocumentFactory(
        slug="remittances", symbol="A/68/45", title="Remittances, a high level view", title_fr="", title_es="Remesas"
    )
    DocumentFactory(slug="side", symbol="E/2013/1", title="The human side of migration in 2013, and rights")
    DocumentFactory(slug="first", symbol="E/2014/2", title="First report")
    DocumentFactory(slug="plenary", symbol="A/68/PV.25", title="Twenty-fifth plenary meeting")
    DocumentFactory(slug="report", symbol="A/68/292", title="Report of the Secretary-General")
    # Rich text: its markup is no word; a symbol and a number cited in it are words, as in a symbol's own field.
    DocumentFactory(
        slug="meeting",
        symbol="E/2012/7",
        title="Meeting in Geneva",
        description='<p>Follows <a href="/en/documents/a-68-292/">the report</a> and resolution A/RES/67/219: '
        "<em>3.5</em> per cent&nbsp;more.</p>",
    )
    # Letters whose lower case or unaccented form is not one letter: a word's last capital sigma, modifier letters
    # that unaccent makes ASCII punctuation of.
    DocumentFactory(slug="letters", symbol="E/2012/8", title="\u039f\u0394\u039f\u03a3 in Hawai\u02bbi")
    call = CallFactory()
    SubmissionFactory(call=call, organisation="Rights for Migrants", title="The migration paper", status="published")
    SubmissionFactory(call=call, organisation="Côte d'Ivoire", title="High-level view", status="published")
    SubmissionFactory(call=call, organisation="Asociación Ñandú", title="Łukasz", status="published")
    SubmissionFactory(call=call, organisation="\u1fa8\u03b4\u03b5\u1fd6\u03bf\u03bd", title="Odeon", status="published")


def found(query, language):
    documents = Document.objects.published().search(query, language).values_list("slug", flat=True)
    submissions = Submission.objects.published().search(query, language).values_list("organisation", flat=True)
    return sorted(documents), sorted(submissions)


@pytest.mark.parametrize(
    ("query", "language", "documents", "submissions"),
    [
        # A hyphen joins words that are also found apart, and in any order.
        ("high-level", "en", ["dialogue", "remittances"], ["Côte d'Ivoire"]),
        ("level high", "en", ["dialogue", "remittances"], ["Côte d'Ivoire"]),
        ("Côte d’Ivoire", "fr", ["rights"], ["Côte d'Ivoire"]),
        ("cote d'ivoire", "en", ["rights"], ["Côte d'Ivoire"]),
        # Accents, apostrophes straight or curly.
        ("developpement", "fr", ["dialogue"], []),
        ("reunion proteccion", "es", ["rights"], []),
        ("droits de l'homme", "fr", ["rights"], []),
        ("DROITS DE L’HOMME", "fr", ["rights"], []),
        # UN symbols whole, in lower case, or a part of them.
        ("A/68/L.5", "en", ["dialogue"], []),
        ("a/res/68/4", "es", ["rights"], []),
        ("68/4", "en", ["remittances", "rights"], []),
        ("2013", "en", ["side"], []),
        ("A/68/292", "en", ["report"], []),
        ("68/292", "fr", ["report"], []),
        # A symbol's parts typed as words: PostgreSQL's parser reads "A/RES/68/4" as one token, a file's path.
        ("res 68 4", "en", ["rights"], []),
        ("A RES 68 4", "fr", ["rights"], []),
        ("pv 25", "en", ["plenary"], []),
        ("A 68 PV 25", "es", ["plenary"], []),
        ("68 292", "en", ["report"], []),
        # A word finds the other words of its stem, in the search's language: PostgreSQL stems them, SQLite looks
        # for the start a word shares with its stem.
        ("migrating", "en", ["dialogue", "side"], []),
        ("developing", "en", ["dialogue"], []),
        ("migraciones", "es", ["dialogue"], []),
        ("derechos", "es", ["rights"], []),
        ("right", "en", ["rights", "side"], ["Rights for Migrants"]),
        # A word's start is no word ("migra", "devel"; "4" is not the "45" of A/68/45), but a part of a name is.
        ("migra", "en", [], ["Rights for Migrants"]),
        ("devel", "fr", [], []),
        ("68 4", "en", ["rights"], []),
        # A word of another stem in the language searched: "Genève" is not "Geneva" in English.
        ("geneve", "en", [], []),
        ("geneva", "en", ["meeting"], []),
        # A symbol and words of the title together: every word is required, in any of the row's fields.
        ("A/68/292 secretary", "en", ["report"], []),
        ("droits A/RES/68/4", "fr", ["rights"], []),
        ("rights migrants paper", "en", [], ["Rights for Migrants"]),
        # A capital's lower case is one letter, as PostgreSQL lowers it; a modifier letter stays in its word.
        ("\u039f\u0394\u039f\u03a3", "en", ["letters"], []),
        ("Hawai\u02bbi", "es", ["letters"], []),
        ("Hawai'i", "en", [], []),
        ("a\u02bab", "fr", [], []),
        ("\u02ba", "fr", [], []),
        # A part of a name in any case, whatever its letters.
        ("ñand", "es", [], ["Asociación Ñandú"]),
        ("ŁUK", "fr", [], ["Asociación Ñandú"]),
        ("\u1fa0\u03b4\u03b5", "en", [], ["\u1fa8\u03b4\u03b5\u1fd6\u03bf\u03bd"]),
        # Markup is no word; what it marks up is.
        ("href", "en", [], []),
        ("em", "en", [], []),
        ("nbsp", "en", [], []),
        ("<em>per cent</em>", "en", ["meeting"], []),
        # A symbol or a number cited in a text is found by its parts, as a symbol's own field is.
        ("67/219", "en", ["meeting"], []),
        ("A/RES/67/219", "fr", ["meeting"], []),
        ("3.5", "en", ["meeting"], []),
        ("3,5 per cent", "en", ["meeting"], []),
        # Operators typed by people are words and punctuation, nothing more.
        ('"human rights"', "en", ["rights", "side"], []),
        ("migration OR remittances", "en", [], []),
        ("migration -rights", "en", ["side"], ["Rights for Migrants"]),
        ("migration*", "en", ["dialogue", "side"], ["Rights for Migrants"]),
        ("(migration) & rights:", "en", ["side"], ["Rights for Migrants"]),
        # A stop word is never required, in a name either; stop words alone find only what holds them as typed.
        ("rights of migrants", "en", ["rights"], ["Rights for Migrants"]),
        ("the of and", "en", [], []),
        ("de la", "es", [], []),
        ("the", "en", [], ["Rights for Migrants"]),
        # A language's own stop words are not required in its text, as PostgreSQL's configuration drops them there.
        ("what is migration", "en", ["dialogue", "side"], []),
        ("sobre", "es", [], []),
        ("migrations est", "fr", ["dialogue", "side"], []),
        # Compatibility forms: full-width letters and digits, a ligature pasted from a PDF.
        (
            "\uff28\uff49\uff47\uff48 \uff4c\uff45\uff56\uff45\uff4c",
            "en",
            ["dialogue", "remittances"],
            ["Côte d'Ivoire"],
        ),
        ("\uff16\uff18/\uff14", "en", ["remittances", "rights"], []),
        ("\ufb01rst", "en", ["first"], []),
        # Nothing to look for, or too much.
        ("🙂 migration", "en", ["dialogue", "side"], ["Rights for Migrants"]),
        ("🙂", "en", [], []),
        ("migration " * 80, "en", ["dialogue", "side"], ["Rights for Migrants"]),
        ("x" * 300, "en", [], []),
        (" ".join(f"mot{number}" for number in range(40)), "fr", [], []),
        ("migration " + " ".join(f"w{number}" for number in range(1500)), "en", [], []),
        (" ".join(["human", "rights", *(["of"] * 40), "migrants", "côte"]), "en", ["rights"], []),
    ],
)
def test_a_query_finds_the_same_things_on_every_database(library, query, language, documents, submissions):
    assert found(query, language) == (documents, submissions), connection.vendor


def test_the_search_page_reads_a_minus_as_punctuation_not_as_a_not(client, library):
    html = client.get("/en/search/", {"q": "migration -rights"}).content.decode()

    assert "The human side of migration in 2013, and rights" in html
    assert "High-level Dialogue on International Migration and Development" not in html


def test_the_admin_document_search_answers_a_query_of_a_thousand_words(editor_client, library):
    # The admin's search box takes any length: a pasted text must give an answer, not an error page.
    response = editor_client.get("/admin/documents/document/", {"q": " ".join(f"w{n}" for n in range(1500))})

    assert response.status_code == 200
    assert "0 results" in response.content.decode()


def test_an_undated_document_has_one_place_in_lists_on_every_database(client, library):
    # Where PostgreSQL's index of the library holds it, first (common/ordering.py); SQLite would list it last.
    DocumentFactory(slug="undated", symbol="E/2012/9", title="Undated report on migration", date=None)

    newest = Document.objects.published().newest_first().values_list("slug", flat=True)
    library = client.get("/en/documents/").content.decode()
    searched = client.get("/en/documents/", {"q": "report"}).content.decode()

    assert newest[0] == "undated"
    assert library.index("Undated report on migration") < library.index("Meeting in Geneva")
    # Equal ranks: an undated match before the dated ones.
    assert searched.index("Undated report on migration") < searched.index("First report")

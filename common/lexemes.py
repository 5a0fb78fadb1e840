"""The words a search finds in a text, made the same way on PostgreSQL and on the embedded SQLite.

PostgreSQL indexes ``to_tsvector(<configuration>, hld_search_text(<text>))``: the text without its markup (tags and
entities, which rich text holds) and with its ASCII punctuation read as spaces (``MARKUP_AND_PUNCTUATION``, in SQL
``hld_search_text``), so that "A/RES/67/219" and "3.5" cited in a paragraph are words ("67", "219") as in a symbol's
own field; then its parser's words, each unaccented, lowercased, and in a language's configuration stemmed by Snowball
or dropped as a stop word. ``lexemes()`` makes the same words in Python: SQLite's FTS5 tables hold them (its triggers
call ``hld_search_words``, registered on each connection), and a query's words go through it too, so that SQLite finds
exactly what PostgreSQL finds, not the words a query's words start (tests/common/test_lexemes.py compares both on
PostgreSQL, character by character).

Known differences, each in characters no UN text holds: a few combining signs of historic scripts (viramas of
Tagalog, Javanese...) and circled Latin letters, which the C library PostgreSQL asks takes for other kinds of
characters than Unicode does.
"""

from functools import cache
from pathlib import Path

import regex
import snowballstemmer

# Markup and ASCII punctuation, read as spaces: a tag (not a lone "<"), an entity, or one of !"#$%&'()*+,-./:;<=>?@
# [\]^_`{|}~. The same pattern in SQL (SEARCH_TEXT_FUNCTION); the tag comes first so that it is taken whole on both
# (Python tries the alternatives in order, PostgreSQL takes the longest).
MARKUP_AND_PUNCTUATION = r"</?[A-Za-z][^<>]*>|&#?[A-Za-z0-9]+;|[!-/:-@\[-`{-~]"
_MARKUP_AND_PUNCTUATION = regex.compile(MARKUP_AND_PUNCTUATION)
# What PostgreSQL's parser reads as a word, with a UTF-8 locale: letters, marks and digits of every script.
_WORD = regex.compile(r"[\p{L}\p{M}\p{Nd}\p{Nl}]+")
_ASCII_DIGIT = regex.compile(r"[0-9]")
# Longer words PostgreSQL leaves out of a vector ("word is too long to be indexed").
LONGEST_WORD_BYTES = 2047

# Spanish singulars whose ending the Snowball stemmer knows only with its accent, where their plural has none
# (-ación, -ución): as the accent goes first (unaccent), "resolución" stayed "resolucion" where "resoluciones" became
# "resolu", and neither found the other. Such a singular is read as its plural, which the stemmer cuts the same way:
# "resolución", "resolucion" and "resoluciones" are all "resolu". In any case, at a word's end (no letter or digit
# of the Latin scripts, nor an accent, follows); the same pattern in SQL (SPANISH_TEXT_FUNCTION).
SPANISH_SINGULARS = "([AaUu][Cc][Ii\u00cd\u00ed][Oo\u00d3\u00f3][Nn])(?![0-9A-Za-z\u00c0-\u024f\u0300-\u036f])"
_SPANISH_SINGULARS = regex.compile(SPANISH_SINGULARS)

# The Snowball stemmers of PostgreSQL's configurations (common.search.SEARCH_CONFIGS), at the version PostgreSQL 15
# ships (snowballstemmer 2.2.0 gives the stems its english_stem, french_stem and spanish_stem give).
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
# PostgreSQL's own stop words, which its configurations drop from a language's text and query (its Snowball lists,
# tsearch_data/<language>.stop; only the entries without accents count, as unaccent comes first).
STOP_WORDS = {
    "en": frozenset(
        _WORD.findall(
            """
        a about above after again against all am an and any are as at be because been before being below between
        both but by can did do does doing don down during each few for from further had has have having he her here
        hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
        off on once only or other our ours ourselves out over own s same she should so some such t than that the
        their theirs them themselves then there these they this those through to too under until up very was we were
        what when where which while who whom why will with you your yours yourself yourselves
        """
        )
    ),
    "fr": frozenset(
        _WORD.findall(
            """
        ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aux
        avaient avais avait avec avez aviez avions avons ayant ayante ayantes ayants ayez ayons c ce ces d dans de
        des du elle en es est et eu eue eues eurent eus eusse eussent eusses eussiez eussions eut eux furent fus
        fusse fussent fusses fussiez fussions fut il j je l la le leur lui m ma mais me mes moi mon n ne nos notre
        nous on ont ou par pas pour qu que qui s sa se sera serai seraient serais serait seras serez seriez serions
        serons seront ses soient sois soit sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une vos
        votre vous y
        """
        )
    ),
    "es": frozenset(
        _WORD.findall(
            """
        a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas
        ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estabais estaban estabas estad
        estada estadas estado estados estamos estando estar estaremos estas este estemos esto estos estoy estuve
        estuviera estuvierais estuvieran estuvieras estuvieron estuviese estuvieseis estuviesen estuvieses estuvimos
        estuviste estuvisteis estuvo fue fuera fuerais fueran fueras fueron fuese fueseis fuesen fueses fui fuimos
        fuiste fuisteis ha habida habidas habido habidos habiendo habremos han has hasta hay haya hayamos hayan
        hayas he hemos hube hubiera hubierais hubieran hubieras hubieron hubiese hubieseis hubiesen hubieses hubimos
        hubiste hubisteis hubo la las le les lo los me mi mis mucho muchos muy nada ni no nos nosotras nosotros
        nuestra nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque que quien quienes se
        sea seamos sean seas sentid sentida sentidas sentido sentidos seremos siente sin sintiendo sobre sois somos
        son soy su sus suya suyas suyo suyos tanto te tendremos tened tenemos tenga tengamos tengan tengas tengo
        tenida tenidas tenido tenidos teniendo ti tiene tienen tienes todo todos tu tus tuve tuviera tuvierais
        tuvieran tuvieras tuvieron tuviese tuvieseis tuviesen tuvieses tuvimos tuviste tuvisteis tuvo tuya tuyas
        tuyo tuyos un una uno unos vosostras vosostros vuestra vuestras vuestro vuestros y ya yo
        """
        )
    ),
}


def _unaccent_rules():
    # PostgreSQL 15's contrib/unaccent/unaccent.rules (PostgreSQL Licence), its lines for the characters its parser
    # reads as parts of words: "À" is "A", "œ" is "oe", "ł" is "l", a combining accent nothing. A letter of
    # another script keeps its own form, as it does there ("й", Arabic, CJK).
    lines = Path(__file__).with_name("unaccent.rules").read_text(encoding="utf-8").splitlines()
    return str.maketrans(dict(line.split("\t") for line in lines))


_UNACCENT = _unaccent_rules()


def unaccent(word):
    """``word`` as PostgreSQL's ``unaccent`` dictionary makes it: "Égypte" -> "Egypte", "Łódź" -> "Lodz"."""
    return word.translate(_UNACCENT)


def lowercase(text):
    """``text`` in lower case letter by letter, as PostgreSQL lowers it: Python alone writes a word's last capital
    sigma as a final sigma (U+03C2), PostgreSQL as the sigma (U+03C3) it is elsewhere."""
    return text.replace("\N{GREEK CAPITAL LETTER SIGMA}", "\N{GREEK SMALL LETTER SIGMA}").lower()


def search_text(text):
    """``text`` as PostgreSQL's ``hld_search_text`` gives it to its parser: markup and ASCII punctuation are spaces."""
    return _MARKUP_AND_PUNCTUATION.sub(" ", text)


def parsed_words(text):
    """The words of ``text`` as PostgreSQL's parser reads them once its markup and punctuation are spaces."""
    return _WORD.findall(search_text(text))


def language_text(text, column):
    """``text`` (its markup and punctuation already spaces) as ``column``'s configuration is given it: in Spanish,
    a singular the stemmer knows only with its accent written as its plural (see SPANISH_SINGULARS)."""
    return _SPANISH_SINGULARS.sub(r"\g<1>es", text) if column == "es" else text


@cache
def _stemmer(column):
    return snowballstemmer.stemmer(STEMMERS[column]) if column in STEMMERS else None


def lexeme(word, column):
    """What ``word`` is in ``column``'s vector (a language's code, or "plain" for names and symbols), or None if
    that language's configuration drops it: the configuration's dictionaries for the parser's kind of word."""
    if len(word.encode()) > LONGEST_WORD_BYTES:
        return None
    if _ASCII_DIGIT.search(word):
        # Digits alone, or digits and letters ("a68", "2013abc"): the "simple" dictionary, lowercase only.
        return lowercase(word)
    # A word of letters: unaccented (ASCII ones have nothing to remove), then stemmed in a language unless a stop word.
    word = lowercase(unaccent(word))
    stemmer = _stemmer(column)
    if stemmer is None:
        return word
    if word in STOP_WORDS[column]:
        return None
    return stemmer.stemWord(word)


def lexemes(text, column):
    """The distinct words of ``text`` in ``column``'s vector (see ``lexeme``), in the order they first appear."""
    found = (lexeme(word, column) for word in _WORD.findall(language_text(search_text(text or ""), column)))
    return list(dict.fromkeys(word for word in found if word))


# A few lexemes hold ASCII punctuation, which SQLite's FTS5 "ascii" tokenizer splits at: unaccent makes "'" of the
# modifier letter in "Hawai\u02bbi" and '"' of U+02BA. In FTS5 each is stored and looked for as a private-use character,
# which no lexeme holds (PostgreSQL's parser reads those as separators): a lexeme stays one token, and a query's
# words hold no FTS5 syntax.
_FTS_CHARACTERS = str.maketrans({chr(code): chr(0xE000 + code) for code in range(33, 127) if not chr(code).isalnum()})


def fts_words(text, column):
    """``lexemes`` as SQLite's FTS5 tables hold them."""
    return [word.translate(_FTS_CHARACTERS) for word in lexemes(text, column)]


def search_words(column, text):
    """``fts_words`` as one string, words apart: what SQLite's FTS5 tables hold (``hld_search_words`` in SQL)."""
    return " ".join(fts_words(text, column))


def _upper(letter):
    # One letter for one, as PostgreSQL's UPPER: where Python's capital is two letters, its title case if that is
    # one (a Greek letter with iota subscript), else the letter itself (ß, whose capital is SS).
    capital = letter.upper()
    if len(capital) == 1:
        return capital
    title = letter.title()
    return title if len(title) == 1 else letter


def folded_contains(value, text):
    """Whether ``value`` holds ``text`` in any case, as PostgreSQL's ``UPPER(value) LIKE UPPER('%text%')`` finds a
    part of a name (``hld_contains`` in SQL): SQLite's LIKE folds the case of ASCII letters only ("ñand" in "Ñandú")."""
    if value is None or text is None:
        return False
    return uppercase(text) in uppercase(value)


def uppercase(text):
    """``text`` in capitals letter by letter, as PostgreSQL's UPPER makes it."""
    return "".join(map(_upper, text))


# PostgreSQL's side of search_text, for the generated vectors.
SEARCH_TEXT_FUNCTION = (
    "CREATE OR REPLACE FUNCTION hld_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
    f"RETURN regexp_replace($1, '{MARKUP_AND_PUNCTUATION}', ' ', 'g')"
)
# PostgreSQL's side of language_text for Spanish: what its vectors and queries are given (common.search._text_sql).
SPANISH_TEXT_FUNCTION = (
    "CREATE OR REPLACE FUNCTION hld_spanish_text(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
    f"RETURN regexp_replace(hld_search_text($1), '{SPANISH_SINGULARS}', '\\1es', 'g')"
)
# The function that gives a column's text to its configuration, by column (a language's code, or "plain").
TEXT_FUNCTIONS = {"es": "hld_spanish_text"}


def register_search_functions(sender, connection, **kwargs):
    """Give each new SQLite connection ``hld_search_words(column, text)``, which the search triggers call, and
    ``hld_contains(value, text)`` (a connection_created receiver)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("hld_search_words", 2, search_words, deterministic=True)
        connection.connection.create_function("hld_contains", 2, folded_contains, deterministic=True)

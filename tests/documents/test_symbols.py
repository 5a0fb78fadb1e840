import pytest
from django.core.exceptions import ValidationError

from documents.models import Document
from documents.symbols import looks_like_symbol, normalise_symbol, validate_symbol
from tests.factories import DocumentFactory


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("A/RES/63/225", "A/RES/63/225"),
        ("a/res/67/172", "A/RES/67/172"),
        (" A / 68 / 292 ", "A/68/292"),
        ("a/68/292/add.1", "A/68/292/Add.1"),
        ("A/68/292/CORR.1", "A/68/292/Corr.1"),
        ("A/C.3/68/L.21/rev.1", "A/C.3/68/L.21/Rev.1"),
        ("A/HRC/23/46", "A/HRC/23/46"),
        ("E/CN.6/2013/1", "E/CN.6/2013/1"),
        ("s/res/2118 ( 2013 )", "S/RES/2118 (2013)"),
    ],
)
def test_good_symbols_are_accepted_in_their_normal_form(typed, normal):
    assert normalise_symbol(typed) == normal
    validate_symbol(normal)


@pytest.mark.parametrize(
    "typed",
    [
        "68/292",
        "A",
        "A//292",
        "A/68/292/",
        "A/68/292/Add.x",
        "A/RES/63/225; DROP TABLE",
        "<script>",
        "A/68 292",
        "Á/68/292",
    ],
)
def test_bad_symbols_are_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as error:
        validate_symbol(normalise_symbol(typed))

    assert "is not a UN document symbol. Write it as in A/RES/63/225" in error.value.messages[0]


@pytest.mark.django_db
def test_document_symbol_is_normalised_and_unique_when_set():
    DocumentFactory(symbol="A/68/292")
    DocumentFactory(symbol="", slug="no-symbol-1")
    DocumentFactory(symbol="", slug="no-symbol-2")
    duplicate = Document(symbol="a/68/292 ", slug="copy", title="Copy")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert duplicate.symbol == "A/68/292"
    assert error.value.message_dict["__all__"] == ["Another document already has this symbol."]


@pytest.mark.parametrize(
    ("text", "expected"), [("a/68/292", True), ("A/RES/63/225", True), ("migration", False), ("", False)]
)
def test_search_text_is_recognised_as_a_symbol(text, expected):
    assert looks_like_symbol(text) is expected

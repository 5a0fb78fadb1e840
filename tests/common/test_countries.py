"""The UN's list of States, in each language, against the source it is transcribed from."""

import pytest
from django.utils import translation

from common.countries import MEMBER_STATES, OBSERVER_STATES, OTHER, Country, country_choices, states
from submissions.forms import SubmissionForm
from tests.factories import CallFactory

# Rows of the source (UNTERM short names as the UN-OCHA country sheet gives them, article and gender mark left out),
# checked by hand, one per kind of name: plain, with "(... of)", with an article inside, renamed since the sheet.
SOURCE_ROWS = {
    "AF": ("Afghanistan", "Afghanistan", "Afganistán"),
    "BO": ("Bolivia (Plurinational State of)", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    "CI": ("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    "KP": (
        "Democratic People's Republic of Korea",
        "République populaire démocratique de Corée",
        "República Popular Democrática de Corea",
    ),
    "MM": ("Myanmar", "Myanmar", "Myanmar"),
    "NR": ("Nauru", "Nauru", "Nauru"),
    "BS": ("Bahamas", "Bahamas", "Bahamas"),
    "TD": ("Chad", "Tchad", "Chad"),
    "TT": ("Trinidad and Tobago", "Trinité-et-Tobago", "Trinidad y Tabago"),
    "GB": (
        "United Kingdom of Great Britain and Northern Ireland",
        "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
    ),
    "TR": ("Türkiye", "Türkiye", "Türkiye"),
    "CZ": ("Czechia", "Tchéquie", "Chequia"),
    "VA": ("Holy See", "Saint-Siège", "Santa Sede"),
    "PS": ("State of Palestine", "État de Palestine", "Estado de Palestina"),
}


def test_the_list_holds_the_193_member_states_and_the_two_observer_states():
    assert len(MEMBER_STATES) == 193
    assert len({state.code for state in MEMBER_STATES}) == 193
    assert [(state.code, state.member) for state in OBSERVER_STATES] == [("VA", False), ("PS", False)]
    assert "TW" not in {state.code for state in MEMBER_STATES + OBSERVER_STATES}


@pytest.mark.parametrize(("code", "names"), SOURCE_ROWS.items())
def test_names_are_the_un_short_names_in_each_language(code, names):
    for language, name in zip(("en", "fr", "es"), names, strict=True):
        with translation.override(language):
            assert Country(code).name == name


@pytest.mark.parametrize(
    ("language", "in_order"),
    [
        ("en", ["Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia", "Democratic People's Republic of Korea"]),
        ("en", ["Qatar", "Republic of Korea", "Republic of Moldova", "Romania", "Russian Federation"]),
        ("fr", ["Afghanistan", "Afrique du Sud", "Albanie", "Algérie", "Allemagne", "Andorre"]),
        ("fr", ["Égypte", "El Salvador", "Émirats arabes unis", "Équateur", "Érythrée", "Espagne", "Estonie"]),
        ("fr", ["Guyana", "Haïti", "Honduras", "Hongrie", "Îles Marshall", "Îles Salomon", "Inde"]),
        ("es", ["Afganistán", "Albania", "Alemania", "Andorra", "Angola", "Antigua y Barbuda", "Arabia Saudita"]),
        ("es", ["Chad", "Chequia", "Chile", "China", "Chipre", "Colombia"]),
        ("es", ["Irlanda", "Islandia", "Islas Marshall", "Islas Salomón", "Israel", "Italia"]),
        (
            "es",
            ["Reino Unido de Gran Bretaña e Irlanda del Norte", "República Árabe Siria", "República Centroafricana"],
        ),
    ],
)
def test_states_are_sorted_as_the_un_sorts_them_in_each_language(language, in_order):
    names = [state.name(language) for state in states(language)]

    positions = [names.index(name) for name in in_order]

    assert positions == list(range(positions[0], positions[0] + len(in_order)))


@pytest.mark.parametrize(
    ("language", "first", "last", "other"),
    [
        ("en", "Afghanistan", "Zimbabwe", "Other / not a State"),
        ("fr", "Afghanistan", "Zimbabwe", "Autre / pas un État"),
        ("es", "Afganistán", "Zimbabwe", "Otro / no es un Estado"),
    ],
)
def test_choices_end_with_other_not_a_state(language, first, last, other):
    with translation.override(language):
        choices = country_choices()

    assert choices[0][1] == first
    assert choices[-2][1] == last
    assert choices[-1] == (OTHER, other)
    assert len(choices) == 196


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "before", "after"),
    [("fr", "Afrique du Sud", "Albanie"), ("es", "Arabia Saudita", "Argelia")],
)
def test_submission_form_lists_the_states_in_the_visitor_language(language, before, after):
    call = CallFactory()

    with translation.override(language):
        html = str(SubmissionForm(call=call)["country"])

    assert html.index(f">{before}</option>") < html.index(f">{after}</option>")
    assert "Birmanie" not in html
    assert "Taïwan" not in html


def test_a_code_outside_the_list_is_not_accepted():
    from django.core.exceptions import ValidationError

    from submissions.models import Submission

    field = Submission._meta.get_field("country")

    with pytest.raises(ValidationError):
        field.clean("XX", None)
    assert field.clean("CH", None) == "CH"
    assert field.clean(OTHER, None) == OTHER

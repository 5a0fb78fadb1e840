"""The States as the United Nations names them, in English, French and Spanish, and a model field for them.

Source: the UN terminology database UNTERM (https://unterm.un.org), "Short name" of each country, as published
in the UN-OCHA "Terminology as a Service" country sheet (https://github.com/UN-OCHA/taas-data,
``sheets/countries.csv``, columns "English Short", "French Short", "Spanish Short", rows marked "Appears in DGACM
list", i.e. the 193 Member States). The article and the gender mark that UNTERM adds in parentheses to the French
and Spanish names ("Afghanistan (l') [masc.]", "Afganistán (el)") are left out, as the UN's lists of Member States
leave them out. Where a State has changed its name in UNTERM since that sheet was taken, the current UNTERM name is
used and the line says so. The two non-member observer States (Holy See, State of Palestine) come from the same
sheet.

Sorting follows the UN's alphabetical lists in each language: by the name itself ("Democratic Republic of the
Congo" under D, "Îles Marshall" under I, "República de Corea" under R), letters compared without accents or case,
hyphens and apostrophes as spaces, and "ñ" after "n" in Spanish.

Besides the States, ``OTHER`` ("Other / not a State") lets an organization say that no State applies.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

OTHER = "ZZ"  # ISO 3166 keeps ZZ for user use: here "other / not a State".


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-2
    en: str
    fr: str
    es: str
    member: bool = True  # False for a non-member observer State

    def name(self, language):
        return getattr(self, language, self.en)


# fmt: off
MEMBER_STATES = [State(*row) for row in (
    ("AF", "Afghanistan", "Afghanistan", "Afganistán"),
    ("AL", "Albania", "Albanie", "Albania"),
    ("DZ", "Algeria", "Algérie", "Argelia"),
    ("AD", "Andorra", "Andorre", "Andorra"),
    ("AO", "Angola", "Angola", "Angola"),
    ("AG", "Antigua and Barbuda", "Antigua-et-Barbuda", "Antigua y Barbuda"),
    ("AR", "Argentina", "Argentine", "Argentina"),
    ("AM", "Armenia", "Arménie", "Armenia"),
    ("AU", "Australia", "Australie", "Australia"),
    ("AT", "Austria", "Autriche", "Austria"),
    ("AZ", "Azerbaijan", "Azerbaïdjan", "Azerbaiyán"),
    ("BS", "Bahamas", "Bahamas", "Bahamas"),
    ("BH", "Bahrain", "Bahreïn", "Bahrein"),
    ("BD", "Bangladesh", "Bangladesh", "Bangladesh"),
    ("BB", "Barbados", "Barbade", "Barbados"),
    ("BY", "Belarus", "Bélarus", "Belarús"),
    ("BE", "Belgium", "Belgique", "Bélgica"),
    ("BZ", "Belize", "Belize", "Belice"),
    ("BJ", "Benin", "Bénin", "Benin"),
    ("BT", "Bhutan", "Bhoutan", "Bhután"),
    ("BO", "Bolivia (Plurinational State of)", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    ("BA", "Bosnia and Herzegovina", "Bosnie-Herzégovine", "Bosnia y Herzegovina"),
    ("BW", "Botswana", "Botswana", "Botswana"),
    ("BR", "Brazil", "Brésil", "Brasil"),
    ("BN", "Brunei Darussalam", "Brunéi Darussalam", "Brunei Darussalam"),
    ("BG", "Bulgaria", "Bulgarie", "Bulgaria"),
    ("BF", "Burkina Faso", "Burkina Faso", "Burkina Faso"),
    ("BI", "Burundi", "Burundi", "Burundi"),
    ("CV", "Cabo Verde", "Cabo Verde", "Cabo Verde"),
    ("KH", "Cambodia", "Cambodge", "Camboya"),
    ("CM", "Cameroon", "Cameroun", "Camerún"),
    ("CA", "Canada", "Canada", "Canadá"),
    ("CF", "Central African Republic", "République centrafricaine", "República Centroafricana"),
    ("TD", "Chad", "Tchad", "Chad"),
    ("CL", "Chile", "Chili", "Chile"),
    ("CN", "China", "Chine", "China"),
    ("CO", "Colombia", "Colombie", "Colombia"),
    ("KM", "Comoros", "Comores", "Comoras"),
    ("CG", "Congo", "Congo", "Congo"),
    ("CR", "Costa Rica", "Costa Rica", "Costa Rica"),
    ("CI", "Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("HR", "Croatia", "Croatie", "Croacia"),
    ("CU", "Cuba", "Cuba", "Cuba"),
    ("CY", "Cyprus", "Chypre", "Chipre"),
    # The sheet has the former French and Spanish names ("République tchèque", "República Checa").
    ("CZ", "Czechia", "Tchéquie", "Chequia"),
    ("KP", "Democratic People's Republic of Korea", "République populaire démocratique de Corée",
     "República Popular Democrática de Corea"),
    ("CD", "Democratic Republic of the Congo", "République démocratique du Congo", "República Democrática del Congo"),
    ("DK", "Denmark", "Danemark", "Dinamarca"),
    ("DJ", "Djibouti", "Djibouti", "Djibouti"),
    ("DM", "Dominica", "Dominique", "Dominica"),
    ("DO", "Dominican Republic", "République dominicaine", "República Dominicana"),
    ("EC", "Ecuador", "Équateur", "Ecuador"),
    ("EG", "Egypt", "Égypte", "Egipto"),
    ("SV", "El Salvador", "El Salvador", "El Salvador"),
    ("GQ", "Equatorial Guinea", "Guinée équatoriale", "Guinea Ecuatorial"),
    ("ER", "Eritrea", "Érythrée", "Eritrea"),
    ("EE", "Estonia", "Estonie", "Estonia"),
    # The sheet has the former Spanish name ("Swazilandia").
    ("SZ", "Eswatini", "Eswatini", "Eswatini"),
    ("ET", "Ethiopia", "Éthiopie", "Etiopía"),
    ("FJ", "Fiji", "Fidji", "Fiji"),
    ("FI", "Finland", "Finlande", "Finlandia"),
    ("FR", "France", "France", "Francia"),
    ("GA", "Gabon", "Gabon", "Gabón"),
    ("GM", "Gambia", "Gambie", "Gambia"),
    ("GE", "Georgia", "Géorgie", "Georgia"),
    ("DE", "Germany", "Allemagne", "Alemania"),
    ("GH", "Ghana", "Ghana", "Ghana"),
    ("GR", "Greece", "Grèce", "Grecia"),
    ("GD", "Grenada", "Grenade", "Granada"),
    ("GT", "Guatemala", "Guatemala", "Guatemala"),
    ("GN", "Guinea", "Guinée", "Guinea"),
    ("GW", "Guinea-Bissau", "Guinée-Bissau", "Guinea-Bissau"),
    ("GY", "Guyana", "Guyana", "Guyana"),
    ("HT", "Haiti", "Haïti", "Haití"),
    ("HN", "Honduras", "Honduras", "Honduras"),
    ("HU", "Hungary", "Hongrie", "Hungría"),
    ("IS", "Iceland", "Islande", "Islandia"),
    ("IN", "India", "Inde", "India"),
    ("ID", "Indonesia", "Indonésie", "Indonesia"),
    ("IR", "Iran (Islamic Republic of)", "Iran (République islamique d')", "Irán (República Islámica del)"),
    ("IQ", "Iraq", "Iraq", "Iraq"),
    ("IE", "Ireland", "Irlande", "Irlanda"),
    ("IL", "Israel", "Israël", "Israel"),
    ("IT", "Italy", "Italie", "Italia"),
    ("JM", "Jamaica", "Jamaïque", "Jamaica"),
    ("JP", "Japan", "Japon", "Japón"),
    ("JO", "Jordan", "Jordanie", "Jordania"),
    ("KZ", "Kazakhstan", "Kazakhstan", "Kazajstán"),
    ("KE", "Kenya", "Kenya", "Kenya"),
    ("KI", "Kiribati", "Kiribati", "Kiribati"),
    ("KW", "Kuwait", "Koweït", "Kuwait"),
    ("KG", "Kyrgyzstan", "Kirghizistan", "Kirguistán"),
    ("LA", "Lao People's Democratic Republic", "République démocratique populaire lao",
     "República Democrática Popular Lao"),
    ("LV", "Latvia", "Lettonie", "Letonia"),
    ("LB", "Lebanon", "Liban", "Líbano"),
    ("LS", "Lesotho", "Lesotho", "Lesotho"),
    ("LR", "Liberia", "Libéria", "Liberia"),
    ("LY", "Libya", "Libye", "Libia"),
    ("LI", "Liechtenstein", "Liechtenstein", "Liechtenstein"),
    ("LT", "Lithuania", "Lituanie", "Lituania"),
    ("LU", "Luxembourg", "Luxembourg", "Luxemburgo"),
    ("MG", "Madagascar", "Madagascar", "Madagascar"),
    ("MW", "Malawi", "Malawi", "Malawi"),
    ("MY", "Malaysia", "Malaisie", "Malasia"),
    ("MV", "Maldives", "Maldives", "Maldivas"),
    ("ML", "Mali", "Mali", "Malí"),
    ("MT", "Malta", "Malte", "Malta"),
    ("MH", "Marshall Islands", "Îles Marshall", "Islas Marshall"),
    ("MR", "Mauritania", "Mauritanie", "Mauritania"),
    ("MU", "Mauritius", "Maurice", "Mauricio"),
    ("MX", "Mexico", "Mexique", "México"),
    ("FM", "Micronesia (Federated States of)", "Micronésie (États fédérés de)", "Micronesia (Estados Federados de)"),
    ("MC", "Monaco", "Monaco", "Mónaco"),
    ("MN", "Mongolia", "Mongolie", "Mongolia"),
    ("ME", "Montenegro", "Monténégro", "Montenegro"),
    ("MA", "Morocco", "Maroc", "Marruecos"),
    ("MZ", "Mozambique", "Mozambique", "Mozambique"),
    ("MM", "Myanmar", "Myanmar", "Myanmar"),
    ("NA", "Namibia", "Namibie", "Namibia"),
    ("NR", "Nauru", "Nauru", "Nauru"),
    ("NP", "Nepal", "Népal", "Nepal"),
    # The sheet has the former short name in the three languages ("Netherlands", "Pays-Bas", "Países Bajos").
    ("NL", "Netherlands (Kingdom of the)", "Pays-Bas (Royaume des)", "Países Bajos (Reino de los)"),
    ("NZ", "New Zealand", "Nouvelle-Zélande", "Nueva Zelandia"),
    ("NI", "Nicaragua", "Nicaragua", "Nicaragua"),
    ("NE", "Niger", "Niger", "Níger"),
    ("NG", "Nigeria", "Nigéria", "Nigeria"),
    # The sheet's English column has "Republic of North Macedonia"; UNTERM's short name is "North Macedonia".
    ("MK", "North Macedonia", "Macédoine du Nord", "Macedonia del Norte"),
    ("NO", "Norway", "Norvège", "Noruega"),
    ("OM", "Oman", "Oman", "Omán"),
    ("PK", "Pakistan", "Pakistan", "Pakistán"),
    ("PW", "Palau", "Palaos", "Palau"),
    ("PA", "Panama", "Panama", "Panamá"),
    ("PG", "Papua New Guinea", "Papouasie-Nouvelle-Guinée", "Papua Nueva Guinea"),
    ("PY", "Paraguay", "Paraguay", "Paraguay"),
    ("PE", "Peru", "Pérou", "Perú"),
    ("PH", "Philippines", "Philippines", "Filipinas"),
    ("PL", "Poland", "Pologne", "Polonia"),
    ("PT", "Portugal", "Portugal", "Portugal"),
    ("QA", "Qatar", "Qatar", "Qatar"),
    ("KR", "Republic of Korea", "République de Corée", "República de Corea"),
    ("MD", "Republic of Moldova", "République de Moldova", "República de Moldova"),
    ("RO", "Romania", "Roumanie", "Rumania"),
    ("RU", "Russian Federation", "Fédération de Russie", "Federación de Rusia"),
    ("RW", "Rwanda", "Rwanda", "Rwanda"),
    ("KN", "Saint Kitts and Nevis", "Saint-Kitts-et-Nevis", "Saint Kitts y Nevis"),
    ("LC", "Saint Lucia", "Sainte-Lucie", "Santa Lucía"),
    ("VC", "Saint Vincent and the Grenadines", "Saint-Vincent-et-les Grenadines", "San Vicente y las Granadinas"),
    ("WS", "Samoa", "Samoa", "Samoa"),
    ("SM", "San Marino", "Saint-Marin", "San Marino"),
    ("ST", "Sao Tome and Principe", "Sao Tomé-et-Principe", "Santo Tomé y Príncipe"),
    ("SA", "Saudi Arabia", "Arabie saoudite", "Arabia Saudita"),
    ("SN", "Senegal", "Sénégal", "Senegal"),
    ("RS", "Serbia", "Serbie", "Serbia"),
    ("SC", "Seychelles", "Seychelles", "Seychelles"),
    ("SL", "Sierra Leone", "Sierra Leone", "Sierra Leona"),
    ("SG", "Singapore", "Singapour", "Singapur"),
    ("SK", "Slovakia", "Slovaquie", "Eslovaquia"),
    ("SI", "Slovenia", "Slovénie", "Eslovenia"),
    ("SB", "Solomon Islands", "Îles Salomon", "Islas Salomón"),
    ("SO", "Somalia", "Somalie", "Somalia"),
    ("ZA", "South Africa", "Afrique du Sud", "Sudáfrica"),
    ("SS", "South Sudan", "Soudan du Sud", "Sudán del Sur"),
    ("ES", "Spain", "Espagne", "España"),
    ("LK", "Sri Lanka", "Sri Lanka", "Sri Lanka"),
    ("SD", "Sudan", "Soudan", "Sudán"),
    ("SR", "Suriname", "Suriname", "Suriname"),
    ("SE", "Sweden", "Suède", "Suecia"),
    ("CH", "Switzerland", "Suisse", "Suiza"),
    ("SY", "Syrian Arab Republic", "République arabe syrienne", "República Árabe Siria"),
    ("TJ", "Tajikistan", "Tadjikistan", "Tayikistán"),
    ("TH", "Thailand", "Thaïlande", "Tailandia"),
    ("TL", "Timor-Leste", "Timor-Leste", "Timor-Leste"),
    ("TG", "Togo", "Togo", "Togo"),
    ("TO", "Tonga", "Tonga", "Tonga"),
    ("TT", "Trinidad and Tobago", "Trinité-et-Tobago", "Trinidad y Tabago"),
    ("TN", "Tunisia", "Tunisie", "Túnez"),
    # The sheet has the former name in the three languages ("Turkey", "Turquie", "Turquía").
    ("TR", "Türkiye", "Türkiye", "Türkiye"),
    ("TM", "Turkmenistan", "Turkménistan", "Turkmenistán"),
    ("TV", "Tuvalu", "Tuvalu", "Tuvalu"),
    ("UG", "Uganda", "Ouganda", "Uganda"),
    ("UA", "Ukraine", "Ukraine", "Ucrania"),
    ("AE", "United Arab Emirates", "Émirats arabes unis", "Emiratos Árabes Unidos"),
    ("GB", "United Kingdom of Great Britain and Northern Ireland",
     "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "Reino Unido de Gran Bretaña e Irlanda del Norte"),
    ("TZ", "United Republic of Tanzania", "République-Unie de Tanzanie", "República Unida de Tanzanía"),
    ("US", "United States of America", "États-Unis d'Amérique", "Estados Unidos de América"),
    ("UY", "Uruguay", "Uruguay", "Uruguay"),
    ("UZ", "Uzbekistan", "Ouzbékistan", "Uzbekistán"),
    ("VU", "Vanuatu", "Vanuatu", "Vanuatu"),
    ("VE", "Venezuela (Bolivarian Republic of)", "Venezuela (République bolivarienne du)",
     "Venezuela (República Bolivariana de)"),
    ("VN", "Viet Nam", "Viet Nam", "Viet Nam"),
    ("YE", "Yemen", "Yémen", "Yemen"),
    ("ZM", "Zambia", "Zambie", "Zambia"),
    ("ZW", "Zimbabwe", "Zimbabwe", "Zimbabwe"),
)]
OBSERVER_STATES = [
    State("VA", "Holy See", "Saint-Siège", "Santa Sede", member=False),
    State("PS", "State of Palestine", "État de Palestine", "Estado de Palestina", member=False),
]
# fmt: on
STATES = {state.code: state for state in MEMBER_STATES + OBSERVER_STATES}
OTHER_LABEL = _("Other / not a State")


def sort_key(name, language):
    """How the UN's alphabetical lists order a name in ``language``."""
    text = name.casefold()
    if language == "es":
        text = text.replace("ñ", "n\uffff")  # ñ is a letter of its own, after n
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for mark in "-'’(),":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def states(language=None):
    """The Member States and observer States, sorted as the UN sorts them in ``language`` (the active one)."""
    return list(_sorted_states(language or get_language() or "en"))


# Sorted once per language: the submission form asks for its choices on every request, and the sort keys of 195
# names cost more than the rest of building the form.
@cache
def _sorted_states(language):
    return tuple(sorted(STATES.values(), key=lambda state: sort_key(state.name(language), language)))


def country_choices():
    """Choices for a form, in the active language: every State, then "Other / not a State"."""
    language = get_language() or "en"
    return [(state.code, state.name(language)) for state in _sorted_states(language)] + [(OTHER, str(OTHER_LABEL))]


def country_name(code, language=None):
    if not code:
        return ""
    if code == OTHER:
        return str(OTHER_LABEL)
    state = STATES.get(code)
    return state.name(language or get_language() or "en") if state else code


class Country(str):
    """A stored country code that also knows its name in the active language: ``{{ submission.country.name }}``."""

    @property
    def code(self):
        return str(self)

    @property
    def name(self):
        return country_name(str(self))

    @property
    def is_state(self):
        return str(self) in STATES


class CountryAttribute(DeferredAttribute):
    """Reads the stored code as a ``Country``; a data descriptor, so the instance's dict cannot hide it."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or value is None or isinstance(value, Country):
            return value
        return Country(value)


class CountryField(models.CharField):
    """A State of the UN's list, or "other / not a State", stored as its two-letter code."""

    descriptor_class = CountryAttribute

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2)
        kwargs["choices"] = country_choices
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        if kwargs.get("max_length") == 2:
            del kwargs["max_length"]
        return name, "common.countries.CountryField", args, kwargs

    def formfield(self, **kwargs):
        # A callable, so that the names and their order follow the language of each request.
        return super().formfield(**{"choices": _blank_and_choices if self.blank else country_choices, **kwargs})


def _blank_and_choices():
    return [("", "---------"), *country_choices()]

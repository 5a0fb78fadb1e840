"""The seed pages, as loaded by load_demo, on the public site in three languages, and nothing invented beside them."""

import datetime
import html as html_module
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from documents.models import Document

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent / "seeds"

DEMO_MODELS = (
    "events.Event",
    "events.Session",
    "documents.Document",
    "documents.Version",
    "documents.EventDocument",
    "submissions.Call",
    "submissions.Submission",
    "submissions.SubmissionFile",
    "submissions.Decision",
    "records.Delegation",
    "records.Statement",
    "records.StatementFile",
    "records.SessionRecord",
)

SEED_FACTS = {
    "en": [
        "High-Level Dialogue on International Migration and Development",
        "3-4 October 2013",
        "identifying concrete measures to strengthen coherence and cooperation at all levels",
        "68th session of the General Assembly",
        "A/RES/63/225",
        "A/RES/67/219",
        "A/RES/67/172",
        "paragraphs 10(a) and 15",
        "A/68/292",
        "Plenary meeting 4",
        "Round Table 4",
        "International and regional labour mobility and its impact on development",
        "Migration and Human Rights: improving human rights-based governance of international migration",
        "Expert meeting on human rights, migration and governance",
        "High-Level Meeting on Migration and Human Rights",
        "September 2006",
    ],
    "fr": [
        "Dialogue de haut niveau sur les migrations internationales et le développement",
        "3 et 4 octobre 2013",
        "définition de mesures concrètes permettant de renforcer la cohérence et la coopération",
        "68e session de l’Assemblée générale",
        "A/RES/67/172",
        "paragraphes 10 a) et 15",
        "Table ronde 4",
        "Mobilité internationale et régionale de la main-d’",
        "Réunion d’experts sur les droits de l’homme, les migrations et la gouvernance",
        "Réunion de haut niveau sur les migrations et les droits de l’homme",
        "septembre 2006",
    ],
    "es": [
        "Diálogo de alto nivel sobre la migración internacional y el desarrollo",
        "3 y 4 de octubre de 2013",
        "determinar medidas concretas para fortalecer la coherencia y la cooperación",
        "68º período de sesiones de la Asamblea General",
        "A/RES/67/172",
        "párrafos 10 a) y 15",
        "Mesa redonda 4",
        "La movilidad laboral internacional y regional",
        "Reunión de expertos sobre derechos humanos, migración y gobernanza",
        "Reunión de alto nivel sobre la migración y los derechos humanos",
        "septiembre de 2006",
    ],
}

# The pages a reader of the seeds goes through: the Dialogue, the two meetings around it, the first Dialogue, the
# report and the Secretary-General's report.
SEED_PAGES = (
    "events/hld-2013/",
    "events/high-level-meeting-geneva-2013/",
    "events/expert-meeting-2013/",
    "events/hld-2006/",
    "documents/migration-human-rights-governance-2013/",
    "documents/a-68-292/",
)

# Where the site corrects a slip of the seed page, as normalised text: seed -> site.
SEED_CORRECTIONS = {"sixtyeightsession": "sixtyeighthsession"}

# Every sentence, heading and list item of the seeds (by the start of its normalised English text), and words that
# render it in French and in Spanish on the site. A unit of the seeds missing here fails the walk.
TRANSLATIONS = {
    "highleveldialogueoninternationalmigratio": (
        "Dialogue de haut niveau sur les migrations internationales et le développement, 3 et 4 octobre 2013",
        "Diálogo de alto nivel sobre la migración internacional y el desarrollo, 3 y 4 de octubre de 2013",
    ),
    "southsudanesereturneesarriveinjubabythou": (
        "Des milliers de rapatriés sud-soudanais arrivent à Djouba",
        "Miles de retornados sursudaneses llegan a Yuba",
    ),
    "theunitednationsgeneralassemblywillholda": (
        "L’Assemblée générale des Nations Unies tiendra un deuxième Dialogue de haut niveau sur les migrations "
        "internationales et le développement à sa soixante-huitième session, à New York, les 3 et 4 octobre 2013",
        "La Asamblea General de las Naciones Unidas celebrará un segundo Diálogo de alto nivel sobre la migración "
        "internacional y el desarrollo en su sexagésimo octavo período de sesiones, en Nueva York, los días 3 y 4 de "
        "octubre de 2013",
    ),
    "thethemeofthehighleveldialoguehldwillbei": (
        "Le thème du Dialogue de haut niveau sera « définition de mesures concrètes",
        "El tema del Diálogo de alto nivel será “determinar medidas concretas",
    ),
    "thehldwillconsistoffourplenarysessionsan": (
        "Le Dialogue de haut niveau comprendra quatre séances plénières et quatre tables rondes interactives",
        "El Diálogo de alto nivel constará de cuatro sesiones plenarias y cuatro mesas redondas interactivas",
    ),
    "roundtable1willfocusoneffectsofinternati": (
        "La table ronde 1 portera sur le thème « Effets des migrations internationales sur le développement durable",
        "La mesa redonda 1 se centrará en el tema “Efectos de la migración internacional en el desarrollo sostenible",
    ),
    "roundtable2willfocusonmeasurestoensurere": (
        "La table ronde 2 portera sur le thème « Mesures visant à garantir le respect et la protection des droits",
        "La mesa redonda 2 se centrará en el tema “Medidas para asegurar el respeto y la protección de los derechos",
    ),
    "roundtable3willfocusonstrengtheningpartn": (
        "La table ronde 3 portera sur le thème « Renforcement des partenariats et de la coopération",
        "La mesa redonda 3 se centrará en el tema “Fortalecimiento de las alianzas y la cooperación",
    ),
    "roundtable4willfocusoninternationalandre": (
        "La table ronde 4 portera sur le thème « Mobilité internationale et régionale de la main-d’œuvre",
        "La mesa redonda 4 se centrará en el tema “La movilidad laboral internacional y regional",
    ),
    "thereiswidespreadconsensusthathumanright": (
        "Il existe un large consensus sur le fait que les droits de l’homme doivent occuper une place centrale",
        "Existe un amplio consenso en que los derechos humanos deben desempeñar un papel central",
    ),
    "accordinglyinresolution67172thegahasrequ": (
        "en particulier le Haut-Commissaire des Nations Unies aux droits de l’homme, le Rapporteur spécial sur les "
        "droits de l’homme des migrants et le Groupe mondial sur la migration",
        "en particular al Alto Comisionado de las Naciones Unidas para los Derechos Humanos, al Relator Especial "
        "sobre los derechos humanos de los migrantes y al Grupo Mundial sobre Migración",
    ),
    "inresolution63225thegaemphasizedthatresp": (
        "l’Assemblée générale a souligné que le respect des droits de l’homme et des libertés fondamentales de tous "
        "les migrants est essentiel",
        "la Asamblea General destacó que el respeto de los derechos humanos y las libertades fundamentales de todos "
        "los migrantes es esencial",
    ),
    "reportonmigrationandhumanrightsimproving": (
        "Rapport « Migration et droits de l’homme : Améliorer la gouvernance de la migration internationale fondée "
        "sur les droits de l’homme »",
        "Informe sobre migración y derechos humanos: mejoramiento de la gobernanza basada en los derechos humanos",
    ),
    "thesecretarygeneralhastaskedohchrinconsu": (
        "Le Secrétaire général a chargé le HCDH de diriger, en consultation avec le Groupe mondial sur la migration",
        "El Secretario General ha encomendado al ACNUDH que, en consulta con el Grupo Mundial sobre Migración",
    ),
    "on2021june2013ohchrheldanexpertmeetingon": (
        "Les 20 et 21 juin 2013, le HCDH a tenu une réunion d’experts sur les droits de l’homme, les migrations et "
        "la gouvernance",
        "Los días 20 y 21 de junio de 2013, el ACNUDH celebró una reunión de expertos sobre derechos humanos, "
        "migración y gobernanza",
    ),
    "morethanfiftyparticipantsengagedinthisdi": (
        "Plus de cinquante participants ont pris part à ces échanges",
        "Más de cincuenta participantes tomaron parte en este debate",
    ),
    "readthereportmigrationandhumanrightsimpr": (
        "Lire le rapport Migration et droits de l’homme : Améliorer la gouvernance",
        "Lea el informe Migración y derechos humanos: mejoramiento de la gobernanza",
    ),
    "otherdocuments": ("Autres documents", "Otros documentos"),
    "highlevelmeetingonmigrationandhumanright": (
        "Réunion de haut niveau sur les migrations et les droits de l’homme, 4 septembre 2013, Genève",
        "Reunión de alto nivel sobre la migración y los derechos humanos, 4 de septiembre de 2013, Ginebra",
    ),
    "ohchrisorganisingahighprofilemeetinginad": (
        "Le HCDH organise une réunion de haut niveau en amont du Dialogue de haut niveau afin de sensibiliser",
        "El ACNUDH organiza una reunión de alto nivel previa al Diálogo de alto nivel con el fin de sensibilizar",
    ),
    "tuneinon4septemberandfollowthelivestream": (
        "Rendez-vous le 4 septembre pour suivre la retransmission en direct de cette réunion et les tweets",
        "Conéctese el 4 de septiembre y siga la transmisión en directo de esta reunión y los tuits",
    ),
    "meetingvideosummary": ("un résumé vidéo de la réunion", "un resumen en vídeo de la reunión"),
    "reportofthesecretarygeneraltothegenerala": (
        "Rapport du Secrétaire général à l’Assemblée générale sur la protection des migrants",
        "Informe del Secretario General a la Asamblea General sobre la protección de los migrantes",
    ),
    "inresolution67172ontheprotectionofmigran": (
        "Dans sa résolution 67/172 sur la protection des migrants, l’Assemblée générale a prié le Secrétaire général",
        "En su resolución 67/172, relativa a la protección de los migrantes, la Asamblea General solicitó al "
        "Secretario General",
    ),
    "writtensubmissionswerereceivedfromstates": (
        "Des contributions écrites ont été reçues d’États, d’organisations intergouvernementales et de la société "
        "civile en réponse à une note verbale datée du 6 mai 2013",
        "Se recibieron contribuciones escritas de Estados, organizaciones intergubernamentales y la sociedad civil "
        "en respuesta a una nota verbal de fecha 6 de mayo de 2013",
    ),
    "intergovernmentalorganizations": ("Organisations intergouvernementales", "Organizaciones intergubernamentales"),
    "civilsociety": ("Société civile", "Sociedad civil"),
    "reportofthesecretarygeneralontheprotecti": (
        "rapport du Secrétaire général sur la protection des migrants (A/68/292)",
        "informe del Secretario General sobre la protección de los migrantes (A/68/292)",
    ),
    "skiptomaincontent": ("Aller au contenu principal", "Ir al contenido principal"),
    "in2013theunitednationsgeneralassemblyhel": (
        "En 2013, l’Assemblée générale des Nations Unies a tenu son deuxième Dialogue de haut niveau",
        "En 2013, la Asamblea General de las Naciones Unidas celebró su segundo Diálogo de alto nivel",
    ),
    "thehighleveldialoguewasanimportantmilest": (
        "Le Dialogue de haut niveau a marqué une étape importante",
        "El Diálogo de alto nivel constituyó un hito importante",
    ),
    "therewaswidespreadconsensusthathumanrigh": (
        "Un large consensus s’était dégagé pour que les droits de l’homme occupent une place centrale",
        "Existía un amplio consenso en que los derechos humanos debían desempeñar un papel central",
    ),
    "initsresolutiondecidingtoholdthe2013hldr": (
        "Dans la résolution par laquelle elle a décidé de tenir ce Dialogue",
        "En la resolución por la que decidió celebrar dicho Diálogo",
    ),
    "accordinglyinresolution67172theungeneral": (
        "en particulier le HCDH et le Rapporteur spécial des Nations Unies sur les droits de l’homme des migrants",
        "en particular al ACNUDH y al Relator Especial de las Naciones Unidas sobre los derechos humanos de los "
        "migrantes",
    ),
    "thesecretarygeneraltaskedohchrtoleadthep": (
        "Le Secrétaire général a chargé le HCDH de diriger l’élaboration d’un rapport examinant expressément",
        "El Secretario General encomendó al ACNUDH que dirigiera la preparación de un informe",
    ),
    "theresolutionalsorequestedtheunsecretary": (
        "Dans cette même résolution, l’Assemblée générale a également prié le Secrétaire général",
        "En la resolución también se solicitó al Secretario General de las Naciones Unidas",
    ),
    "thesubsequentreportofthesecretarygeneral": (
        "Le rapport du Secrétaire général sur la protection des migrants qui a suivi",
        "En el informe del Secretario General sobre la protección de los migrantes presentado a continuación",
    ),
    "the2013hldconsistedoffourplenarysessions": (
        "Le Dialogue de haut niveau de 2013 a comporté quatre séances plénières",
        "El Diálogo de alto nivel de 2013 constó de cuatro sesiones plenarias",
    ),
    "roundtable1focusedoneffectsofinternation": (
        "La table ronde 1 a porté sur le thème « Effets des migrations internationales",
        "La mesa redonda 1 se centró en el tema “Efectos de la migración internacional",
    ),
    "roundtable2focusedonmeasurestoensureresp": (
        "La table ronde 2 a porté sur le thème « Mesures visant à garantir",
        "La mesa redonda 2 se centró en el tema “Medidas para asegurar",
    ),
    "roundtable3focusedonstrengtheningpartner": (
        "La table ronde 3 a porté sur le thème « Renforcement des partenariats",
        "La mesa redonda 3 se centró en el tema “Fortalecimiento de las alianzas",
    ),
    "roundtable4focusedoninternationalandregi": (
        "La table ronde 4 a porté sur le thème « Mobilité internationale et régionale",
        "La mesa redonda 4 se centró en el tema “La movilidad laboral internacional y regional",
    ),
}


def normalise(text):
    """Letters and digits only, in lower case: spacing, punctuation and quotation marks differ by page, not words."""
    return re.sub(r"\W+", "", text.casefold())


def seed_units():
    """Every sentence, heading and list item of the two seeds, in their order.

    The captures are plain text: a line is a paragraph, a heading or a list item; a paragraph is cut into sentences.
    The capture glued the photo caption to the first sentence ("thousandsThe"), so a lower-case letter followed by
    a capitalised word starts a new unit. Lists of language links ("[E | F | S ]") are checked on their own.
    """
    units = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text().splitlines():
            line = re.sub(r"\[[^\]]*\]", "", line).strip().lstrip("•").strip()
            for part in re.split(r"(?<=[a-z])(?=[A-Z][a-z])", line):
                units.extend(unit for unit in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", part.strip()) if unit)
    return units


def site_text(client, language):
    """The normalised text of the pages a reader of the seeds goes through, in one language."""
    texts = []
    for path in SEED_PAGES:
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
        texts.append(normalise(html_module.unescape(re.sub(r"<[^>]+>", " ", page))))
    return "|".join(texts)


def snapshot():
    return {label: list(apps.get_model(label).objects.order_by("pk").values()) for label in DEMO_MODELS}


def test_load_demo_twice_changes_nothing(demo, media_root):
    first = snapshot()
    files = sorted(media_root.rglob("*"))

    call_command("load_demo", stdout=io.StringIO())

    assert snapshot() == first
    assert sorted(media_root.rglob("*")) == files
    assert {label: len(rows) for label, rows in first.items()} == {
        "events.Event": 4,
        "events.Session": 8,
        "documents.Document": 8,  # with the press releases GA/11434 and GA/11436 (records/demo.py)
        "documents.Version": 30,
        "documents.EventDocument": 9,
        "submissions.Call": 1,
        "submissions.Submission": 2,
        "submissions.SubmissionFile": 2,
        "submissions.Decision": 4,
        "records.Delegation": 2,
        "records.Statement": 3,
        "records.StatementFile": 1,
        "records.SessionRecord": 2,
    }


def test_load_demo_again_keeps_what_editors_changed_unless_asked_to_undo_it(client, demo):
    document = Document.objects.get(symbol="A/68/292")
    document.status = "draft"
    document.save()

    call_command("load_demo", stdout=io.StringIO())  # what make run and make serve do at each start

    assert client.get("/en/documents/a-68-292/").status_code == 404
    call_command("load_demo", "--again", stdout=io.StringIO())
    assert client.get("/en/documents/a-68-292/").status_code == 200


def test_every_sentence_heading_and_list_item_of_the_seeds_is_on_the_site_in_english(client, demo):
    text = site_text(client, "en")
    units = seed_units()

    missing = []
    for unit in units:
        wanted = normalise(unit)
        for seed, site in SEED_CORRECTIONS.items():
            wanted = wanted.replace(seed, site)
        if wanted not in text:
            missing.append(unit)

    assert missing == []
    assert len(units) == 45


@pytest.mark.parametrize(("language", "column"), [("fr", 0), ("es", 1)])
def test_every_seed_unit_is_on_the_site_in_french_and_spanish(client, demo, language, column):
    text = site_text(client, language)
    keys = {normalise(unit)[:40] for unit in seed_units()}

    assert keys == set(TRANSLATIONS), "a seed unit has no French and Spanish wording to look for"
    missing = [rendering[column] for rendering in TRANSLATIONS.values() if normalise(rendering[column]) not in text]
    assert missing == []


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_report_is_offered_in_english_french_and_spanish_on_the_event_page(client, demo, language):
    html = client.get(f"/{language}/events/hld-2013/").content.decode()

    report = html.index(
        f'href="/{language}/documents/migration-human-rights-governance-2013/"', html.index('id="documents-heading"')
    )
    links = re.findall(r'hreflang="(\w\w)"', html[report : html.index("</li>", report)])
    assert links == ["en", "fr", "es"]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_seed_facts_are_on_the_event_page_in_each_language(client, demo, language):
    html = client.get(f"/{language}/events/hld-2013/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)  # a cited paragraph is a link inside its sentence

    for fact in SEED_FACTS[language]:
        assert fact in html or fact in text, fact


def test_before_the_event_the_page_announces_it_as_seed_000_did(client, demo):
    with time_machine.travel(datetime.datetime(2013, 9, 1, tzinfo=datetime.UTC), tick=False):
        html = client.get("/en/events/hld-2013/").content.decode()

    assert "will hold a second High Level Dialogue on International Migration and Development" in html
    assert "This meeting will be held on 3 and 4 October 2013 in New York." in html
    assert "was held" not in html
    assert "Announcement made before the event" not in html


def test_after_the_event_the_page_leads_with_seed_001_and_keeps_seed_000_below(client, demo):
    html = client.get("/en/events/hld-2013/").content.decode()
    main = html[html.index("<main") :]

    order = [
        "This meeting was held on 3 and 4 October 2013 in New York.",
        "Summary of the event",
        "the United Nations General Assembly held its second High-Level Dialogue (HLD)",
        "Announcement made before the event",
        "The United Nations General Assembly will hold a second High Level Dialogue",
        "There is widespread consensus that human rights must play a central role",
        "especially the United Nations High Commissioner for Human Rights, the Special Rapporteur on the human "
        "rights of migrants and the Global Migration Group",
        "<h2>Report on Migration and human rights: improving human rights-based governance of international "
        "migration</h2>",
        "<h2>Report of the Secretary General to the General Assembly on the Protection of Migrants</h2>",
    ]
    positions = [main.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_seed_photo_caption_is_shown_with_an_honest_stand_in(client, demo):
    html = client.get("/en/events/hld-2013/").content.decode()

    assert '<span class="lead-image__caption">South Sudanese returnees arrive in Juba by thousands</span>' in html
    assert "the photo is not reproduced here (stand-in panel)" in html
    assert 'alt="Plain blue panel standing in for the original photo, which is not reproduced"' in html


def test_the_geneva_meeting_keeps_its_announcement_and_other_documents_after_it(client, demo):
    html = client.get("/en/events/high-level-meeting-geneva-2013/").content.decode()
    main = html[html.index("<main") :]

    order = [
        "This meeting was held on 4 September 2013 in Geneva.",
        "a meeting video summary was published",
        "Announcement made before the event",
        "Tune in on 4 September and follow the live-stream and live-tweets of this meeting.",
        '<h2 id="other-documents-heading">Other documents</h2>',
        "Migration and Human Rights: improving human rights-based governance of international migration",
    ]
    positions = [main.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_report_lists_its_other_documents(client, demo):
    html = client.get("/en/documents/migration-human-rights-governance-2013/").content.decode()

    others = html.index('<h2 id="other-documents-heading">Other documents</h2>')
    assert others < html.index("Protection of migrants</a> – <span", others)
    assert others < html.index("A/68/292", others)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_nothing_invented_is_stated_as_fact(client, demo, language):
    pages = [client.get(f"/{language}/{path}").content.decode() for path in SEED_PAGES]
    pages += [client.get(f"/{language}/events/hld-2013/round-table-{number}/").content.decode() for number in (1, 4)]
    pages += [client.get(f"/{language}/calls/protection-of-migrants-2013/").content.decode()]
    text = "\n".join(pages)

    for invented in (
        "Palais des Nations",
        "Palacio de las Naciones",
        "#HLD2013",
        "#migrationHR",
        "webtv.un.org",
        "10 a.m.",
        "10 heures",
        "10.00 horas",
        "Switzerland</strong>",
        "Suisse</strong>",
        "Suiza</strong>",
    ):
        assert invented not in text, invented
    assert "<dt>Time</dt>" not in text


def test_sessions_have_no_invented_date_or_time():
    from events.demo import SESSIONS

    for session in SESSIONS["hld-2013"]:
        assert {"date", "start_time", "end_time"}.isdisjoint(session), session["slug"]


def test_invented_submissions_never_carry_a_real_name(client, demo):
    from common.countries import STATES
    from submissions.models import Submission

    examples = Submission.objects.filter(is_example=True)

    assert {example.category for example in examples} == {"igo", "cso"}
    for example in examples:
        assert example.country == ""
        assert example.organisation.startswith("Example ")
        assert not any(state.en in example.organisation for state in STATES.values())


@pytest.mark.parametrize(("language", "name"), [("en", "HLD Portal"), ("fr", "Portail DHN"), ("es", "Portal DAN")])
def test_the_site_has_one_name_per_language(client, demo, language, name):
    html = client.get(f"/{language}/").content.decode()
    feed = client.get(f"/{language}/feeds/documents.rss").content.decode()

    assert f'<span class="site-name__title">{name}</span>' in html
    assert f"<title>{name}" in html or f"· {name}</title>" in html
    assert f"<title>{name}" in feed


@pytest.mark.parametrize(("language", "badge"), [("en", "Example"), ("fr", "Exemple"), ("es", "Ejemplo")])
def test_example_submissions_are_marked_in_the_pages_language(client, demo, language, badge):
    html = client.get(f"/{language}/calls/protection-of-migrants-2013/").content.decode()

    assert html.count(f'<span class="badge badge--past">{badge}</span>') == 2

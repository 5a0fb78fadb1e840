"""Demo content: the documents of the 2013 High-Level Dialogue, their language versions and their place in events.

Documents with a UN symbol link to the official copies at ``https://undocs.org/{language}/{symbol}``. The OHCHR
report and the note verbale have no symbol and their real files are gone: the portal ships small demo PDF copies
of them in ``documents/demo_files/``, stored as uploaded files the first time ``load()`` runs and never again.
"""

import datetime
from pathlib import Path

from django.core.files import File

from common.demo import PUBLISHED, localise, upsert
from events.demo import NBSP, OHCHR, REPORT_SLUG, REPORT_TITLE
from events.models import Event

from .models import Document, DocumentType, EventDocument, EventRole, Version

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
PDF = "application/pdf"

ALL_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
EFS = ("en", "fr", "es")

INTERNATIONAL_MIGRATION_AND_DEVELOPMENT = {
    "en": "International migration and development",
    "fr": "Migrations internationales et développement",
    "es": "Migración internacional y desarrollo",
}

DOCUMENTS = [
    {
        "slug": "a-res-63-225",
        "symbol": "A/RES/63/225",
        "doc_type": DocumentType.RESOLUTION,
        "date": datetime.date(2008, 12, 19),
        "title": INTERNATIONAL_MIGRATION_AND_DEVELOPMENT,
        "description": {
            "en": (
                "<p>Resolution adopted by the General Assembly on 19 December 2008. The General Assembly decided "
                "to hold a second High-Level Dialogue on International Migration and Development during its "
                "sixty-eighth session, in 2013, and emphasized that respect for the human rights and fundamental "
                "freedoms of all migrants is essential for reaping the benefits of international migration.</p>"
            ),
            "fr": (
                "<p>Résolution adoptée par l’Assemblée générale le 19 décembre 2008. L’Assemblée générale y décide "
                "de tenir, à sa soixante-huitième session, en 2013, un deuxième Dialogue de haut niveau sur les "
                "migrations internationales et le développement, et souligne que le respect des droits de l’homme "
                "et des libertés fondamentales de tous les migrants est essentiel pour tirer parti des avantages "
                "des migrations internationales.</p>"
            ),
            "es": (
                "<p>Resolución aprobada por la Asamblea General el 19 de diciembre de 2008. En ella, la Asamblea "
                "General decide celebrar un segundo Diálogo de alto nivel sobre la migración internacional y el "
                "desarrollo durante su sexagésimo octavo período de sesiones, en 2013, y destaca que el respeto de "
                "los derechos humanos y las libertades fundamentales de todos los migrantes es esencial para "
                "aprovechar los beneficios de la migración internacional.</p>"
            ),
        },
        "url_languages": ALL_LANGUAGES,
        "events": [("hld-2013", EventRole.MANDATE, "", 10)],
    },
    {
        "slug": "a-res-67-219",
        "symbol": "A/RES/67/219",
        "doc_type": DocumentType.RESOLUTION,
        "date": datetime.date(2012, 12, 21),
        "title": INTERNATIONAL_MIGRATION_AND_DEVELOPMENT,
        "description": {
            "en": (
                "<p>Resolution adopted by the General Assembly on 21 December 2012. The General Assembly decided "
                "the modalities of the High-Level Dialogue on International Migration and Development, to be held "
                "in New York on 3 and 4 October 2013: its overall theme, its four plenary meetings and the themes "
                "of its four interactive round tables.</p>"
            ),
            "fr": (
                "<p>Résolution adoptée par l’Assemblée générale le 21 décembre 2012. L’Assemblée générale y arrête "
                "les modalités du Dialogue de haut niveau sur les migrations internationales et le développement, "
                f"qui se tiendra à New York les 3 et 4 octobre 2013{NBSP}: son thème général, ses quatre séances "
                "plénières et les thèmes de ses quatre tables rondes interactives.</p>"
            ),
            "es": (
                "<p>Resolución aprobada por la Asamblea General el 21 de diciembre de 2012. En ella, la Asamblea "
                "General decide las modalidades del Diálogo de alto nivel sobre la migración internacional y el "
                "desarrollo, que se celebrará en Nueva York los días 3 y 4 de octubre de 2013: su tema general, sus "
                "cuatro sesiones plenarias y los temas de sus cuatro mesas redondas interactivas.</p>"
            ),
        },
        "url_languages": ALL_LANGUAGES,
        "events": [("hld-2013", EventRole.MANDATE, "", 20)],
    },
    {
        "slug": "a-res-67-172",
        "symbol": "A/RES/67/172",
        "doc_type": DocumentType.RESOLUTION,
        "date": datetime.date(2012, 12, 20),
        "title": {"en": "Protection of migrants", "fr": "Protection des migrants", "es": "Protección de los migrantes"},
        "description": {
            "en": (
                "<p>Resolution adopted by the General Assembly on 20 December 2012. In paragraph 10(a), the "
                "General Assembly requested Member States, the United Nations system, international organizations, "
                "civil society and all relevant stakeholders to ensure that the High-Level Dialogue on "
                "International Migration and Development analyses the linkage between migration and development "
                "in a balanced and comprehensive manner that includes, among others, a human rights perspective. "
                "In paragraph 15, it requested the Secretary-General to submit a report on the implementation of "
                "the resolution at its sixty-eighth session, including an analysis of how a human rights "
                "perspective can enhance the design and implementation of international migration and development "
                "policies.</p>"
            ),
            "fr": (
                "<p>Résolution adoptée par l’Assemblée générale le 20 décembre 2012. Au paragraphe 10 a), "
                "l’Assemblée générale a prié les États Membres, les organismes des Nations Unies, les organisations "
                "internationales, la société civile et toutes les parties prenantes concernées de veiller à ce que "
                "le Dialogue de haut niveau sur les migrations internationales et le développement analyse les "
                "liens entre les migrations et le développement de manière équilibrée et globale, notamment sous "
                "l’angle des droits de l’homme. Au paragraphe 15, elle a prié le Secrétaire général de lui "
                "présenter, à sa soixante-huitième session, un rapport sur l’application de la résolution "
                "comportant une analyse de la manière dont une perspective fondée sur les droits de l’homme peut "
                "améliorer la conception et la mise en œuvre des politiques relatives aux migrations "
                "internationales et au développement.</p>"
            ),
            "es": (
                "<p>Resolución aprobada por la Asamblea General el 20 de diciembre de 2012. En el párrafo 10 a), la "
                "Asamblea General solicitó a los Estados Miembros, al sistema de las Naciones Unidas, a las "
                "organizaciones internacionales, a la sociedad civil y a todos los interesados pertinentes que "
                "velaran por que el Diálogo de alto nivel sobre la migración internacional y el desarrollo "
                "analizara la relación entre la migración y el desarrollo de manera equilibrada y amplia, incluida, "
                "entre otras, una perspectiva de derechos humanos. En el párrafo 15, solicitó al Secretario General "
                "que le presentara, en su sexagésimo octavo período de sesiones, un informe sobre la aplicación de "
                "la resolución que incluyera un análisis de la manera en que una perspectiva de derechos humanos "
                "puede mejorar la formulación y la aplicación de las políticas de migración internacional y "
                "desarrollo.</p>"
            ),
        },
        "url_languages": ALL_LANGUAGES,
        "events": [
            # Under the Geneva meeting's "Other documents:" (see OTHER_DOCUMENTS).
            ("high-level-meeting-geneva-2013", EventRole.OTHER, "", 20),
            # The paragraphs the seed cites: 10(a) (the human rights perspective) and 15 (the report).
            ("hld-2013", EventRole.MANDATE, {"paragraphs": "10(a), 15"}, 30),
        ],
    },
    {
        "slug": "a-68-292",
        "symbol": "A/68/292",
        "doc_type": DocumentType.SG_REPORT,
        "date": datetime.date(2013, 8, 9),
        "original_language": "en",
        "title": {
            "en": "Protection of migrants: report of the Secretary-General",
            "fr": f"Protection des migrants{NBSP}: rapport du Secrétaire général",
            "es": "Protección de los migrantes: informe del Secretario General",
        },
        "description": {
            "en": (
                "<p>In Resolution 67/172 on the Protection of Migrants, the General Assembly requested the "
                "Secretary-General to submit a report on the implementation of that resolution at its "
                "sixty-eighth session, including an analysis of how a human rights perspective can enhance the "
                "design and implementation of international migration and development policies (paragraph "
                "15).</p>"
                "<p>The report emphasized the importance of placing human rights at the centre of all discussions "
                "about migration and development and of adopting a human rights-based approach to international "
                "migration and development.</p>"
            ),
            "fr": (
                "<p>Dans sa résolution 67/172 sur la protection des migrants, l’Assemblée générale a prié le "
                "Secrétaire général de lui présenter, à sa soixante-huitième session, un rapport sur l’application "
                "de cette résolution comportant une analyse de la manière dont une perspective fondée sur les droits "
                "de l’homme peut améliorer la conception et la mise en œuvre des politiques relatives aux "
                "migrations internationales et au développement (paragraphe 15).</p>"
                "<p>Le rapport souligne qu’il importe de placer les droits de l’homme au centre de tous les débats "
                "sur les migrations et le développement et d’adopter une approche des migrations internationales "
                "et du développement fondée sur les droits de l’homme.</p>"
            ),
            "es": (
                "<p>En su resolución 67/172, relativa a la protección de los migrantes, la Asamblea General "
                "solicitó al Secretario General que le presentara, en su sexagésimo octavo período de sesiones, un "
                "informe sobre la aplicación de dicha resolución que incluyera un análisis de la manera en que una "
                "perspectiva de derechos humanos puede mejorar la formulación y la aplicación de las políticas de "
                "migración internacional y desarrollo (párrafo 15).</p>"
                "<p>En el informe se destaca la importancia de situar los derechos humanos en el centro de todos "
                "los debates sobre la migración y el desarrollo y de adoptar un enfoque basado en los derechos "
                "humanos respecto de la migración internacional y el desarrollo.</p>"
            ),
        },
        "url_languages": ALL_LANGUAGES,
        "events": [("hld-2013", EventRole.BACKGROUND, "", 40)],
    },
    {
        "slug": "note-verbale-2013-05-06",
        "symbol": "",
        "doc_type": DocumentType.NOTE_VERBALE,
        "date": datetime.date(2013, 5, 6),
        "original_language": "en",
        "title": {
            "en": (
                "Note verbale of 6 May 2013 from OHCHR on behalf of the Secretary-General requesting information on "
                "the implementation of General Assembly resolution 67/172"
            ),
            "fr": (
                "Note verbale du 6 mai 2013 adressée par le HCDH au nom du Secrétaire général pour demander des "
                "informations sur l’application de la résolution 67/172 de l’Assemblée générale"
            ),
            "es": (
                "Nota verbal de 6 de mayo de 2013 dirigida por el ACNUDH en nombre del Secretario General para "
                "solicitar información sobre la aplicación de la resolución 67/172 de la Asamblea General"
            ),
        },
        "description": {
            "en": (
                f"<p>Note verbale from the {OHCHR['en']}, on behalf of the Secretary-General, requesting "
                "information on the implementation of General Assembly resolution 67/172 on the protection of "
                'migrants, for the <a href="doc:a-68-292">report of the Secretary-General</a> to the sixty-eighth '
                "session.</p>"
                "<p>Written submissions were received from States, intergovernmental organizations and civil "
                "society in response to this note verbale.</p>"
            ),
            "fr": (
                f"<p>Note verbale par laquelle le {OHCHR['fr']}, au nom du Secrétaire général, demande des "
                "informations sur l’application de la résolution 67/172 de l’Assemblée générale relative à la "
                'protection des migrants, en vue du <a href="doc:a-68-292">rapport du Secrétaire général</a> à la '
                "soixante-huitième session.</p>"
                "<p>Des contributions écrites ont été reçues d’États, d’organisations intergouvernementales et de "
                "la société civile en réponse à cette note verbale.</p>"
            ),
            "es": (
                f"<p>Nota verbal en la que la {OHCHR['es']}, en nombre del Secretario General, solicita "
                "información sobre la aplicación de la resolución 67/172 de la Asamblea General, relativa a la "
                'protección de los migrantes, para el <a href="doc:a-68-292">informe del Secretario General</a> '
                "al sexagésimo octavo período de sesiones.</p>"
                "<p>Se recibieron contribuciones escritas de Estados, organizaciones intergubernamentales y la "
                "sociedad civil en respuesta a esta nota verbal.</p>"
            ),
        },
        "files": {"en": "note-verbale-2013-05-06-en.pdf"},
        "events": [("hld-2013", EventRole.BACKGROUND, "", 50)],
    },
    {
        "slug": REPORT_SLUG,
        "symbol": "",
        "doc_type": DocumentType.REPORT,
        # The seeds give the year (2013) but not the day the report bears.
        "date": None,
        "original_language": "en",
        "title": REPORT_TITLE,
        "description": {
            "en": (
                "<p>The Secretary General tasked OHCHR, in consultation with the Global Migration Group (GMG) and "
                "UN System partners, to lead the preparation of this concise analytical report on Migration and "
                "Human Rights, which specifically considers how attention to the rights of migrants can be "
                "strengthened within the governance framework of migration at the international level.</p>"
                "<p>OHCHR consulted fully on the report at an "
                '<a href="event:expert-meeting-2013">expert meeting on human rights, migration and governance</a> '
                "held on 20-21 June 2013, with more than fifty participants.</p>"
            ),
            "fr": (
                "<p>Le Secrétaire général a chargé le HCDH de diriger, en consultation avec le Groupe mondial sur "
                "la migration (GMM) et les partenaires du système des Nations Unies, l’élaboration du présent "
                "rapport analytique concis sur les migrations et les droits de l’homme, qui examine expressément "
                "comment renforcer l’attention portée aux droits des migrants dans le cadre de la gouvernance des "
                "migrations au niveau international.</p>"
                "<p>Le HCDH a mené des consultations approfondies sur ce rapport lors d’une "
                '<a href="event:expert-meeting-2013">réunion d’experts sur les droits de l’homme, les migrations '
                "et la gouvernance</a>, tenue les 20 et 21 juin 2013 avec plus de cinquante participants.</p>"
            ),
            "es": (
                "<p>El Secretario General encomendó al ACNUDH que, en consulta con el Grupo Mundial sobre Migración "
                "(GMM) y los asociados del sistema de las Naciones Unidas, dirigiera la preparación de este informe "
                "analítico conciso sobre migración y derechos humanos, en el que se examina específicamente la "
                "manera de reforzar la atención prestada a los derechos de los migrantes en el marco de gobernanza "
                "de la migración a nivel internacional.</p>"
                "<p>El ACNUDH consultó ampliamente sobre el informe en una "
                '<a href="event:expert-meeting-2013">reunión de expertos sobre derechos humanos, migración y '
                "gobernanza</a>, celebrada los días 20 y 21 de junio de 2013 con más de cincuenta "
                "participantes.</p>"
            ),
        },
        "files": {
            "en": "migration-human-rights-en.pdf",
            "fr": "migration-human-rights-fr.pdf",
            "es": "migration-human-rights-es.pdf",
        },
        "events": [
            ("hld-2013", EventRole.PREPARATORY, "", 60),
            ("expert-meeting-2013", EventRole.OUTCOME, "", 10),
            # Listed under the Geneva meeting's "Other documents:" (see OTHER_DOCUMENTS).
            ("high-level-meeting-geneva-2013", EventRole.OTHER, "", 10),
        ],
        # Listed under the report's "Other documents:" (see OTHER_DOCUMENTS).
        "other_documents": ["a-res-67-172", "a-68-292"],
    },
]

# OTHER_DOCUMENTS: seed 000 has an "Other documents:" list under the OHCHR report and another under the Geneva
# meeting, but the capture lost their items. The demo fills each with documents the seeds themselves name and that
# bear on that section (the resolution that asked for a human rights perspective, the Secretary-General's report),
# to show the lists; they are not a reconstruction of the lost ones.

# Keys of the data that are not fields of the document.
_NOT_FIELDS = {"slug", "url_languages", "files", "events", "other_documents"}


def _link_other_documents(documents):
    for data in DOCUMENTS:
        wanted = {documents[slug].pk for slug in data.get("other_documents", ())}
        document = documents[data["slug"]]
        if set(document.other_documents.values_list("pk", flat=True)) != wanted:
            document.other_documents.set(wanted)


def _url_version(document, language):
    url = f"https://undocs.org/{language}/{document.symbol}"
    upsert(Version, {"document": document, "language": language}, {"url": url, "file": ""})


def _file_version(document, language, name):
    """Attach the demo file once: a version that already has a file keeps it, so no file is written again."""
    version = Version.objects.filter(document=document, language=language).first()
    if version is not None and version.file:
        return
    if version is None:
        version = Version(document=document, language=language)
    path = DEMO_FILES / name
    version.url = ""
    version.size = path.stat().st_size
    version.content_type = PDF
    with path.open("rb") as handle:
        version.file.save(name, File(handle), save=False)
    version.save()


def load():
    events = {event.slug: event for event in Event.objects.filter(slug__in=_event_slugs())}
    documents = {}
    for data in DOCUMENTS:
        values = localise(data, exclude=_NOT_FIELDS)
        values["status"] = PUBLISHED
        values.setdefault("original_language", "")
        document = documents[data["slug"]] = upsert(Document, {"slug": data["slug"]}, values)

        for language in data.get("url_languages", ()):
            _url_version(document, language)
        for language, name in data.get("files", {}).items():
            _file_version(document, language, name)

        for event_slug, role, note, order in data["events"]:
            upsert(
                EventDocument,
                {"event": events[event_slug], "document": document},
                {"role": role, "order": order} | _note_fields(note),
            )
    _link_other_documents(documents)


def _note_fields(note):
    """A link's note per language, or the paragraphs it cites (a structured citation, written in each language)."""
    note = dict(note or {})
    paragraphs = note.pop("paragraphs", "")
    return {"paragraphs": paragraphs} | {f"note_{language}": text for language, text in note.items()}


def _event_slugs():
    return {event_slug for data in DOCUMENTS for event_slug, _role, _note, _order in data["events"]}

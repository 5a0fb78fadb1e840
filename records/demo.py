"""Demo content: who spoke at the 2013 Dialogue's plenary meetings, and the meetings' records, as sources give them.

Nothing here is invented; each entry names its source, and what no source read here confirms is left out:
- 4 October 2013, closing of the Dialogue (plenary meeting 4): the Deputy Secretary-General's remarks, UN press
  release DSG/SM/715 (https://www.un.org/press/en/2013/dsgsm715.doc.htm), "as prepared for delivery": its English
  text is that press release, linked, not a file of ours.
- 3 October 2013, opening (plenary meeting 1): the Secretary-General and the President of the General Assembly
  spoke, as reported by the IISD SDG Knowledge Hub, "States call for post-2015 development agenda to include human
  mobility" (https://sdg.iisd.org/news/states-call-for-post-2015-development-agenda-to-include-human-mobility).
  The order (the President opens the meeting, then the Secretary-General) is the General Assembly's practice, not
  read from the press release GA/11434, which could not be consulted here; nor could the full list of speakers.
- Press summaries: GA/11434 (3 October) and GA/11436 (4 October), the symbols the project's brief gives for this
  Dialogue; linked at their press.un.org addresses (the pattern of that site), their text not read here.
- Verbatim records: A/68/PV.25 to A/68/PV.28 are the likely symbols of the four plenary meetings but are
  unconfirmed, so none is linked; nor is any webcast recording, whose address is not known.
No statement file is stored: statements without a known text are listed without one.
"""

import datetime

from common.demo import LANGUAGES, PUBLISHED, upsert
from documents.models import Document, DocumentType, Version
from events.models import Session

from .models import Delegation, SessionRecord, Statement, StatementFile

DELEGATIONS = [
    {
        "slug": "general-assembly",
        "kind": "un",
        "name": {"en": "General Assembly", "fr": "Assemblée générale", "es": "Asamblea General"},
    },
    {
        "slug": "united-nations",
        "kind": "un",
        "name": {"en": "United Nations", "fr": "Organisation des Nations Unies", "es": "Naciones Unidas"},
    },
]

PRESS_RELEASES = [
    # (symbol, slug, date, the session it covers)
    ("GA/11434", "ga-11434", datetime.date(2013, 10, 3), "plenary-1"),
    ("GA/11436", "ga-11436", datetime.date(2013, 10, 4), "plenary-4"),
]

STATEMENTS = [
    {
        "session": "plenary-1",
        "order": 1,
        "delegation": "general-assembly",
        "speaker_name": "John W. Ashe",
        "speaker_title": {
            "en": "President of the General Assembly",
            "fr": "Président de l’Assemblée générale",
            "es": "Presidente de la Asamblea General",
        },
        "source": "IISD SDG Knowledge Hub, 4 October 2013 (order: General Assembly practice, unconfirmed)",
    },
    {
        "session": "plenary-1",
        "order": 2,
        "delegation": "united-nations",
        "speaker_name": "Ban Ki-moon",
        "speaker_title": {"en": "Secretary-General", "fr": "Secrétaire général", "es": "Secretario General"},
        "source": "IISD SDG Knowledge Hub, 4 October 2013 (order: General Assembly practice, unconfirmed)",
    },
    {
        "session": "plenary-4",
        "order": 1,
        "delegation": "united-nations",
        "speaker_name": "Jan Eliasson",
        "speaker_title": {
            "en": "Deputy Secretary-General",
            "fr": "Vice-Secrétaire général",
            "es": "Vicesecretario General",
        },
        "source": "UN press release DSG/SM/715, 4 October 2013",
        "links": {"en": "https://www.un.org/press/en/2013/dsgsm715.doc.htm"},
    },
]


def _translated(name, value):
    return {f"{name}_{language}": value[language] for language in LANGUAGES}


def load():
    sessions = {session.slug: session for session in Session.objects.filter(event__slug="hld-2013")}
    delegations = {
        data["slug"]: upsert(
            Delegation,
            {"slug": data["slug"]},
            {"kind": data["kind"], "country": ""} | _translated("name", data["name"]),
        )
        for data in DELEGATIONS
    }
    for symbol, slug, date, session_slug in PRESS_RELEASES:
        title = {
            "en": f"Press release {symbol}: meetings coverage",
            "fr": f"Communiqué de presse {symbol}{chr(160)}: couverture des réunions",
            "es": f"Comunicado de prensa {symbol}: cobertura de las sesiones",
        }
        document = upsert(
            Document,
            {"slug": slug},
            {"symbol": symbol, "date": date, "doc_type": DocumentType.OTHER, "status": PUBLISHED}
            | _translated("title", title),
        )
        url = f"https://press.un.org/en/2013/{symbol.replace('/', '').lower()}.doc.htm"
        upsert(Version, {"document": document, "language": "en"}, {"url": url, "file": ""})
        upsert(SessionRecord, {"session": sessions[session_slug]}, {"press_summary": document})
    for data in STATEMENTS:
        statement = upsert(
            Statement,
            {"session": sessions[data["session"]], "order": data["order"]},
            {
                "delegation": delegations[data["delegation"]],
                "speaker_name": data["speaker_name"],
                "source": data["source"],
                "check_against_delivery": True,
                "status": PUBLISHED,
            }
            | _translated("speaker_title", data["speaker_title"]),
        )
        for language, url in data.get("links", {}).items():
            upsert(StatementFile, {"statement": statement, "language": language}, {"url": url, "file": ""})

"""Demo content: the call for written submissions of the note verbale of 6 May 2013, and three examples.

The seed page lists submissions received from States, intergovernmental organizations and civil society
but names none of them; the two submissions here are invented examples, marked as such on the site, under the two
headings the seed shows ("Intergovernmental Organizations:", "Civil Society:"). An invented example never carries
the name of a real State or organization, so there is no Member State example: a Member State's submission is
listed under the State's name.

The call opens on the date of the note verbale (6 May 2013, the seeds). Its deadline is not known: the model
requires one, so the one below is a stand-in until calls may have no stated deadline.
"""

import datetime
import hashlib
from pathlib import Path

from django.core.files import File

from common.demo import PUBLISHED, localise, upsert
from documents.models import Document
from events.models import Event

from .models import Call, Category, Decision, Status, Submission, SubmissionFile, hash_token

DEMO_FILES = Path(__file__).resolve().parent / "demo_files"
NEW_YORK = datetime.timezone(datetime.timedelta(hours=-4))

CALL = {
    "slug": "protection-of-migrants-2013",
    "reference_prefix": "HLD2013",
    "title": {
        "en": "Written submissions on the implementation of resolution 67/172 (Protection of migrants)",
        "fr": "Contributions écrites sur l’application de la résolution 67/172 (Protection des migrants)",
        "es": "Contribuciones escritas sobre la aplicación de la resolución 67/172 (Protección de los migrantes)",
    },
    "instructions": {
        "en": (
            "<p>In a note verbale dated 6 May 2013, OHCHR, on behalf of the Secretary-General, requested "
            "information on the implementation of General Assembly resolution 67/172 on the Protection of "
            "migrants. Written submissions were received from States, intergovernmental organizations and civil "
            "society; they informed the report of the Secretary-General (A/68/292).</p>"
        ),
        "fr": (
            "<p>Par une note verbale datée du 6 mai 2013, le HCDH, au nom du Secrétaire général, a demandé des "
            "informations sur l’application de la résolution 67/172 de l’Assemblée générale sur la protection des "
            "migrants. Des contributions écrites ont été reçues d’États, d’organisations intergouvernementales et "
            "de la société civile\u00a0; elles ont nourri le rapport du Secrétaire général (A/68/292).</p>"
        ),
        "es": (
            "<p>En una nota verbal de fecha 6 de mayo de 2013, el ACNUDH, en nombre del Secretario General, "
            "solicitó información sobre la aplicación de la resolución 67/172 de la Asamblea General relativa a la "
            "protección de los migrantes. Se recibieron contribuciones escritas de Estados, organizaciones "
            "intergubernamentales y la sociedad civil, que sirvieron de base al informe del Secretario General "
            "(A/68/292).</p>"
        ),
    },
    "publication_policy": {
        "en": (
            "<p>Submissions are published on this page once reviewed, with the name of the submitting State or "
            "organization and the files marked for publication. Contact details are never published.</p>"
        ),
        "fr": (
            "<p>Les contributions sont publiées sur cette page après examen, avec le nom de l’État ou de "
            "l’organisation qui les a soumises et les fichiers destinés à la publication. Les coordonnées des "
            "personnes de contact ne sont jamais publiées.</p>"
        ),
        "es": (
            "<p>Las contribuciones se publican en esta página una vez examinadas, con el nombre del Estado o la "
            "organización que las presenta y los archivos destinados a publicación. Los datos de contacto nunca se "
            "publican.</p>"
        ),
    },
    # The date of the note verbale (seeds); the hour is not known.
    "opens_at": datetime.datetime(2013, 5, 6, 0, 0, tzinfo=NEW_YORK),
    # Not known: no source found gives the deadline (see the module's docstring), so none is stated; the call
    # closes when the Dialogue opens.
    "closes_at": None,
    "time_zone": "America/New_York",
}

EXAMPLES = [
    {
        "reference": "HLD2013-0002",
        "organisation": "Example Intergovernmental Organization",
        "category": Category.IGO,
        "country": "",
        "title": "Implementation of resolution 67/172: example submission of an intergovernmental organization",
        "file": "example-igo.pdf",
    },
    {
        "reference": "HLD2013-0003",
        "organisation": "Example Civil Society Network",
        "category": Category.CSO,
        "country": "",
        "title": "Implementation of resolution 67/172: example submission of a civil society organization",
        "file": "example-cso.pdf",
    },
]


def load():
    values = localise(CALL, exclude={"slug"})
    values["event"] = Event.objects.get(slug="hld-2013")
    values["note_verbale"] = Document.objects.filter(slug="note-verbale-2013-05-06").first()
    values["status"] = PUBLISHED
    call = upsert(Call, {"slug": CALL["slug"]}, values)
    # Numbers are never reused: the next one follows the highest example's (HLD2013-0001 was an earlier example).
    highest = max(int(data["reference"].rpartition("-")[2]) for data in EXAMPLES)
    if call.next_number <= highest:
        Call.objects.filter(pk=call.pk).update(next_number=highest + 1)

    for data in EXAMPLES:
        submission = upsert(
            Submission,
            {"reference": data["reference"]},
            {
                "call": call,
                "organisation": data["organisation"],
                "category": data["category"],
                "country": data["country"],
                "contact_name": "Demo contact",
                "email": "demo@example.org",
                "title": data["title"],
                "language": "en",
                "consent_to_publish": True,
                "status": Status.PUBLISHED,
                "is_example": True,
                # A fixed token nobody is given: the examples have no working status link.
                "token_hash": hash_token(f"demo-{data['reference']}"),
            },
        )
        if not submission.decisions.exists():
            Decision.objects.create(submission=submission, to_status=Status.RECEIVED, note="Demo content.")
            Decision.objects.create(
                submission=submission, from_status=Status.RECEIVED, to_status=Status.PUBLISHED, note="Demo content."
            )
        if not submission.files.exists():
            _attach(submission, data["file"])


def _attach(submission, name):
    path = DEMO_FILES / name
    content = path.read_bytes()
    record = SubmissionFile(
        submission=submission,
        original_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/pdf",
    )
    with path.open("rb") as handle:
        record.file.save(name, File(handle), save=False)
    record.save()

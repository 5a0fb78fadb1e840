"""Generate a large archive for benchmarks: past events, documents with E/F/S links, published submissions.

Everything generated is published and marked by its slug (``archive-``) or reference prefix (``ARCH``), so a
second run with the same or smaller numbers adds nothing, and a run with larger numbers adds only what is
missing. Documents, their versions and event links are written in chunks of CHUNK: on PostgreSQL with COPY (a
million documents and three million versions in a few minutes, see docs/benchmarks.md), elsewhere with
``bulk_create``. Like ``bulk_create``, neither sends signals nor calls ``save()``.

    manage.py generate_archive --events 50 --documents 5000 --submissions 2000 --open-call

``--open-call`` also creates a call that is open now and accepts files of a few megabytes (slug
``bench-open-call``), for load tests of the submission form. Not for a production database.
"""

import datetime
import hashlib
import itertools

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from common.models import PublicationStatus
from documents.models import Document, DocumentType, EventDocument, EventRole, Version
from events.models import Event
from submissions.models import MEGABYTE, Call, Category, Status, Submission, SubmissionFile, private_storage
from translations.tracking import refresh_translation_states

PUBLISHED = PublicationStatus.PUBLISHED
EFS = ("en", "fr", "es")
BATCH = 1000
# Documents built, written and forgotten at a time: a million never sit in memory at once.
CHUNK = 10_000

TOPICS = [
    {
        "en": "International migration and development",
        "fr": "Migrations internationales et développement",
        "es": "Migración internacional y desarrollo",
    },
    {
        "en": "Protection of migrants",
        "fr": "Protection des migrants",
        "es": "Protección de los migrantes",
    },
    {
        "en": "Human rights of migrants",
        "fr": "Droits de l’homme des migrants",
        "es": "Derechos humanos de los migrantes",
    },
    {
        "en": "Labour mobility and its impact on development",
        "fr": "Mobilité de la main-d’œuvre et son incidence sur le développement",
        "es": "La movilidad laboral y sus efectos en el desarrollo",
    },
    {
        "en": "Trafficking in persons, especially women and children",
        "fr": "Traite des personnes, en particulier des femmes et des enfants",
        "es": "Trata de personas, especialmente mujeres y niños",
    },
    {
        "en": "Remittances and financial inclusion",
        "fr": "Envois de fonds et inclusion financière",
        "es": "Remesas e inclusión financiera",
    },
    {
        "en": "Violence against women migrant workers",
        "fr": "Violence à l’égard des travailleuses migrantes",
        "es": "Violencia contra las trabajadoras migratorias",
    },
    {
        "en": "Sustainable development and the post-2015 framework",
        "fr": "Développement durable et cadre pour l’après-2015",
        "es": "Desarrollo sostenible y marco para después de 2015",
    },
]

DESCRIPTION = {
    "en": (
        "<p>Archive document {n} on {topic}. It reviews the policies of Member States, the work of the "
        "United Nations system and the views of civil society, and makes recommendations for the {year} session "
        "of the General Assembly.</p>"
    ),
    "fr": (
        "<p>Document d’archive {n} sur le thème suivant : {topic}. Il examine les politiques des États Membres, "
        "les travaux du système des Nations Unies et les vues de la société civile, et formule des "
        "recommandations pour la session de {year} de l’Assemblée générale.</p>"
    ),
    "es": (
        "<p>Documento de archivo {n} sobre el tema siguiente: {topic}. Examina las políticas de los Estados "
        "Miembros, la labor del sistema de las Naciones Unidas y las opiniones de la sociedad civil, y formula "
        "recomendaciones para el período de sesiones de {year} de la Asamblea General.</p>"
    ),
}

EVENT_TITLE = {
    "en": "Regional consultation on migration and development, {n}",
    "fr": "Consultation régionale sur les migrations et le développement, {n}",
    "es": "Consulta regional sobre la migración y el desarrollo, {n}",
}
EVENT_SUMMARY = {
    "en": "<p>A regional consultation held in {city} on the protection of migrants and development ({n}).</p>",
    "fr": "<p>Consultation régionale tenue à {city} sur la protection des migrants et le développement ({n}).</p>",
    "es": "<p>Consulta regional celebrada en {city} sobre la protección de los migrantes y el desarrollo ({n}).</p>",
}
CITIES = [("Geneva", "CH"), ("New York", "US"), ("Bangkok", "TH"), ("Addis Ababa", "ET"), ("Santiago", "CL")]
CALL_TEXT = {
    "en": "<p>Written submissions to the consultation.</p>",
    "fr": "<p>Contributions écrites à la consultation.</p>",
    "es": "<p>Contribuciones escritas a la consulta.</p>",
}
CATEGORIES = [Category.MEMBER_STATE, Category.IGO, Category.CSO, Category.NHRI, Category.ACADEMIA]
COUNTRIES = ["CH", "MX", "PH", "SN", "DE", "BD", "MA", "EC", "NP", "GH"]
DOC_TYPES = [DocumentType.RESOLUTION, DocumentType.SG_REPORT, DocumentType.REPORT, DocumentType.STATEMENT]


def symbol(n):
    return f"A/AC.{300 + n // 1000}/{n % 1000 + 1}"


def tiny_pdf(label):
    """A small valid-looking PDF (it starts with the PDF signature, which is what the portal checks)."""
    body = f"%PDF-1.4\n% {label}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body.encode()


def copy_rows(model, objects):
    """Write ``objects`` (unsaved, no primary key) into ``model``'s table with PostgreSQL's COPY, through the
    psycopg cursor under Django's. Every concrete column but the primary key and generated ones, each value
    prepared by its field as ``save()`` would (auto_now dates, choices, JSON); the database's triggers run."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key and not field.generated]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])


def is_psycopg3():
    from django.db.backends.postgresql.psycopg_any import is_psycopg3 as answer

    return answer


def write_rows(model, objects):
    """COPY on PostgreSQL (with psycopg 3), ``bulk_create`` elsewhere: the rows of ``objects`` in ``model``."""
    if connection.vendor == "postgresql" and is_psycopg3():
        copy_rows(model, objects)
    else:
        model.objects.bulk_create(objects, batch_size=BATCH)


def translated(name, texts, **params):
    return {f"{name}_{lang}": texts[lang].format(**params) for lang in EFS}


class Command(BaseCommand):
    help = "Generate a large archive of published events, documents and submissions (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=50)
        parser.add_argument("--documents", type=int, default=5000)
        parser.add_argument("--submissions", type=int, default=2000)
        parser.add_argument("--open-call", action="store_true", help="Also create an open call for load tests.")

    def handle(self, *args, events, documents, submissions, open_call, **options):
        if min(events, documents, submissions) < 0:
            raise CommandError("Counts cannot be negative.")
        if (documents or submissions or open_call) and events < 1:
            raise CommandError("Documents, submissions and the open call belong to events: give --events 1 or more.")
        created = {}
        with translation.override("en"), transaction.atomic():
            event_list = self.events(events, created)
            self.documents(documents, event_list, created)
            calls = self.calls(event_list, created) if submissions else []
            self.submissions(submissions, calls, created)
            if open_call:
                self.open_call(event_list[0], created)
        if any(created.values()):
            refresh_translation_states()  # bulk_create sends no signals: count the new items' translations.
            # bulk_create sends no signals: start every cached page afresh.
            cache.clear()
            if connection.vendor == "postgresql":
                # Planner statistics for the new rows now, as a database that grew slowly would have them,
                # rather than whenever autovacuum gets round to it.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        summary = ", ".join(f"{count} {label}" for label, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Archive generated: {summary or 'nothing new'}."))

    def events(self, count, created):
        """Written with bulk_create, as everything else here: one save() each would queue a new content version
        per event for the commit (delivery/cache.py), each looking for the next scheduled item among every
        document, minutes at a million."""
        existing = {event.slug: event for event in Event.objects.filter(slug__startswith="archive-event-")}
        new = []
        for n in range(count):
            slug = f"archive-event-{n:03d}"
            if slug not in existing:
                city, country = CITIES[n % len(CITIES)]
                start = datetime.date(2000 + n % 13, 1 + n % 12, 1 + n % 27)
                end = start + datetime.timedelta(days=1)
                new.append(
                    Event(
                        slug=slug,
                        status=PUBLISHED,
                        start_date=start,
                        end_date=end,
                        time_zone="UTC",
                        # What Event.save() computes from the dates in the event's time zone (UTC here).
                        starts_at=datetime.datetime.combine(start, datetime.time.min, tzinfo=datetime.UTC),
                        ends_at=datetime.datetime.combine(
                            end + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
                        ),
                        country=country,
                        **translated("title", EVENT_TITLE, n=n + 1),
                        **translated("summary", EVENT_SUMMARY, n=n + 1, city=city),
                        **{f"city_{lang}": city for lang in EFS},
                    )
                )
        Event.objects.bulk_create(new, batch_size=BATCH)
        created["events"] = len(new)
        by_slug = {event.slug: event for event in Event.objects.filter(slug__startswith="archive-event-")}
        return [by_slug[f"archive-event-{n:03d}"] for n in range(count)]

    def documents(self, count, events, created):
        """Documents in chunks of CHUNK, each written with its versions and event links: memory stays flat."""
        existing = set(Document.objects.filter(slug__startswith="archive-doc-").values_list("slug", flat=True))
        created["documents"] = created["versions"] = 0
        missing = (n for n in range(count) if f"archive-doc-{n:05d}" not in existing)
        while chunk := list(itertools.islice(missing, CHUNK)):
            new_documents = [self.document(n) for n in chunk]
            write_rows(Document, new_documents)
            if new_documents[0].pk is None:
                # COPY gives back no primary keys (nor does bulk_create on some databases): read them again.
                new_documents = Document.objects.filter(slug__in=[d.slug for d in new_documents]).only("pk", "slug")
            versions, links = [], []
            for document in new_documents:
                n = int(document.slug.rpartition("-")[2])
                versions += [
                    Version(document=document, language=lang, url=f"https://undocs.org/{lang}/{symbol(n)}")
                    for lang in EFS
                ]
                links.append(
                    EventDocument(document=document, event=events[n % len(events)], role=EventRole.OTHER, order=n)
                )
            write_rows(Version, versions)
            write_rows(EventDocument, links)
            created["documents"] += len(chunk)
            created["versions"] += len(versions)

    def document(self, n):
        topic = TOPICS[n % len(TOPICS)]
        year = 2000 + n % 14
        return Document(
            slug=f"archive-doc-{n:05d}",
            symbol=symbol(n),
            status=PUBLISHED,
            doc_type=DOC_TYPES[n % len(DOC_TYPES)],
            date=datetime.date(year, 1 + n % 12, 1 + n % 28),
            original_language="en",
            **{f"title_{lang}": f"{topic[lang]} ({n + 1})" for lang in EFS},
            **{f"description_{lang}": DESCRIPTION[lang].format(n=n + 1, topic=topic[lang], year=year) for lang in EFS},
        )

    def calls(self, events, created):
        existing = {call.slug: call for call in Call.objects.filter(slug__startswith="archive-call-")}
        new = []
        for n, event in enumerate(events):
            if f"archive-call-{n:03d}" not in existing:
                opens = datetime.datetime(event.start_date.year - 1, 1, 1, tzinfo=datetime.UTC)
                new.append(
                    Call(
                        slug=f"archive-call-{n:03d}",
                        event=event,
                        status=PUBLISHED,
                        opens_at=opens,
                        closes_at=opens + datetime.timedelta(days=90),
                        time_zone="UTC",
                        reference_prefix=f"ARCH{n:03d}",
                        **translated("title", EVENT_TITLE, n=n + 1),
                        **translated("instructions", CALL_TEXT),
                        **translated("publication_policy", CALL_TEXT),
                    )
                )
        Call.objects.bulk_create(new, batch_size=BATCH)
        created["calls"] = len(new)
        by_slug = {call.slug: call for call in Call.objects.filter(slug__startswith="archive-call-")}
        return [by_slug[f"archive-call-{n:03d}"] for n in range(len(events))]

    def submissions(self, count, calls, created):
        existing = set(Submission.objects.filter(reference__startswith="ARCH").values_list("reference", flat=True))
        new_submissions, contents = [], {}
        for n in range(count):
            call = calls[n % len(calls)]
            reference = f"{call.reference_prefix}-{n // len(calls) + 1:04d}"
            if reference in existing:
                continue
            category = CATEGORIES[n % len(CATEGORIES)]
            topic = TOPICS[n % len(TOPICS)]["en"]
            new_submissions.append(
                Submission(
                    call=call,
                    reference=reference,
                    organisation=f"Example organization {n + 1}",
                    category=category,
                    country=COUNTRIES[n % len(COUNTRIES)] if category == Category.MEMBER_STATE else "",
                    contact_name="Generated contact",
                    email="archive@example.org",
                    title=f"{topic}: written submission {n + 1}",
                    language="en",
                    consent_to_publish=True,
                    status=Status.PUBLISHED,
                    token_hash=hashlib.sha256(f"archive-{reference}".encode()).hexdigest(),
                )
            )
            contents[reference] = tiny_pdf(reference)
        Submission.objects.bulk_create(new_submissions, batch_size=BATCH)
        saved = Submission.objects.filter(reference__in=contents).only("pk", "reference")
        storage = private_storage()
        files = []
        for submission in saved:
            content = contents[submission.reference]
            name = storage.save(f"archive/{submission.reference}.pdf", ContentFile(content))
            files.append(
                SubmissionFile(
                    submission=submission,
                    file=name,
                    original_name=f"{submission.reference}.pdf",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    content_type="application/pdf",
                )
            )
        SubmissionFile.objects.bulk_create(files, batch_size=BATCH)
        created["submissions"] = len(new_submissions)
        for call in calls:
            # Keep each call's numbering past what was generated, as the intake form expects.
            last = Submission.objects.filter(call=call).count()
            Call.objects.filter(pk=call.pk, next_number__lte=last).update(next_number=last + 1)

    def open_call(self, event, created):
        now = timezone.now()
        _call, new = Call.objects.update_or_create(
            slug="bench-open-call",
            defaults={
                "event": event,
                "status": PUBLISHED,
                "opens_at": now - datetime.timedelta(days=1),
                "closes_at": now + datetime.timedelta(days=3650),
                "time_zone": "UTC",
                "reference_prefix": "BENCH",
                "accepted_types": ["pdf"],
                "max_file_size": 5 * MEGABYTE,
                "max_total_size": 10 * MEGABYTE,
                "max_files": 5,
                **translated("title", dict.fromkeys(EFS, "Open call for load tests")),
                **translated("instructions", CALL_TEXT),
                **translated("publication_policy", CALL_TEXT),
            },
        )
        created["open calls"] = int(new)

import datetime

import factory
from django.utils import timezone

from common.models import PublicationStatus
from documents.models import Document, DocumentType, EventDocument, Version
from events.models import Event, Session, SessionKind
from submissions.models import Call, Category, Submission, SubmissionFile


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Meeting {n}")
    title_fr = factory.LazyAttribute(lambda o: f"Réunion {o.title}")
    title_es = factory.LazyAttribute(lambda o: f"Reunión {o.title}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    start_date = datetime.date(2013, 10, 3)
    end_date = datetime.date(2013, 10, 4)
    time_zone = "America/New_York"
    city = "New York"
    city_fr = "New York"
    city_es = "Nueva York"
    status = PublicationStatus.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    kind = SessionKind.ROUND_TABLE
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Round Table {o.number}")
    slug = factory.LazyAttribute(lambda o: f"round-table-{o.number}")
    theme = factory.LazyAttribute(lambda o: f"Theme of round table {o.number}")
    order = factory.LazyAttribute(lambda o: o.number)
    status = PublicationStatus.PUBLISHED


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    symbol = factory.Sequence(lambda n: f"A/68/{n + 100}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    title = factory.Sequence(lambda n: f"Report number {n}")
    title_fr = factory.LazyAttribute(lambda o: f"Rapport {o.title}")
    title_es = factory.LazyAttribute(lambda o: f"Informe {o.title}")
    doc_type = DocumentType.REPORT
    date = datetime.date(2013, 8, 9)
    status = PublicationStatus.PUBLISHED


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Version

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    url = factory.LazyAttribute(lambda o: f"https://undocs.org/{o.language}/{o.document.symbol}")


class EventDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDocument

    event = factory.SubFactory(EventFactory)
    document = factory.SubFactory(DocumentFactory)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Call for submissions {n}")
    title_fr = factory.LazyAttribute(lambda o: f"Appel {o.title}")
    title_es = factory.LazyAttribute(lambda o: f"Convocatoria {o.title}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    reference_prefix = factory.Sequence(lambda n: f"CALL{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    time_zone = "America/New_York"
    status = PublicationStatus.PUBLISHED


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    call = factory.SubFactory(CallFactory)
    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    category = Category.CSO
    contact_name = "Ana Contact"
    email = "ana@example.org"
    title = "Our submission"
    language = "en"
    consent_to_publish = True
    token_hash = factory.Sequence(lambda n: f"{n:064d}")


class SubmissionFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionFile

    submission = factory.SubFactory(SubmissionFactory)
    original_name = "submission.pdf"
    file = factory.django.FileField(filename="x", data=b"%PDF-1.4\n%%EOF\n")
    size = 15
    sha256 = "0" * 64
    content_type = "application/pdf"

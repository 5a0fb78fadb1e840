import pytest

from common.models import PublicationStatus
from documents.models import Document, Version
from records.models import Delegation, SessionRecord, Statement
from tests.document_files import pdf
from tests.factories import EventFactory, SessionFactory


@pytest.fixture
def plenary(db):
    event = EventFactory(slug="hld", title="Dialogue")
    return SessionFactory(
        event=event, kind="plenary", number=1, slug="plenary-1", title="Plenary meeting 1",
        title_fr="Séance plénière 1", title_es="Sesión plenaria 1",
    )  # fmt: skip


@pytest.fixture
def delegations(db):
    return {
        "france": Delegation.objects.create(kind="state", country="FR", slug="france"),
        "mexico": Delegation.objects.create(kind="state", country="MX", slug="mexico"),
        "iom": Delegation.objects.create(
            kind="igo",
            slug="iom",
            name_en="International Organization for Migration",
            name_fr="Organisation internationale pour les migrations",
            name_es="Organización Internacional para las Migraciones",
        ),
    }


def statement(session, delegation, order, **values):
    return Statement.objects.create(
        session=session, delegation=delegation, order=order, status=PublicationStatus.PUBLISHED, **values
    )


def document(symbol, *languages):
    made = Document.objects.create(
        symbol=symbol, slug=symbol.lower().replace("/", "-").replace(".", ""), title=symbol, status="published"
    )
    for language in languages:
        Version.objects.create(document=made, language=language, url=f"https://undocs.org/{language}/{symbol}")
    return made


@pytest.fixture
def pdf_bytes():
    return pdf()


@pytest.fixture
def recorded(plenary):
    return SessionRecord.objects.create(
        session=plenary,
        verbatim_record=document("A/68/PV.25", "en", "fr", "es"),
        press_summary=document("GA/11434", "en"),
        recording_url="https://webtv.un.org/example",
    )

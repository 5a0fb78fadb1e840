import pytest

from tests.factories import EventDocumentFactory, SessionFactory, VersionFactory

pytestmark = pytest.mark.django_db


def test_pages_render(client):
    session = SessionFactory()
    link = EventDocumentFactory(event=session.event, role="mandate")
    VersionFactory(document=link.document, language="fr")
    for lang in ("en", "fr", "es"):
        for url in (
            f"/{lang}/",
            f"/{lang}/events/",
            session.event.get_absolute_url(),
            session.get_absolute_url(),
            f"/{lang}/documents/",
            link.document.get_absolute_url(),
        ):
            response = client.get(url.replace("/en/", f"/{lang}/"))
            assert response.status_code == 200, url

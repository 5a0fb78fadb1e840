"""The JSON API through plain HTTP: every answer JSON with CORS, errors included; its OpenAPI description, checked
with openapi-spec-validator and fuzzed against the real views with schemathesis."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from tests.factories import DocumentFactory, EventFactory, SessionFactory, VersionFactory

pytestmark = pytest.mark.django_db

ERRORS = [
    ("get", "/en/api/nothing-here/", 404),
    ("get", "/de/api/events/", 404),
    ("get", "/en/api/events/?page=123456789012345678901234567890", 400),
    ("get", "/fr/api/events/no-such-event/", 404),
    ("get", "/es/api/documents/no-such-document/", 404),
    ("get", "/en/api/events/?page=9", 404),
    ("get", "/en/api/events/?page=abc", 400),
    ("get", "/en/api/events/?page=0", 400),
    ("get", "/en/api/events/?page=21", 400),
    ("get", "/en/api/events/?cursor=abc", 400),
    ("get", "/en/api/events/?cursor=", 400),
    ("get", "/en/api/events/?page=1&cursor=abc", 400),
    ("get", "/en/api/events/?lang=de", 400),
    ("get", "/en/api/documents/?type=novel", 400),
    ("post", "/en/api/events/", 405),
    ("put", "/en/api/documents/", 405),
    ("delete", "/en/api/events/hld/", 405),
    ("patch", "/en/api/whatever/", 405),
]


@pytest.mark.parametrize(("method", "address", "status"), ERRORS)
def test_every_error_is_json_with_its_status_and_cors(client, method, address, status):
    EventFactory(slug="hld")

    response = getattr(client, method)(address)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response.json()) == {"error"}
    assert response.json()["error"]


def test_errors_speak_the_language_of_the_address(client):
    assert client.get("/fr/api/nothing/").json() == {"error": "Il n’y a rien à cette adresse."}
    assert client.post("/es/api/events/").json() == {"error": "Solo se admiten GET y HEAD."}
    assert client.post("/en/api/events/")["Allow"] == "GET, HEAD, OPTIONS"


def test_a_missing_slash_leads_to_the_address(client):
    response = client.get("/en/api/events", {"lang": "fr"})

    assert response.status_code == 301
    assert response["Location"] == "/en/api/events/?lang=fr"


@pytest.mark.parametrize(
    "address", ["/en/api/events/", "/fr/api/events/hld/", "/es/api/documents/", "/api/openapi.json"]
)
def test_every_answer_allows_any_origin(client, address):
    EventFactory(slug="hld")

    for response in (client.get(address), client.head(address), client.options(address)):
        assert response.status_code in (200, 204)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Link"] == '<https://portal.example.org/api/openapi.json>; rel="service-desc"'


@pytest.mark.parametrize("address", ["/api/events/", "/api/documents/?type=bogus", "/de/api/events/"])
def test_an_address_without_its_language_is_sent_on_readable_from_any_site(client, address):
    response = client.get(address)

    assert response.status_code in (302, 404)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pagination_links_are_absolute_and_stable(client):
    for number in range(120):
        DocumentFactory(symbol=f"A/68/{number}", slug=f"d{number}", doc_type="report")

    second = client.get("/fr/api/documents/", {"utm": "x", "type": "report", "lang": "es", "page": "2"}).json()

    prefix = "https://portal.example.org/fr/api/documents/?lang=es&type=report&cursor="
    assert second["next"].startswith(prefix)
    assert second["previous"].startswith(prefix)
    again = client.get("/fr/api/documents/", {"lang": "es", "page": "2", "type": "report"}).json()
    assert again["next"] == second["next"]
    last = client.get(second["next"]).json()
    assert last["next"] is None
    assert len(last["results"]) == 20
    first = client.get(second["previous"]).json()
    assert first["previous"] is None
    assert first["results"] == client.get("/fr/api/documents/", {"type": "report", "lang": "es"}).json()["results"]


def test_a_documents_addresses_are_absolute_and_official_copies_kept_as_they_are(client):
    document = DocumentFactory(slug="report", symbol="A/68/190")
    VersionFactory(document=document, language="en", url="https://undocs.org/en/A/68/190")
    VersionFactory(document=document, language="fr", url="http://undocs.org/fr/A/68/190")
    VersionFactory(document=document, language="es", url="", file="documents/informe.pdf", size=2048)

    listed = client.get("/en/api/documents/").json()["results"]
    alone = client.get("/en/api/documents/report/").json()

    assert listed == [alone]
    assert alone["url"] == "https://portal.example.org/en/documents/report/"
    assert [version["url"] for version in alone["versions"]] == [
        "https://undocs.org/en/A/68/190",
        "http://undocs.org/fr/A/68/190",
        "https://portal.example.org/en/documents/report/es/download/",
    ]


def test_openapi_description_is_valid_and_linked_from_the_readme(client, settings):
    response = client.get("/api/openapi.json")

    description = response.json()
    validate(description)
    assert description["openapi"] == "3.1.0"
    assert description["servers"] == [{"url": "https://portal.example.org"}]
    assert set(description["paths"]) == {
        "/{lang}/api/events/",
        "/{lang}/api/events/{slug}/",
        "/{lang}/api/documents/",
        "/{lang}/api/documents/{slug}/",
        "/{lang}/api/sessions/{event}/{session}/statements/",
    }
    readme = (settings.BASE_DIR / "README.md").read_text()
    assert "/api/openapi.json" in readme


@pytest.fixture
def api_data(db):
    event = EventFactory(slug="hld", country="US", live_stream_url="https://webtv.un.org/")
    SessionFactory(event=event, number=1)
    EventFactory(slug="geneva", title="Geneva meeting")
    document = DocumentFactory(symbol="A/68/292", slug="report", original_language="en")
    VersionFactory(document=document, language="fr")


@pytest.fixture
def wsgi_application():
    """The site as a WSGI server runs it, inside the test's transaction.

    As Django's test client does, connections are not closed at the end of each request: that would end the
    transaction (and with it the test's data) on PostgreSQL.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_answers_match_its_description_whatever_it_is_asked(api_data, wsgi_application, mode):
    """Fuzzed against its own description: no 5xx, and every answer, errors included, as described."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_application)

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_as_described(case):
        case.call_and_validate()

    answers_as_described()

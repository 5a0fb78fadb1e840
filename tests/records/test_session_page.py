"""The list of speakers and the official records on a session's page, as a visitor reads them."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from records.models import StatementFile
from tests.records.conftest import statement

pytestmark = pytest.mark.django_db

URL = "/{language}/events/hld/plenary-1/"


def speakers(html):
    """The delegations on the list of speakers, in the page's order."""
    return re.findall(r'<strong class="speaker-list__delegation">([^<]+)</strong>', html)


@pytest.mark.parametrize(
    ("language", "names", "heading"),
    [
        ("en", ["Mexico", "International Organization for Migration", "France"], "List of speakers"),
        ("fr", ["Mexique", "Organisation internationale pour les migrations", "France"], "Liste des orateurs"),
        ("es", ["México", "Organización Internacional para las Migraciones", "Francia"], "Lista de oradores"),
    ],
)
def test_speakers_in_order_in_each_language(client, plenary, delegations, language, names, heading):
    statement(plenary, delegations["france"], 3)
    statement(plenary, delegations["mexico"], 1, speaker_name="Juan Manuel Gómez Robledo")
    statement(plenary, delegations["iom"], 2)

    html = client.get(URL.format(language=language)).content.decode()

    assert heading in html
    assert speakers(html) == names


def test_only_existing_versions_are_linked(client, plenary, delegations, media_root, pdf_bytes):
    spoken = statement(plenary, delegations["france"], 1)
    StatementFile.objects.create(
        statement=spoken, language="fr", file=ContentFile(pdf_bytes, "x.pdf"), content_type="application/pdf"
    )
    StatementFile.objects.create(statement=spoken, language="en", url="https://example.org/france-en.pdf")
    statement(plenary, delegations["mexico"], 2)

    html = client.get("/en/events/hld/plenary-1/").content.decode()

    links = re.findall(
        r'<a href="([^"]+)" hreflang="(\w\w)" lang="\w\w" aria-label="[^"]+" title="[^"]+">(\w)</a>', html
    )
    assert links == [
        ("https://example.org/france-en.pdf", "en", "E"),
        (f"/en/statements/{spoken.pk}/fr/download/", "fr", "F"),
    ]
    assert "No text posted" in html  # Mexico's statement, without a file


def test_statement_file_is_served_sandboxed(client, plenary, delegations, media_root, pdf_bytes):
    spoken = statement(plenary, delegations["france"], 1)
    StatementFile.objects.create(
        statement=spoken, language="fr", file=ContentFile(pdf_bytes, "x.pdf"), content_type="application/pdf"
    )

    response = client.get(f"/fr/statements/{spoken.pk}/fr/download/")

    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="plenary-1-1-france-F.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes
    assert client.get(f"/fr/statements/{spoken.pk}/es/download/").status_code == 404


def test_a_statement_number_beyond_any_key_is_no_page(client):
    response = client.get("/fr/statements/99999999999999999999999/en/download/")

    assert response.status_code == 404
    assert response.headers["Content-Language"] == "fr"


def test_draft_statement_is_neither_listed_nor_served(client, plenary, delegations, media_root, pdf_bytes):
    draft = statement(plenary, delegations["france"], 1)
    draft.status = "draft"
    draft.save()
    StatementFile.objects.create(
        statement=draft, language="fr", file=ContentFile(pdf_bytes, "x.pdf"), content_type="application/pdf"
    )

    assert "List of speakers" not in client.get("/en/events/hld/plenary-1/").content.decode()
    assert client.get(f"/en/statements/{draft.pk}/fr/download/").status_code == 404

    # An editor opens it from the session's preview, and no cache keeps it.
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "x"))
    response = client.get(f"/en/statements/{draft.pk}/fr/download/")
    assert b"".join(response.streaming_content) == pdf_bytes
    assert "no-store" in response["Cache-Control"]


def test_filter_by_delegation(client, plenary, delegations):
    statement(plenary, delegations["france"], 1)
    statement(plenary, delegations["mexico"], 2)
    statement(plenary, delegations["france"], 3)

    html = client.get("/fr/events/hld/plenary-1/", {"delegation": "france"}).content.decode()

    assert speakers(html) == ["France", "France"]
    assert "Déclarations de la délégation suivante\u00a0: France." in html
    unknown = client.get("/fr/events/hld/plenary-1/", {"delegation": "nobody"}).content.decode()
    assert speakers(unknown) == ["France", "Mexique", "France"]
    assert "Aucune déclaration de cette délégation n’est publiée pour cette séance" in unknown
    assert "Aucune déclaration" not in html


def test_records_resolved_by_symbol(client, recorded):
    html = client.get("/fr/events/hld/plenary-1/").content.decode()

    assert 'Compte rendu analytique : <a href="/fr/documents/symbol/A/68/PV.25/">A/68/PV.25</a>' in html or (
        '<a href="/fr/documents/symbol/A/68/PV.25/">A/68/PV.25</a>' in html
    )
    assert '<a href="https://undocs.org/fr/A/68/PV.25" hreflang="fr">' in html
    assert '<a href="/fr/documents/symbol/GA/11434/">GA/11434</a>' in html
    assert '<a href="https://webtv.un.org/example">' in html
    response = client.get("/fr/documents/symbol/A/68/PV.25/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/documents/a-68-pv25/"


def test_unpublished_record_document_is_not_linked(client, recorded):
    recorded.press_summary.status = "draft"
    recorded.press_summary.save()

    html = client.get("/en/events/hld/plenary-1/").content.decode()

    assert "A/68/PV.25" in html
    assert "GA/11434" not in html


@pytest.mark.parametrize("count", [1, 200])
def test_session_page_query_count_is_constant(client, plenary, delegations, recorded, django_assert_num_queries,
                                              count):  # fmt: skip
    from records.models import Statement

    statements = Statement.objects.bulk_create(
        Statement(session=plenary, delegation=delegations["mexico"], order=n, status="published") for n in range(count)
    )
    StatementFile.objects.bulk_create(
        StatementFile(statement=item, language=language, url="https://example.org/")
        for item in statements
        for language in ("en", "es")
    )

    with django_assert_num_queries(4):
        response = client.get("/en/events/hld/plenary-1/")

    assert len(speakers(response.content.decode())) == count


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["General Assembly</strong>: John W. Ashe, President of the General Assembly", "Secretary-General"]),
        # French: a no-break space before the colon.
        (
            "fr",
            ["Assemblée générale</strong>\xa0: John W. Ashe, Président de l’Assemblée générale", "Secrétaire général"],
        ),
        ("es", ["Asamblea General</strong>: John W. Ashe, Presidente de la Asamblea General", "Secretario General"]),
    ],
)
def test_demo_first_plenary_meeting(client, demo, language, texts):
    html = client.get(f"/{language}/events/hld-2013/plenary-1/").content.decode()

    for text in texts:
        assert text in html
    assert f'<a href="/{language}/documents/symbol/GA/11434/">GA/11434</a>' in html
    assert "A/68/PV" not in html  # unconfirmed symbols are not shown
    assert f'href="/{language}/statements/' not in html  # no file invented


def test_demo_closing_statement_links_its_published_text(client, demo):
    html = client.get("/en/events/hld-2013/plenary-4/").content.decode()

    assert "Jan Eliasson, Deputy Secretary-General" in html
    assert '<a href="https://www.un.org/press/en/2013/dsgsm715.doc.htm" hreflang="en"' in html


def test_statements_in_the_api(client, plenary, delegations):
    statement(plenary, delegations["mexico"], 2)
    first = statement(plenary, delegations["iom"], 1, speaker_name="William Lacy Swing")
    StatementFile.objects.create(statement=first, language="en", url="https://example.org/iom.pdf")

    data = client.get("/es/api/sessions/hld/plenary-1/statements/").json()

    assert [item["delegation"]["name"] for item in data["results"]] == [
        "Organización Internacional para las Migraciones",
        "México",
    ]
    assert data["results"][0]["files"] == [{"language": "en", "url": "https://example.org/iom.pdf"}]
    assert data["results"][1]["delegation"]["country"] == "MX"


def test_statements_in_search_and_feed(client, plenary, delegations):
    statement(plenary, delegations["iom"], 1, speaker_name="William Lacy Swing")

    html = client.get("/en/search/", {"q": "Swing"}).content.decode()
    feed = client.get("/en/feeds/statements.rss").content.decode()

    assert "International Organization for Migration: William Lacy Swing</a>" in html
    assert "International Organization for Migration – Plenary meeting 1 (Dialogue)" in feed

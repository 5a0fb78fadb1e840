import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from common.models import PublicationStatus
from documents.models import Document, Reissue, Version
from tests.factories import DocumentFactory, EventDocumentFactory, VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return DocumentFactory(
        symbol="A/68/292",
        slug="a-68-292",
        title="Protection of migrants",
        title_fr="Protection des migrants",
        title_es="Protección de los migrantes",
        original_language="en",
    )


def file_version(document, language, content, name="report.pdf", content_type="application/pdf"):
    version = Version(document=document, language=language, content_type=content_type, size=len(content))
    version.file.save(name, ContentFile(content), save=False)
    version.save()
    return version


def test_language_links_show_only_the_versions_that_exist(client, report):
    VersionFactory(document=report, language="en")
    VersionFactory(document=report, language="fr")

    html = client.get("/en/documents/").content.decode()

    assert 'hreflang="en" lang="en" aria-label="English"' in html
    assert 'hreflang="fr" lang="fr" aria-label="Français"' in html
    assert 'hreflang="es" lang="es" aria-label' not in html
    assert ">E</a> | <a" in html
    assert ">F</a> ]" in html


def test_language_links_add_other_un_languages_in_un_order(client, report):
    for language in ("es", "ru", "ar", "en"):
        VersionFactory(document=report, language=language)

    html = client.get("/fr/documents/").content.decode()

    letters = [html.index(f'aria-label="{name}"') for name in ("العربية", "English", "Русский", "Español")]
    assert letters == sorted(letters)


def test_document_page_shows_its_facts_and_official_copy(client, report):
    event = EventDocumentFactory(document=report).event
    DocumentFactory(symbol="A/68/292/Corr.1", slug="a-68-292-corr-1", parent=report, reissue=Reissue.CORRIGENDUM)

    html = client.get("/en/documents/a-68-292/").content.decode()

    assert "A/68/292" in html
    assert "Protection of migrants" in html
    assert "Report" in html
    assert "9 August 2013" in html
    assert "Original language" in html
    assert 'href="https://undocs.org/A/68/292"' in html
    assert event.title in html
    assert "A/68/292/Corr.1" in html
    assert "Corrigendum" in html


def test_stable_symbol_address_leads_to_the_document(client, report):
    response = client.get("/en/documents/symbol/A/68/292/")

    assert response.status_code == 302
    assert response["Location"] == "/en/documents/a-68-292/"


def test_symbol_typed_in_search_leads_straight_to_the_document(client, report):
    response = client.get("/fr/documents/", {"q": "a/68/292"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/documents/a-68-292/"


def test_symbol_typed_with_a_filter_it_does_not_pass_finds_nothing(client, report):
    # A report is not a resolution: the filter chosen is kept, not jumped over to the document.
    response = client.get("/fr/documents/", {"q": "A/68/292", "type": "resolution"})
    kept = client.get("/fr/documents/", {"q": "A/68/292", "type": report.doc_type})

    assert response.status_code == 200
    assert "Protection des migrants" not in response.content.decode()
    assert kept.status_code == 200
    assert "Protection des migrants" in kept.content.decode()


def test_search_finds_a_french_title_on_french_pages(client, report):
    DocumentFactory(title="Something else", title_fr="Autre chose")

    html = client.get("/fr/documents/", {"q": "protection des"}).content.decode()

    assert "Protection des migrants" in html
    assert "Autre chose" not in html
    assert "1 document" in html


def test_library_filters_by_type_year_and_language(client, report):
    VersionFactory(document=report, language="es")
    DocumentFactory(title="Old resolution", doc_type="resolution", date=report.date.replace(year=2008))

    assert "Old resolution" not in client.get("/en/documents/", {"type": "report"}).content.decode()
    assert "Protection of migrants" not in client.get("/en/documents/", {"year": "2008"}).content.decode()
    html = client.get("/en/documents/", {"language": "es"}).content.decode()
    assert "Protection of migrants" in html
    assert "Old resolution" not in html


def test_library_ignores_bad_filter_values_with_a_message(client, report):
    response = client.get("/en/documents/", {"year": "banana", "type": "nonsense"})

    assert response.status_code == 200
    assert "Some filters were not understood" in response.content.decode()


def test_library_filters_keep_the_choices_made_and_tie_each_message_to_its_field(client, report):
    EventDocumentFactory(document=report, event__slug="hld-2013", event__title_fr="Dialogue <de> haut niveau")

    html = client.get(
        "/fr/documents/", {"type": "report", "event": "nowhere", "language": "es", "year": "nineteen"}
    ).content.decode()

    assert '<option value="report" selected>Rapport</option>' in html
    assert '<option value="es" selected>Espagnol</option>' in html
    assert '<option value="hld-2013">Dialogue &lt;de&gt; haut niveau</option>' in html
    assert 'aria-describedby="id_event_error" aria-invalid="true" id="id_event"' in html
    assert '<div class="error" id="id_event_error"><p>Sélectionnez un choix valide.' in html
    assert 'id="id_type_error"' not in html
    assert (
        '<input type="text" name="year" value="nineteen" aria-describedby="id_year_error" aria-invalid="true"'
        ' id="id_year" inputmode="numeric" size="4">'
    ) in html


def test_library_event_filter_names_an_untranslated_event_in_english(client, report):
    EventDocumentFactory(document=report, event__slug="side-event", event__title="Side event", event__title_fr="")

    html = client.get("/fr/documents/").content.decode()

    assert '<option value="side-event">Side event</option>' in html


def test_library_event_filter_offers_only_events_with_public_documents(client, report):
    EventDocumentFactory(document=report, event__slug="hld-2013", event__title="HLD 2013")
    later = timezone.now() + datetime.timedelta(days=2)
    drafts = EventDocumentFactory(event__slug="drafts-only", document__status="draft").event
    EventDocumentFactory(event=drafts, document__publish_from=later)

    assert '<option value="drafts-only">' not in client.get("/en/documents/").content.decode()

    Document.objects.filter(publish_from=later).update(publish_from=None)
    html = client.get("/en/documents/").content.decode()
    assert '<option value="drafts-only">' in html
    assert '<option value="hld-2013">HLD 2013</option>' in html


@pytest.mark.parametrize("count", [5, 500])
def test_library_queries_do_not_grow_with_documents(client, django_assert_num_queries, count):
    documents = Document.objects.bulk_create(
        Document(symbol=f"A/68/{n}", slug=f"doc-{n}", title_en=f"Doc {n}", status=PublicationStatus.PUBLISHED)
        for n in range(count)
    )
    Version.objects.bulk_create(
        Version(document=document, language="en", url="https://undocs.org/") for document in documents
    )

    with django_assert_num_queries(5):  # with the navigation's open calls
        response = client.get("/en/documents/")

    assert response.status_code == 200


def test_download_is_served_with_its_type_and_a_readable_name(client, report, pdf_bytes):
    file_version(report, "fr", pdf_bytes)

    response = client.get("/en/documents/a-68-292/fr/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="A-68-292-F.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"  # no other site's page embeds it
    assert response["Content-Language"] == "fr"  # the file's, from an English page
    assert b"".join(response.streaming_content) == pdf_bytes


def test_word_download_is_an_attachment(client, report, docx_bytes):
    file_version(report, "es", docx_bytes, name="x.docx", content_type="application/msword")

    response = client.get("/en/documents/a-68-292/es/download/")
    b"".join(response.streaming_content)  # read to the end, as a browser would

    assert response["Content-Disposition"] == 'attachment; filename="A-68-292-S.docx"'


def test_draft_document_and_its_files_are_unreachable(client, pdf_bytes):
    draft = DocumentFactory(symbol="A/68/999", slug="draft", title="Secret draft", status=PublicationStatus.DRAFT)
    file_version(draft, "en", pdf_bytes)

    assert client.get("/en/documents/draft/").status_code == 404
    assert client.get("/en/documents/draft/en/download/").status_code == 404
    assert client.get("/en/documents/symbol/A/68/999/").status_code == 404
    assert "Secret draft" not in client.get("/en/documents/", {"q": "secret"}).content.decode()
    assert client.get("/en/documents/", {"q": "A/68/999"}).status_code == 200


def test_an_editor_opens_a_draft_files_from_its_preview_and_no_cache_keeps_them(editor_client, pdf_bytes):
    draft = DocumentFactory(slug="draft", status=PublicationStatus.DRAFT)
    file_version(draft, "en", pdf_bytes)
    preview = editor_client.get("/en/documents/draft/?preview=1").content.decode()
    assert 'href="/en/documents/draft/en/download/"' in preview

    response = editor_client.get("/en/documents/draft/en/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes
    assert "no-store" in response["Cache-Control"]
    assert Client().get("/en/documents/draft/en/download/").status_code == 404  # a visitor


@pytest.fixture
def three_events(report):
    """Three events with documents, newest first: 2015, 2013, 2006."""
    return [
        EventDocumentFactory(
            document=report,
            event__slug=slug,
            event__title=title,
            event__start_date=datetime.date(year, 10, 3),
            event__end_date=datetime.date(year, 10, 4),
        ).event
        for slug, title, year in (
            ("gfmd-2015", "GFMD 2015", 2015),
            ("hld-2013", "HLD 2013", 2013),
            ("hld-2006", "HLD 2006", 2006),
        )
    ]


def test_library_offers_the_most_recent_events_and_says_so(client, three_events, monkeypatch):
    monkeypatch.setattr("documents.forms.FILTER_EVENTS", 2)

    html = client.get("/fr/documents/").content.decode()

    assert (
        '<option value="gfmd-2015">Réunion GFMD 2015</option>'
        '<option value="hld-2013">Réunion HLD 2013</option></select>' in html
    )
    assert "hld-2006" not in html
    assert 'aria-describedby="id_event_helptext"' in html
    assert (
        '<p class="help" id="id_event_helptext">Les 2 événements les plus récents. Les documents d’un événement plus '
        "ancien sont accessibles depuis sa page.</p>" in html
    )


def test_library_offers_an_older_event_asked_for_from_its_page(
    client, report, three_events, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("documents.forms.FILTER_EVENTS", 2)
    DocumentFactory(title="Not linked to any event")
    client.get("/en/documents/", {"event": "hld-2013"})  # offered: the filter's queries compiled

    # As many queries as for an event the filter offers: the older one is read with the most recent.
    with django_assert_num_queries(5):
        response = client.get("/en/documents/", {"event": "hld-2006"})

    html = response.content.decode()
    assert '<option value="hld-2006" selected>HLD 2006</option>' in html
    assert "hld-2013" in html
    assert "gfmd-2015" in html
    assert [document.pk for document in response.context["page_obj"]] == [report.pk]


def test_library_offers_every_event_below_the_bound(client, three_events):
    html = client.get("/en/documents/").content.decode()

    assert '<option value="hld-2006">HLD 2006</option>' in html
    assert "id_event_helptext" not in html


def test_event_page_links_to_its_documents_in_the_library(client, three_events):
    html = client.get("/es/events/hld-2013/").content.decode()

    assert (
        '<p><a href="/es/documents/?event=hld-2013">'
        "Buscar y filtrar los documentos de este evento en la biblioteca</a></p>" in html
    )

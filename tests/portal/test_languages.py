import datetime
import os

import pytest
from django.db import connection

from tests.factories import DocumentFactory, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "skip_link", "nav"),
    [
        ("en", "Skip to main content", "Documents"),
        ("fr", "Aller au contenu principal", "Événements"),
        ("es", "Ir al contenido principal", "Documentos"),
    ],
)
def test_home_page_in_each_language(client, language, skip_link, nav):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert skip_link in html
    assert nav in html


@pytest.mark.parametrize(("accept", "expected"), [("fr-FR,fr;q=0.9", "/fr/"), ("es", "/es/"), ("de", "/en/")])
def test_root_redirects_by_browser_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    event = EventFactory(slug="hld-2013")

    html = client.get(f"/en/events/{event.slug}/").content.decode()

    assert '<a href="/fr/events/hld-2013/" hreflang="fr" lang="fr">Français</a>' in html
    assert '<a href="/es/events/hld-2013/" hreflang="es" lang="es">Español</a>' in html
    assert '<span aria-current="true" lang="en">English</span>' in html


def test_language_switcher_keeps_the_query_string(client):
    html = client.get("/fr/documents/?q=migration").content.decode()

    assert 'href="/es/documents/?q=migration"' in html


def test_language_links_of_a_page_addressed_by_two_slugs_and_an_accented_query(client):
    session = SessionFactory(event__slug="hld-2013", slug="round-table-1")

    html = client.get(f"/fr/events/hld-2013/{session.slug}/", {"q": "développement"}).content.decode()

    assert 'href="/es/events/hld-2013/round-table-1/?q=d%C3%A9veloppement" hreflang="es"' in html
    english = "https://portal.example.org/en/events/hld-2013/round-table-1/"
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html


def test_search_results_give_dates_as_the_un_writes_them(client):
    DocumentFactory(title_fr="Rapport sur les migrations", date=datetime.date(2013, 10, 1))

    html = client.get("/fr/search/", {"q": "rapport migrations"}).content.decode()

    assert "1er octobre 2013" in html


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs the suite on PostgreSQL; a developer may use SQLite")
def test_suite_runs_on_postgresql_in_ci():
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_empty_rich_text_stored_as_null_shows_nothing(client, language):
    # Translated columns are nullable: rows written without the admin (generate_archive, imports) leave them NULL.
    event = EventFactory(summary="<p>A consultation.</p>", summary_fr="<p>Une consultation.</p>", body_en=None)

    about = client.get(f"/{language}/events/{event.slug}/").content.decode().split('id="about-heading"')[1]

    assert "None" not in about.split("</section>")[0]

"""Error pages as a visitor meets them in production: in the language of the address, in the site's own page
(no inline style the CSP would block), and without a word about the site's settings."""

import sqlite3
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from common.views import server_error
from submissions.models import Submission
from tests.document_files import pdf
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BAD_REQUEST = {
    "en": "Your request could not be read",
    "fr": "Votre demande n’a pas pu être lue",
    "es": "No se ha podido leer su solicitud",
}
CSRF_FAILURE = {
    "en": (
        "Your form could not be sent",
        "The form's security check failed. Make sure your browser accepts cookies from this site, reload the page "
        "and send the form again.",
    ),
    "fr": (
        "Votre formulaire n’a pas pu être envoyé",
        "Le contrôle de sécurité du formulaire a échoué. Vérifiez que votre navigateur accepte les cookies de ce "
        "site, actualisez la page et envoyez à nouveau le formulaire.",
    ),
    "es": (
        "No se ha podido enviar su formulario",
        "El control de seguridad del formulario ha fallado. Compruebe que su navegador acepta las cookies de este "
        "sitio, actualice la página y envíe de nuevo el formulario.",
    ),
}
NOT_ALLOWED = {
    "en": (
        "This address does not take that request",
        "A page of this site is read by following a link to it, and a form is sent from its own page. Go back and "
        "try again from there.",
    ),
    "fr": (
        "Cette adresse n’accepte pas cette demande",
        "Une page de ce site se lit en suivant un lien vers elle, et un formulaire s’envoie depuis sa propre page. "
        "Revenez en arrière et réessayez à partir de là.",
    ),
    "es": (
        "Esta dirección no acepta esa solicitud",
        "Una página de este sitio se lee siguiendo un enlace hacia ella, y un formulario se envía desde su propia "
        "página. Vuelva atrás e inténtelo de nuevo desde allí.",
    ),
}
SERVER_ERROR = {"en": "Something went wrong", "fr": "Une erreur s’est produite", "es": "Se ha producido un error"}
FORBIDDEN = {
    "en": ("Access denied", "You do not have permission to see this page."),
    "fr": ("Accès refusé", "Vous n’êtes pas autorisé à consulter cette page."),
    "es": ("Acceso denegado", "No tiene permiso para ver esta página."),
}


def page(response):
    return unescape(response.content.decode())


def assert_site_error_page(response, language, heading, message=None):
    html = page(response)
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    # Its links lead home in its language, not to "/", which chooses by the browser's.
    assert html.count(f'href="/{language}/"') == 2
    if message:
        assert f"<p>{message}</p>" in html
    assert "<style" not in html
    assert " style=" not in html
    assert "DEBUG" not in html


# A disallowed Host is refused by the page cache (on in production), which runs before LocaleMiddleware has
# chosen a language.
@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("path", ["/{language}/", "/{language}/events/hld/", "/{language}/no-such-page/"])
def test_a_request_for_a_host_not_served_gets_the_400_page_in_the_language_of_the_address(
    client, settings, path, language
):
    settings.PAGE_CACHE_SECONDS = 600
    EventFactory(slug="hld")

    response = client.get(path.format(language=language), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert_site_error_page(response, language, BAD_REQUEST[language])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "evil.example" not in page(response)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_form_sent_without_its_security_cookie_gets_the_site_page_in_the_visitor_language(call, form_data, language):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(f"/{language}/calls/{call.slug}/submit/", {**form_data, "files": [pdf()]})

    assert response.status_code == 403
    assert_site_error_page(response, language, *CSRF_FAILURE[language])
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not Submission.objects.exists()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_staff_without_the_permission_get_the_403_page_in_their_language(client, language):
    user = User.objects.create_user("clerk", password="a-long-pass-phrase", is_staff=True)
    client.force_login(user)

    response = client.get("/admin/submissions/submission/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert_site_error_page(response, language, *FORBIDDEN[language])
    assert "unsafe-inline" not in response["Content-Security-Policy"]


# An error raised before LocaleMiddleware runs (in the page cache, say) finds no language chosen yet.
@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("address", ["/{language}/documents/", "/{language}/search/"])
def test_a_form_sent_to_a_page_gets_the_405_page_in_the_language_of_the_address(address, language):
    response = Client().post(address.format(language=language), {"q": "migration"})

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Length"] == str(len(response.content))  # what gunicorn and nginx send of it
    assert_site_error_page(response, language, *NOT_ALLOWED[language])


def test_the_api_keeps_its_own_405_answer():
    response = Client().post("/en/api/documents/")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_500_page_speaks_the_language_of_the_address(language):
    with translation.override(None):
        response = server_error(RequestFactory().get(f"/{language}/events/hld/"))

    assert response.status_code == 500
    assert_site_error_page(response, language, SERVER_ERROR[language])


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize(
    "address",
    ["/en/feeds/documents.rss", "/en/feeds/submissions.atom", "/sitemap.xml", "/sitemap-events-1.xml", "/images/x.jpg"],
)
def test_feeds_sitemaps_and_photos_answer_only_get_and_head(address, method):
    EventFactory(slug="hld")

    response = getattr(Client(), method)(address)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert_site_error_page(response, "en", *NOT_ALLOWED["en"])


def raised(error, cause=None):
    """``error`` as it is being handled, from ``cause`` (the database driver's own) as Django wraps it."""
    try:
        raise error from cause
    except Exception:
        return server_error(RequestFactory().get("/en/events/hld/"))


def test_a_database_that_cannot_be_used_for_now_is_said_as_try_again_later():
    locked = raised(OperationalError("database is locked"), sqlite3.OperationalError("database is locked"))
    unreachable = raised(OperationalError("connection refused"))  # as psycopg says it, PostgreSQL down

    assert (locked.status_code, locked["Retry-After"]) == (503, "30")
    assert unreachable.status_code == 503


def test_a_fault_of_the_site_on_sqlite_is_not_said_as_try_again_later():
    # SQLite names a missing table an OperationalError, as it does a locked database: the visitor was told to
    # try again, and monitoring to wait, for a fault that would not go away.
    response = raised(OperationalError("no such table: events_session"), sqlite3.OperationalError("no such table"))

    assert response.status_code == 500

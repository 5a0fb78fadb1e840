"""The first option of a filter agrees with what it filters: "délégation" and "delegación" are feminine, as are the
French "langues"."""

import re

import pytest

from common.models import PublicationStatus
from records.models import Delegation, Statement
from tests.factories import DocumentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def first_option(html, select_attribute):
    return re.search(rf'<select [^>]*{select_attribute}[^>]*>\s*<option value=""[^>]*>([^<]+)</option>', html).group(1)


@pytest.mark.parametrize(("language", "word"), [("en", "All"), ("fr", "Toutes"), ("es", "Todas")])
def test_every_delegation_is_offered_in_the_feminine(client, language, word):
    session = SessionFactory(event__slug="hld", slug="plenary-1")
    for order, country in enumerate(["FR", "MX"], start=1):
        delegation = Delegation.objects.create(kind="state", country=country, slug=country.lower())
        Statement.objects.create(
            session=session, delegation=delegation, order=order, status=PublicationStatus.PUBLISHED
        )

    html = client.get(f"/{language}/events/hld/plenary-1/").content.decode()

    assert first_option(html, 'id="delegation-filter"') == word


@pytest.mark.parametrize(("language", "word"), [("en", "All"), ("fr", "Tous"), ("es", "Todos")])
def test_every_document_type_is_still_offered_in_the_masculine(client, language, word):
    DocumentFactory()

    html = client.get(f"/{language}/documents/").content.decode()

    assert first_option(html, 'name="type"') == word


@pytest.mark.parametrize(("language", "word"), [("en", "All"), ("fr", "Toutes"), ("es", "Todos")])
def test_every_language_is_offered_in_the_gender_of_languages(client, language, word):
    DocumentFactory()

    html = client.get(f"/{language}/documents/").content.decode()

    assert first_option(html, 'name="language"') == word

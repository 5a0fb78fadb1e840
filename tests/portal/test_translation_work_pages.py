"""The editors' translations to do: paged by the database, a fixed number of queries, counts bounded and said."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.pagination import BoundedPaginator
from portal import editorial
from tests.factories import DocumentFactory, EventFactory

pytestmark = pytest.mark.django_db


def untranslated(count, prefix="Report"):
    return [DocumentFactory(title=f"{prefix} {number:03}", title_fr="", title_es="") for number in range(count)]


def queries_of(client, page=1):
    """The queries of one request of the page, after a first one that warmed sessions and content types."""
    client.get("/admin/translations/", {"page": page})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/admin/translations/", {"page": page}).content.decode()
    return len(queries), html


def test_translations_page_costs_the_same_queries_with_few_or_many_items(editor_client):
    EventFactory(title="Untranslated meeting", title_fr="", title_es="")
    untranslated(2)
    few, _html = queries_of(editor_client)
    untranslated(150, prefix="Later")

    many, _html = queries_of(editor_client)
    last, html = queries_of(editor_client, page=2)

    assert many == few
    assert last <= few
    assert "Later 149" in html
    assert "Untranslated meeting" not in html


def test_translations_page_lists_each_item_once_across_pages(editor_client):
    EventFactory(title="Untranslated meeting", title_fr="", title_es="")
    untranslated(120)

    first = editor_client.get("/admin/translations/").content.decode()
    second = editor_client.get("/admin/translations/", {"page": 2}).content.decode()

    assert "121 published items need translating." in first
    assert "Untranslated meeting" in first
    assert "Report 098" in first
    assert "Report 099" not in first
    assert "Report 099" in second
    assert "Report 119" in second
    assert "Untranslated meeting" not in second
    assert "1 / 2" in first


def test_translations_page_and_dashboard_say_more_than_they_count(editor_client, monkeypatch):
    monkeypatch.setattr(editorial, "LIST_LIMIT", 3)
    monkeypatch.setattr(BoundedPaginator, "limit", 3)
    untranslated(5)

    page = editor_client.get("/admin/translations/").content.decode()
    dashboard = editor_client.get("/admin/").content.decode()
    french = editor_client.get("/admin/translations/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "more than 3 published items need translating." in page
    assert "Report 002" in page
    assert "Report 003" not in page
    assert 'class="overview__count">more than 3</a>' in dashboard
    assert "plus de 3 éléments publiés" in french

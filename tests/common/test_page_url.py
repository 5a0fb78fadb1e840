"""page_url() gives what reverse() gives, in every language, for every kind of argument."""

import uuid

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse
from django.utils.translation import override

from common.urls import page_url, page_urls

FILE = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("portal:home", {}),
        ("documents:detail", {"slug": "a-68-292"}),
        ("documents:download", {"slug": "a-68-292", "language": "fr"}),
        ("events:session", {"event_slug": "hld-2013", "slug": "round-table-1"}),
        ("submissions:file", {"pk": FILE, "name": "report_2013.pdf"}),
        ("submissions:file", {"pk": FILE, "name": "rapport d’étape.pdf"}),
        ("documents:by_symbol", {"symbol": "A/68/292"}),
    ],
)
def test_page_url_is_reverse(language, viewname, kwargs):
    with override(language):
        assert page_url(viewname, **kwargs) == reverse(viewname, kwargs=kwargs)


def test_a_value_that_looks_like_a_placeholder_is_put_in_as_it_is():
    with override("en"):
        address = page_url("events:session", event_slug="x90817263154", slug="round-table-1")

    assert address == "/en/events/x90817263154/round-table-1/"


def test_a_value_no_address_can_hold_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        page_url("documents:detail", slug="a/68/292")


def test_the_address_follows_the_language_active_when_it_is_made():
    with override("fr"):
        french = page_url("documents:detail", slug="a-68-292")
    with override("es"):
        spanish = page_url("documents:detail", slug="a-68-292")

    assert (french, spanish) == ("/fr/documents/a-68-292/", "/es/documents/a-68-292/")


# A URLconf of its own, where the documents' pages live elsewhere (test_a_new_urlconf_is_followed).
urlpatterns = [path("library/", include(([path("<slug:slug>/", lambda request: None, name="detail")], "documents")))]


def test_a_new_urlconf_is_followed():
    with override("en"):
        page_url("documents:detail", slug="a-68-292")
        with override_settings(ROOT_URLCONF=__name__):
            moved = page_url("documents:detail", slug="a-68-292")
        back = page_url("documents:detail", slug="a-68-292")

    assert (moved, back) == ("/library/a-68-292/", "/en/documents/a-68-292/")


def test_page_urls_gives_a_lists_addresses_as_reverse_does_from_one_lookup_of_their_shape():
    with override("fr"):
        downloads = page_urls("documents:download", "slug", "language")
        found = [downloads("a-68-292", "es"), downloads("a-68-292", "fr é")]
        expected = [
            reverse("documents:download", kwargs={"slug": "a-68-292", "language": "es"}),
            reverse("documents:download", kwargs={"slug": "a-68-292", "language": "fr é"}),
        ]

    assert found == expected
    assert found == ["/fr/documents/a-68-292/es/download/", "/fr/documents/a-68-292/fr%20%C3%A9/download/"]

"""address_in_language() moves a link to one of the site's pages into another language, and leaves others alone."""

import pytest

from common.urls import address_in_language


@pytest.mark.parametrize(
    ("url", "moved"),
    [
        ("/en/documents/a-res-63-225/", "/es/documents/a-res-63-225/"),
        ("/fr/events/hld-2013/?preview=1#sessions", "/es/events/hld-2013/?preview=1#sessions"),
        ("https://portal.example.org/en/documents/a-68-292/", "https://portal.example.org/es/documents/a-68-292/"),
        ("https://undocs.org/en/A/68/292", "https://undocs.org/en/A/68/292"),
        ("https://elsewhere.example/en/documents/a-68-292/", "https://elsewhere.example/en/documents/a-68-292/"),
        ("//elsewhere.example/en/documents/a-68-292/", "//elsewhere.example/en/documents/a-68-292/"),
        ("/en/no-such-page/", "/en/no-such-page/"),
        ("/media/documents/report.pdf", "/media/documents/report.pdf"),
        ("mailto:info@example.org", "mailto:info@example.org"),
    ],
)
def test_address_in_language(settings, url, moved):
    settings.SITE_URL = "https://portal.example.org"

    assert address_in_language(url, "es") == moved

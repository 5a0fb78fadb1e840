"""A resolution's paragraphs cited by an event: structured, written in the reader's language, linked to its text."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from documents.models import EventDocument

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "cited"),
    [
        ("en", 'paragraphs <a href="https://undocs.org/en/A/RES/67/172" hreflang="en">10(a)</a> and '
               '<a href="https://undocs.org/en/A/RES/67/172" hreflang="en">15</a>'),
        ("fr", 'paragraphes <a href="https://undocs.org/fr/A/RES/67/172" hreflang="fr">10 a)</a> et '
               '<a href="https://undocs.org/fr/A/RES/67/172" hreflang="fr">15</a>'),
        ("es", 'párrafos <a href="https://undocs.org/es/A/RES/67/172" hreflang="es">10 a)</a> y '
               '<a href="https://undocs.org/es/A/RES/67/172" hreflang="es">15</a>'),
    ],
)  # fmt: skip
def test_the_dialogue_cites_resolution_67_172_by_paragraph_in_each_language(client, demo, language, cited):
    html = unescape(client.get(f"/{language}/events/hld-2013/").content.decode())

    mandate = html[html.index("A/RES/67/172</a>") :][:700]
    assert cited in mandate, mandate


@pytest.mark.parametrize("value", ["ten", "10(a) 15", "10(A)", "10((a))"])
def test_paragraphs_are_written_as_the_document_numbers_them(demo, value):
    link = EventDocument.objects.get(event__slug="hld-2013", document__symbol="A/RES/67/172")
    link.paragraphs = value

    with pytest.raises(ValidationError) as refused:
        link.full_clean()

    assert refused.value.error_dict["paragraphs"][0].code == "paragraphs"


def test_cited_paragraphs_are_read_as_number_and_subparagraph(demo):
    link = EventDocument.objects.get(event__slug="hld-2013", document__symbol="A/RES/67/172")

    assert link.cited_paragraphs() == [("10", "a"), ("15", "")]

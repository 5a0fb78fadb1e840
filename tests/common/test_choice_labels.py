"""get_FOO_display() reads fixed choices from a dictionary made once, and still follows the active language."""

import pytest
from django.utils.translation import override

from documents.models import Document
from submissions.models import Submission


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ("Intergovernmental organization", "Spain", "Published", "Report")),
        ("fr", ("Organisation intergouvernementale", "Espagne", "Publiée", "Rapport")),
        ("es", ("Organización intergubernamental", "España", "Publicada", "Informe")),
    ],
)
def test_labels_follow_the_language_of_each_call(language, labels):
    submission = Submission(category="igo", country="ES", status="published")
    document = Document(doc_type="report")
    with override("fr"):  # a first call in another language must not decide the others
        submission.get_category_display(), submission.get_country_display(), document.get_doc_type_display()

    with override(language):
        shown = (
            submission.get_category_display(),
            submission.get_country_display(),
            submission.get_status_display(),
            document.get_doc_type_display(),
        )

    assert shown == labels


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Document(doc_type="minutes").get_doc_type_display() == "minutes"

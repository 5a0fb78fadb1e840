"""A file is parsed in a child process bounded in time and memory: past either bound it is refused, with why."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.document_files import pdf, pdf_of_size
from uploads.checks import InspectionBudget, check_upload
from uploads.kinds import PDF

MIB = 1024 * 1024


def refusal(upload):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload, max_size=10 * MIB, scan_for_viruses=False)
    return refused.value


def test_a_file_whose_parsing_needs_more_memory_than_allowed_is_refused(settings):
    settings.UPLOAD_INSPECTION_MEMORY = 0

    refused = refusal(SimpleUploadedFile("report.pdf", pdf_of_size(4 * MIB)))

    assert refused.code == "too_complex"
    assert "“report.pdf” took too long or too much memory to check" in refused.messages[0]


def test_a_file_whose_parsing_takes_longer_than_allowed_is_refused(settings):
    settings.UPLOAD_INSPECTION_SECONDS = 0.000_001

    refused = refusal(SimpleUploadedFile("report.pdf", pdf_of_size(4 * MIB)))

    assert refused.code == "too_complex"


def test_within_both_bounds_the_same_file_passes_and_can_be_read_again():
    upload = SimpleUploadedFile("report.pdf", pdf())

    assert check_upload(upload, max_size=10 * MIB, scan_for_viruses=False).kind == PDF
    assert upload.read(5) == b"%PDF-"  # the check read it and put it back


def test_a_file_left_when_the_request_budget_is_spent_is_refused_with_why(settings):
    settings.UPLOAD_INSPECTION_SECONDS = 15
    spent = InspectionBudget(seconds=0)

    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("report.pdf", pdf()), max_size=10 * MIB, scan_for_viruses=False, budget=spent)

    assert refused.value.code == "no_time_left"


def test_a_budget_gives_each_file_its_own_bound_and_no_more_than_is_left(settings):
    settings.UPLOAD_INSPECTION_SECONDS = 15

    assert InspectionBudget(seconds=100).for_next_file() == 15
    assert 9 < InspectionBudget(seconds=10).for_next_file() <= 10
    assert InspectionBudget(seconds=-1).for_next_file() == 0

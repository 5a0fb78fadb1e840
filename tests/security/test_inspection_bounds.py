"""A file is parsed in a child process bounded in time and memory: past either bound it is refused, with why."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.document_files import pdf, pdf_of_size
from uploads.checks import check_upload
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

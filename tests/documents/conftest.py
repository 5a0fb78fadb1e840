import pytest

from tests.document_files import docx, odt, pdf

PDF_BYTES = pdf()


@pytest.fixture
def pdf_bytes():
    return PDF_BYTES


@pytest.fixture
def docx_bytes():
    return docx()


@pytest.fixture
def odt_bytes():
    return odt()

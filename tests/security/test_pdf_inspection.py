"""What uploads.inspection finds in a PDF, read the way viewers read one: every object, whatever its number or
how its keys are written."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from uploads import inspection
from uploads.checks import check_upload
from uploads.inspection import MAX_PDF_OBJECTS, Finding, inspect_file
from uploads.kinds import PDF

PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Annots[5 0 R]>>"
CONTENT = b"<</Length 44>>\nstream\nBT /F1 12 Tf 72 720 Td (Hello) Tj ET\n\nendstream"


def pdf_file(objects):
    """tests.document_files.pdf_file, in linear time for the files of 200,000 objects here."""
    parts, offsets, at = [b"%PDF-1.4\n"], [], 9
    for number, body in enumerate(objects, 1):
        offsets.append(at)
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        at += len(parts[-1])
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    parts.extend(b"%010d 00000 n \n" % offset for offset in offsets)
    parts.append(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, at))
    return b"".join(parts)


def linked_page(*others, action):
    """A one-page PDF with a Link over the page whose action is ``action``, then ``others``, numbered from 6."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", PAGE, CONTENT]
    objects.append(b"<</Type/Annot/Subtype/Link/Rect[0 0 595 842]/A %s>>" % action)
    return pdf_file([*objects, *others])


def test_a_pdf_with_more_objects_than_are_read_is_refused_not_passed_unread():
    fillers = [b"0"] * MAX_PDF_OBJECTS
    javascript = b"<</S/JavaScript/JS(app.alert\\('not seen'\\))>>"
    content = linked_page(*fillers, javascript, action=b"%d 0 R" % (6 + MAX_PDF_OBJECTS))

    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("report.pdf", content), max_size=len(content), scan_for_viruses=False)

    assert refused.value.code == "too_many_objects"
    assert refused.value.messages == [
        "The file “report.pdf” is made of far more parts than a normal document, too many to check: save it again "
        "as a simpler PDF, or split it."
    ]


def test_javascript_in_the_last_object_a_pdf_may_have_is_found(monkeypatch):
    monkeypatch.setattr(inspection, "MAX_PDF_OBJECTS", 100)
    fillers = [b"0"] * (100 - 6)
    javascript = b"<</S/JavaScript/JS(app.alert\\('seen'\\))>>"
    content = linked_page(*fillers, javascript, action=b"100 0 R")

    found = inspect_file(SimpleUploadedFile("report.pdf", content))

    assert (found.kind, found.refusal, found.findings) == (PDF, "", (Finding("pdf_javascript"),))
    one_more = linked_page(*fillers, b"0", javascript, action=b"101 0 R")
    assert inspect_file(SimpleUploadedFile("report.pdf", one_more)).refusal == "too_many_objects"


MZ = b"MZ\x90\x00" + bytes(60)


@pytest.mark.parametrize(
    ("action", "others", "finding"),
    [
        (b"<</S 6 0 R/F(cmd.exe)/Win<</F(cmd.exe)/P(/c calc)>>>>", [b"/Launch"], "pdf_launch"),
        (b"<</S 6 0 R/JS(app.alert\\(1\\))>>", [b"/JavaScript"], "pdf_javascript"),
    ],
    ids=["launch", "javascript"],
)
def test_an_action_whose_kind_is_a_reference_is_found(action, others, finding):
    found = inspect_file(SimpleUploadedFile("report.pdf", linked_page(*others, action=action)))

    assert found.findings == (Finding(finding),)


@pytest.mark.parametrize(
    "filespec_type", [b"", b"/Type/Filespec", b"/Type 7 0 R"], ids=["untyped", "typed", "reference"]
)
def test_a_file_attached_to_an_annotation_is_found_however_its_specification_is_written(filespec_type):
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", PAGE, CONTENT]
    objects.append(
        b"<</Type/Annot/Subtype/FileAttachment/Rect[0 0 50 50]/FS<<%s/F(annex.exe)/EF<</F 6 0 R>>>>>>" % filespec_type
    )
    objects.append(b"<</Type/EmbeddedFile/Length %d>>\nstream\n%s\nendstream" % (len(MZ), MZ))
    objects.append(b"/Filespec")

    found = inspect_file(SimpleUploadedFile("report.pdf", pdf_file(objects)))

    assert found.findings == (Finding("pdf_embedded_file"),)


@pytest.mark.parametrize(
    "lead", [b"\xef\xbb\xbf", b"\r\n", b"\xef\xbb\xbf\n \n"], ids=["bom", "crlf", "bom-and-blank-lines"]
)
def test_a_pdf_whose_header_follows_a_bom_or_blank_lines_is_read_as_viewers_read_it(lead):
    content = lead + pdf_file([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", PAGE, CONTENT])

    checked = check_upload(SimpleUploadedFile("report.pdf", content), max_size=len(content), scan_for_viruses=False)

    assert checked.kind == PDF


def test_a_pdf_header_after_other_content_is_still_not_a_pdf():
    content = b"hello\n" + pdf_file(
        [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", PAGE, CONTENT]
    )

    assert inspect_file(SimpleUploadedFile("report.pdf", content)).kind is None


def plain_pdf():
    return pdf_file([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>", PAGE, CONTENT])


def test_a_page_joined_after_a_pdf_is_found_when_the_pdfs_end_is_written_again_after_it():
    content = plain_pdf()
    end = content[content.rindex(b"startxref") :]  # "startxref <offset> %%EOF", as an incremental save ends

    found = inspect_file(SimpleUploadedFile("report.pdf", content + b"<html><script>alert(1)</script></html>\n" + end))

    assert found.findings == (Finding("trailing_data", "web"),)


@pytest.mark.parametrize("size", [2048, 1024 * 1024 + 200_000], ids=["small", "over-a-mebibyte"])
def test_a_program_joined_after_a_pdf_is_found_whatever_its_size(size):
    program = b"MZ" + bytes(size)

    found = inspect_file(SimpleUploadedFile("report.pdf", plain_pdf() + program))

    assert found.findings == (Finding("trailing_data", "program"),)


def test_an_incremental_update_is_not_something_joined():
    content = plain_pdf()
    update = b"5 0 obj\n<</Producer(Acrobat)>>\nendobj\n"
    xref = len(content) + len(update)
    previous = content[content.rindex(b"startxref") + 10 :].split()[0]
    content += (
        update
        + b"xref\n5 1\n%010d 00000 n \ntrailer\n<</Size 6/Root 1 0 R/Prev %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (
            len(content),
            previous,
            xref,
        )
    )

    found = inspect_file(SimpleUploadedFile("report.pdf", content))

    assert (found.kind, found.findings) == (PDF, ())


def test_a_few_bytes_and_padding_after_a_pdfs_end_are_not_something_joined():
    found = inspect_file(SimpleUploadedFile("report.pdf", plain_pdf() + b"\n1234\n" + b" " * 4096))

    assert found.findings == ()

"""Office files a document embeds (a chart's workbook, a document shown as an icon) open in Word or Excel with a
double click: each is held to the policy of the document itself, macros, commands and remote resources included."""

import io
import zipfile

import pytest

from tests.document_files import WORD_MACRO_MAIN, doc, docx, odt
from tests.security.hostile import docx_with_dde
from uploads.inspection import Finding, Inspection, inspect_file
from uploads.kinds import DOCX, ODT

VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
MACRO_WORKBOOK_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
    "</Types>"
)
WORKBOOK_TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def workbook(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def embedding(name, content):
    return docx([(f"word/embeddings/{name}", content)])


def inspected(content):
    return inspect_file(io.BytesIO(content))


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("Microsoft_Word_Document.docx", docx_with_dde(), "scripts"),
        ("Document.docm", docx([("word/vbaProject.bin", VBA_PROJECT)], main=WORD_MACRO_MAIN), "macros"),
        (
            "Worksheet.xlsm",
            workbook([("[Content_Types].xml", MACRO_WORKBOOK_TYPES), ("xl/vbaProject.bin", VBA_PROJECT)]),
            "macros",
        ),
        (
            "Worksheet.xlsx",
            workbook([("[Content_Types].xml", MACRO_WORKBOOK_TYPES), ("xl/vbaProject.bin", VBA_PROJECT)]),
            "macros",
        ),
        (
            "Worksheet.xlsx",
            workbook(
                [
                    ("[Content_Types].xml", WORKBOOK_TYPES),
                    (
                        "xl/externalLinks/externalLink1.xml",
                        '<externalLink><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
                    ),
                ]
            ),
            "scripts",
        ),
        ("Worksheet.xlsx", workbook([("xl/workbook.xml", "<workbook/>")]), "archive_nested"),
        ("Microsoft_Word_97_-_2003_Document.doc", doc(("WordDocument", "Macros")), "macros"),
        ("oleObject1.bin", doc(("Workbook", "_VBA_PROJECT_CUR")), "macros"),
    ],
    ids=["docx-dde", "docm", "xlsm", "xlsm-named-xlsx", "xlsx-dde-link", "zip-named-xlsx", "doc-macros", "xls-macros"],
)
def test_an_embedded_office_file_is_refused_as_the_document_would_be(name, content, refusal):
    assert inspected(embedding(name, content)).refusal == refusal


def test_an_embedded_office_files_remote_resources_are_shown_with_where_they_are():
    inner = docx(relationships=[("image", "http://example.org/pixel.png", True)])

    found = inspected(embedding("Microsoft_Word_Document.docx", inner))

    assert (found.kind, found.refusal) == (DOCX, "")
    assert found.findings == (
        Finding(
            "external_resource", "word/embeddings/Microsoft_Word_Document.docx: image: http://example.org/pixel.png"
        ),
    )


def test_a_plain_embedded_workbook_is_accepted_with_nothing_to_show():
    content = embedding("Microsoft_Excel_Worksheet.xlsx", workbook([("[Content_Types].xml", WORKBOOK_TYPES)]))

    assert inspected(content) == Inspection(kind=DOCX)


def test_an_ole_object_with_macros_in_an_odt_is_refused():
    content = odt([("Object 1", doc(("WordDocument", "Macros")))])

    assert (inspected(content).kind, inspected(content).refusal) == (ODT, "macros")

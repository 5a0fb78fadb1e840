"""The hostile kit (tests/security/hostile.py) through the real public form and the admin's version form.

Each file is refused with a clear message in the visitor's language and nothing is stored, or it is a real
document, stored under a random name and, once published, only ever served with a sandbox, nosniff, the type of
its content and, unless it is a PDF, as an attachment. Before publication its address is not found.
"""

import re
import unicodedata
from html import unescape
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.http import parse_header_parameters

from common.files import KINDS
from documents.forms import VersionForm
from submissions import services
from submissions.models import Submission, SubmissionFile
from tests.factories import DocumentFactory
from tests.security import hostile
from tests.security.hostile import (
    DROPPED_NAMES,
    HOSTILE_FILES,
    HOSTILE_NAMES,
    MISLEADING_NAMES,
    OVERLONG_NAMES,
    Part,
)

pytestmark = pytest.mark.django_db

KIB = 1024
FILE_LIMIT = 256 * KIB
TOTAL_LIMIT = 1024 * KIB
LIMIT_TEXT = {"en": "256.0\xa0KB", "fr": "256,0\xa0Ko", "es": "256,0\xa0KB"}
TOTAL_TEXT = {"en": "512.0\xa0KB", "fr": "512,0\xa0Ko", "es": "512,0\xa0KB"}

# The wording of locale/*/LC_MESSAGES/django.po, word for word.
MESSAGES = {
    "wrong_type": {
        "en": "The file “{name}” is not a PDF, DOC, DOCX, ODT document, whatever its name says.",
        "fr": "Le fichier « {name} » n'est pas un document de type PDF, DOC, DOCX, ODT, quoi qu'indique son nom.",
        "es": "El archivo “{name}” no es un documento de tipo PDF, DOC, DOCX, ODT, "
        "independientemente de lo que indique su nombre.",
    },
    "empty": {
        "en": "The file “{name}” is empty.",
        "fr": "Le fichier « {name} » est vide.",
        "es": "El archivo “{name}” está vacío.",
    },
    "too_large": {
        "en": "The file “{name}” is larger than the limit of {limit}.",
        "fr": "Le fichier « {name} » dépasse la limite de {limit}.",
        "es": "El archivo “{name}” supera el límite de {limit}.",
    },
    "total_too_large": {
        "en": "Your files together are larger than the limit of {limit}. Send fewer or smaller files.",
        "fr": "L'ensemble de vos fichiers dépasse la limite de {limit}. Envoyez moins de fichiers ou des fichiers "
        "plus petits.",
        "es": "Sus archivos juntos superan el límite de {limit}. Envíe menos archivos o archivos más pequeños.",
    },
    "archive_bomb": {
        "en": "The file expands to far more than its size: it is refused as a possible archive bomb.",
        "fr": "Une fois décompressé, le fichier occupe bien plus que sa taille : il est refusé, car il pourrait "
        "s'agir d'une bombe de décompression.",
        "es": "Al descomprimirse, el archivo ocupa mucho más que su tamaño: se rechaza por tratarse posiblemente "
        "de una bomba de descompresión.",
    },
    "archive_nested": {
        "en": "The file contains another archive, which is not accepted.",
        "fr": "Le fichier contient une autre archive, ce qui n'est pas accepté.",
        "es": "El archivo contiene otro archivo comprimido, lo cual no se admite.",
    },
    "archive_paths": {
        "en": "The file contains unsafe paths.",
        "fr": "Le fichier contient des chemins d'accès non sûrs.",
        "es": "El archivo contiene rutas de acceso no seguras.",
    },
    "no_file": {
        "en": "Attach at least one file.",
        "fr": "Joignez au moins un fichier.",
        "es": "Adjunte al menos un archivo.",
    },
}
SUMMARY = {
    "en": "Please correct the following",
    "fr": "Veuillez corriger les points suivants",
    "es": "Corrija lo siguiente",
}

REFUSED = [item for item in HOSTILE_FILES if item.refusal]
ACCEPTED = [item for item in HOSTILE_FILES if not item.refusal]
RANDOM_NAME = re.compile(r"^\d{4}/\d{2}/[0-9a-f]{32}$")


@pytest.fixture
def hostile_call(call):
    """The shared call with room for the kit: 256 KiB a file, 1 MiB in all."""
    call.max_file_size, call.max_total_size = FILE_LIMIT, TOTAL_LIMIT
    call.save()
    return call


def submit(client, call, form_data, parts, language):
    return hostile.post_multipart(client, f"/{language}/calls/{call.slug}/submit/", form_data, parts)


def stored_files(private_root):
    return sorted(path for path in private_root.rglob("*") if path.is_file()) if private_root.exists() else []


def page(response):
    return unescape(response.content.decode())


def assert_refused(response, language, message, private_root, *, field="files", code=None):
    html = page(response)
    assert response.status_code == 400, html[:500]
    assert SUMMARY[language] in html
    assert message in html
    if code:
        assert [error.code for error in response.context["form"].errors.as_data()[field]] == [code]
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert stored_files(private_root) == []


def served(response):
    """The body of a file response, read to the end as a browser would (which also closes the file)."""
    return b"".join(response.streaming_content)


def disposition(response):
    kind, params = parse_header_parameters(response["Content-Disposition"])
    return kind, params.get("filename")


def publish(submission, moderator):
    services.change_status(submission=submission, to_status="published", actor=moderator)


def assert_inert(response, kind):
    """How a stored upload must be served: sandboxed, never sniffed, typed by its content, attached unless a PDF."""
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == kind.content_type
    assert "html" not in response["Content-Type"]
    expected = "inline" if kind.content_type == "application/pdf" else "attachment"
    assert disposition(response)[0] == expected


# --- Refused files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize("item", REFUSED, ids=str)
def test_a_hostile_file_is_refused_with_a_translated_message(
    client, hostile_call, form_data, private_root, item, language
):
    response = submit(client, hostile_call, form_data, [Part("files", item.name, item.content)], language)

    message = MESSAGES[item.refusal][language].format(name=item.name)
    assert_refused(response, language, message, private_root, code=item.refusal)


@pytest.mark.parametrize("item", REFUSED, ids=str)
def test_a_hostile_annex_is_refused_too(client, hostile_call, form_data, private_root, item):
    parts = [Part("files", "submission.pdf", hostile.pdf()), Part("annexes", item.name, item.content)]

    response = submit(client, hostile_call, form_data, parts, "fr")

    message = MESSAGES[item.refusal]["fr"].format(name=item.name)
    assert_refused(response, "fr", message, private_root, field="annexes", code=item.refusal)


def test_one_hostile_file_among_good_ones_refuses_the_whole_submission(client, hostile_call, form_data, private_root):
    parts = [
        Part("files", "good.pdf", hostile.pdf()),
        Part("files", "bomb.odt", hostile.odt_bomb()),
        Part("annexes", "annex.docx", hostile.docx()),
    ]

    response = submit(client, hostile_call, form_data, parts, "es")

    assert_refused(response, "es", MESSAGES["archive_bomb"]["es"], private_root, code="archive_bomb")


# --- Sizes ----------------------------------------------------------------------------------------------------------


def test_a_file_exactly_at_the_limit_is_accepted(client, hostile_call, form_data, private_root):
    content = hostile.pdf_of_size(FILE_LIMIT)

    response = submit(client, hostile_call, form_data, [Part("files", "limit.pdf", content)], "fr")

    assert response.status_code == 302
    assert SubmissionFile.objects.get().size == FILE_LIMIT
    assert [path.read_bytes() for path in stored_files(private_root)] == [content]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_a_file_one_byte_over_the_limit_is_refused(client, hostile_call, form_data, private_root, language):
    content = hostile.pdf_of_size(FILE_LIMIT + 1)

    response = submit(client, hostile_call, form_data, [Part("files", "over.pdf", content)], language)

    message = MESSAGES["too_large"][language].format(name="over.pdf", limit=LIMIT_TEXT[language])
    assert_refused(response, language, message, private_root, code="too_large")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_files_one_byte_over_the_total_are_refused(client, hostile_call, form_data, private_root, language):
    hostile_call.max_total_size = 2 * FILE_LIMIT
    hostile_call.save()
    parts = [
        Part("files", "a.pdf", hostile.pdf_of_size(FILE_LIMIT)),
        Part("files", "b.pdf", hostile.pdf_of_size(FILE_LIMIT - 1000)),
        Part("annexes", "c.pdf", hostile.pdf_of_size(1001)),
    ]

    response = submit(client, hostile_call, form_data, parts, language)

    message = MESSAGES["total_too_large"][language].format(limit=TOTAL_TEXT[language])
    assert_refused(response, language, message, private_root)


# --- Accepted files: stored inert ------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ACCEPTED, ids=str)
def test_an_active_document_is_stored_inert_and_served_only_sandboxed(
    client, hostile_call, form_data, moderator, private_root, item
):
    content = item.content
    response = submit(client, hostile_call, form_data, [Part("files", item.name, content)], "es")
    assert response.status_code == 302, page(response)[:500]
    record = SubmissionFile.objects.get()
    kind = KINDS[item.kind]
    assert record.content_type == kind.content_type
    assert RANDOM_NAME.match(record.file.name), record.file.name  # no name or extension a server could act on
    assert [path.read_bytes() for path in stored_files(private_root)] == [content]

    with translation.override("en"):
        url = record.get_absolute_url()
    assert url.startswith("/en/submissions/files/")
    assert client.get(url).status_code == 404  # received, not published

    publish(record.submission, moderator)
    response = client.get(url)

    assert_inert(response, kind)
    assert served(response) == content


# Real documents under names that would turn them active once saved (page.html, setup.exe, invoice.docm): the
# served name must end in the extension of what they are.
@pytest.mark.parametrize("item", MISLEADING_NAMES, ids=str)
def test_a_document_under_a_misleading_name_is_served_under_the_name_of_its_kind(
    client, hostile_call, form_data, moderator, item
):
    response = submit(client, hostile_call, form_data, [Part("files", item.name, item.content)], "fr")
    assert response.status_code == 302, page(response)[:500]
    record = SubmissionFile.objects.get()
    publish(record.submission, moderator)

    response = client.get(record.get_absolute_url())

    kind = KINDS[item.kind]
    assert_inert(response, kind)
    served(response)
    _type, filename = disposition(response)
    assert filename.lower().endswith(f".{kind.extension}"), filename


# --- Names ------------------------------------------------------------------------------------------------------------


def assert_clean_name(name):
    assert name
    assert len(name) <= 150, len(name)
    assert not any(unicodedata.category(ch)[0] == "C" for ch in name), ascii(name)
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith((".", " "))
    assert not name.endswith((".", " "))
    # What a name becomes once "normalised" (NFKC, or Windows' best-fit code pages) must not be a path either.
    folded = unicodedata.normalize("NFKC", name)
    assert "/" not in folded, ascii(name)
    assert "\\" not in folded, ascii(name)
    assert folded not in (".", ".."), ascii(name)


# Each name as a browser sends it (in French) and percent-encoded as RFC 2231 allows (in Spanish), which also lets NUL,
# CR and LF through; long non-ASCII names percent-encoded would pass the parser's header limit (see below).
NAME_CASES = [pytest.param(name, "fr", False, id=f"{key}-browser") for key, name in HOSTILE_NAMES.items()] + [
    pytest.param(name, "es", True, id=f"{key}-rfc2231")
    for key, name in HOSTILE_NAMES.items()
    if len(quote(name, safe="")) < 900
]


@pytest.mark.parametrize(("name", "language", "rfc2231"), NAME_CASES)
def test_a_hostile_name_is_stored_cleaned_and_shown_cleaned(
    client,
    hostile_call,
    form_data,
    moderator,
    private_root,
    django_capture_on_commit_callbacks,
    name,
    language,
    rfc2231,
):
    content = hostile.pdf()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, hostile_call, form_data, [Part("files", name, content, rfc2231=rfc2231)], language)

    assert response.status_code == 302, page(response)[:500]
    record = SubmissionFile.objects.get()
    cleaned = record.original_name
    assert_clean_name(cleaned)
    assert RANDOM_NAME.match(record.file.name), record.file.name
    receipt = mail.outbox[0]
    assert receipt.to == ["ana@example.org"]
    assert f"- {cleaned} (" in receipt.body

    assert client.get(record.get_absolute_url()).status_code == 404
    publish(record.submission, moderator)
    response = client.get(record.get_absolute_url())
    assert_inert(response, KINDS["pdf"])
    assert served(response) == content
    assert disposition(response)[1] == cleaned
    listing = client.get(f"/{language}/calls/{hostile_call.slug}/").content.decode()
    assert record.get_absolute_url() in unescape(listing)
    assert "<img src=x" not in listing


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", DROPPED_NAMES.values(), ids=DROPPED_NAMES.keys())
def test_a_file_whose_name_is_only_a_path_counts_as_not_sent(
    client, hostile_call, form_data, private_root, name, language
):
    response = submit(client, hostile_call, form_data, [Part("files", name, hostile.pdf())], language)

    assert_refused(response, language, MESSAGES["no_file"][language], private_root, code="no_file")


# Django refuses the whole request (MultiPartParserError, a 400) when a part's header passes 1 KiB; the visitor
# must still get a page in their language that says what happened, not Django's bare "Bad Request (400)".
@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", OVERLONG_NAMES.values(), ids=OVERLONG_NAMES.keys())
def test_a_name_too_long_to_parse_gets_a_page_in_the_visitor_language(
    client, hostile_call, form_data, private_root, name, language
):
    response = submit(client, hostile_call, form_data, [Part("files", name, hostile.pdf())], language)

    html = page(response)
    assert response.status_code == 400
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []
    assert "<h1>Bad Request (400)</h1>" not in html, "Django's bare, untranslated 400 page (no templates/400.html)"
    assert f'<html lang="{language}"' in html


def test_a_refusal_names_the_file_without_its_path_or_control_characters(client, hostile_call, form_data):
    name = "../../\u202eevil\x1b[0m\u200b.pdf"

    response = submit(client, hostile_call, form_data, [Part("files", name, hostile.html(), rfc2231=True)], "fr")

    assert response.status_code == 400
    shown = response.context["form"].errors.as_data()["files"][0].params["name"]
    assert_clean_name(shown)
    assert MESSAGES["wrong_type"]["fr"].format(name=shown) in page(response)


# --- The admin's version form -----------------------------------------------------------------------------------------


def version_form(name, content):
    form = VersionForm(data={"language": "fr", "url": ""}, files={"file": SimpleUploadedFile(name, content)})
    form.instance.document = DocumentFactory()
    return form


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize(
    ("build", "name", "code"),
    [
        (hostile.pe, "report.pdf", "wrong_type"),
        (hostile.elf, "report.pdf", "wrong_type"),
        (hostile.html, "report.pdf", "wrong_type"),
        (hostile.svg, "report.docx", "wrong_type"),
        (hostile.gifar, "report.pdf", "wrong_type"),
        (hostile.empty, "report.pdf", "empty"),
        (hostile.odt_bomb, "report.odt", "archive_bomb"),
        (hostile.docx_nesting_a_zip, "report.docx", "archive_nested"),
        (hostile.docx_with_corrupt_data, "report.docx", "wrong_type"),
    ],
    ids=["pe", "elf", "html", "svg", "gifar", "empty", "odt-bomb", "nested", "corrupt-docx"],
)
def test_the_version_form_refuses_hostile_files_in_the_editor_language(build, name, code, language):
    with translation.override(language):
        form = version_form(name, build())
        assert not form.is_valid()
        errors = [str(error) for error in form.errors["file"]]

    assert [error.code for error in form.errors.as_data()["file"]] == [code]
    assert errors == [MESSAGES[code][language].format(name=name)]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_the_version_form_refuses_a_file_one_byte_over_its_limit(settings, language):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = FILE_LIMIT

    with translation.override(language):
        at_limit = version_form("limit.pdf", hostile.pdf_of_size(FILE_LIMIT))
        over = version_form("big.pdf", hostile.pdf_of_size(FILE_LIMIT + 1))
        assert at_limit.is_valid(), at_limit.errors
        assert not over.is_valid()
        errors = [str(error) for error in over.errors["file"]]

    assert errors == [MESSAGES["too_large"][language].format(name="big.pdf", limit=LIMIT_TEXT[language])]


@pytest.mark.parametrize(
    ("build", "name", "kind"),
    [
        (hostile.pdf_with_javascript, "report.pdf", "pdf"),
        (hostile.pdf_header_html, "page.html", "pdf"),
        (hostile.pdf, "image.svg", "pdf"),
        (hostile.docx_with_macro, "invoice.docm", "docx"),
        (hostile.pdf, "report", "pdf"),
    ],
    ids=["pdf-javascript", "pdf-html-as-html", "pdf-as-svg", "docx-macro-as-docm", "no-extension"],
)
def test_a_version_file_is_stored_and_served_as_what_it_is(client, build, name, kind):
    content = build()
    form = version_form(name, content)
    assert form.is_valid(), form.errors
    version = form.save()
    document = version.document
    kind = KINDS[kind]

    assert version.content_type == kind.content_type
    assert client.get(f"/media/{version.file.name}").status_code == 404  # never a plain file
    response = client.get(f"/en/documents/{document.slug}/fr/download/")

    assert_inert(response, kind)
    assert served(response) == content
    assert version.file.name.endswith(f".{kind.extension}"), version.file.name
    assert disposition(response)[1].endswith(f".{kind.extension}"), disposition(response)

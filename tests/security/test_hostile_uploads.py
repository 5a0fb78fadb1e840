"""The hostile kit (tests/security/hostile.py) through the real public form and the admin's version form.

Each file is refused with a clear message in the visitor's language and nothing is stored, or it is a real
document whose name ends in what it is, stored under a random name, its active content flagged to moderators and,
once published, only ever served as an attachment with a sandbox, nosniff and the type of its content. Before
publication its address is not found.
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

from documents.forms import VersionForm
from submissions import services
from submissions.models import Submission, SubmissionFile
from tests.document_files import pdf_of_size
from tests.factories import DocumentFactory
from tests.security import hostile
from tests.security.hostile import (
    DROPPED_NAMES,
    FLAGGED_FILES,
    FLAGS,
    HOSTILE_FILES,
    HOSTILE_NAMES,
    MISLEADING_NAMES,
    OVERLONG_NAMES,
    PLAIN_DOCUMENTS,
    REFUSED_NAMES,
    Part,
)
from uploads.kinds import KINDS

pytestmark = pytest.mark.django_db

KIB = 1024
FILE_LIMIT = 256 * KIB
TOTAL_LIMIT = 1024 * KIB
LIMIT_TEXT = {"en": "256.0\xa0KB", "fr": "256,0\xa0Ko", "es": "256,0\xa0KB"}
TOTAL_TEXT = {"en": "512.0\xa0KB", "fr": "512,0\xa0Ko", "es": "512,0\xa0KB"}

# The wording of locale/*/LC_MESSAGES/django.po, word for word, for one case of each refusal.
MESSAGES = {
    "wrong_type": {
        "en": "The file “{name}” is not a PDF document but a program, whatever its name says.",
        "fr": "Le fichier « {name} » n’est pas un document PDF mais un programme, quoi qu’indique son nom.",
        "es": "El archivo “{name}” no es un documento PDF sino un programa, independientemente de lo que indique "
        "su nombre.",
    },
    "type_mismatch": {
        "en": "The file “{name}” is a Word document but its name ends in .pdf.",
        "fr": "Le fichier « {name} » est un document Word, mais son nom se termine par .pdf.",
        "es": "El archivo “{name}” es un documento de Word, pero su nombre termina en .pdf.",
    },
    "unreadable": {
        "en": "The file “{name}” is damaged or is not really a PDF document: it could not be read.",
        "fr": "Le fichier « {name} » est endommagé ou n’est pas vraiment un document PDF : il n’a pas pu être lu.",
        "es": "El archivo “{name}” está dañado o no es realmente un documento PDF: no se pudo leer.",
    },
    "macros": {
        "en": "The file “{name}” contains macros, which are not accepted: save it without them.",
        "fr": "Le fichier « {name} » contient des macros, qui ne sont pas acceptées : enregistrez-le sans elles.",
        "es": "El archivo “{name}” contiene macros, que no se admiten: guárdelo sin ellas.",
    },
    "no_extension": {
        "en": "The file “{name}” has no extension: its name must end in .pdf, .doc, .docx, .odt.",
        "fr": "Le fichier « {name} » n’a pas d’extension : son nom doit se terminer par .pdf, .doc, .docx, .odt.",
        "es": "El archivo “{name}” no tiene extensión: su nombre debe terminar en .pdf, .doc, .docx, .odt.",
    },
    "executable_name": {
        "en": "The file “{name}” ends in .exe, a program or script: such files are never accepted.",
        "fr": "Le fichier « {name} » se termine par .exe, un programme ou un script : ces fichiers ne sont jamais "
        "acceptés.",
        "es": "El archivo “{name}” termina en .exe, un programa o script: estos archivos nunca se admiten.",
    },
    "web_name": {
        "en": "The file “{name}” ends in .html, web content: such files are never accepted.",
        "fr": "Le fichier « {name} » se termine par .html, un contenu web : ces fichiers ne sont jamais acceptés.",
        "es": "El archivo “{name}” termina en .html, contenido web: estos archivos nunca se admiten.",
    },
    "macro_name": {
        "en": "The file “{name}” ends in .docm, a document that can hold macros: it is not accepted.",
        "fr": "Le fichier « {name} » se termine par .docm, un document pouvant contenir des macros : il n’est pas "
        "accepté.",
        "es": "El archivo “{name}” termina en .docm, un documento que puede contener macros: no se admite.",
    },
    "extension_not_accepted": {
        "en": "The file “{name}” ends in .docx; only .pdf files are accepted here.",
        "fr": "Le fichier « {name} » se termine par .docx ; seuls les fichiers .pdf sont acceptés ici.",
        "es": "El archivo “{name}” termina en .docx; aquí solo se admiten archivos .pdf.",
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
        "fr": "L’ensemble de vos fichiers dépasse la limite de {limit}. Envoyez moins de fichiers ou des fichiers "
        "plus petits.",
        "es": "Sus archivos juntos superan el límite de {limit}. Envíe menos archivos o archivos más pequeños.",
    },
    "scripts": {
        "en": "The file “{name}” contains fields or links that run commands or scripts, which are not accepted: "
        "remove them.",
        "fr": "Le fichier « {name} » contient des champs ou des liens qui exécutent des commandes ou des scripts, ce "
        "qui n’est pas accepté : supprimez-les.",
        "es": "El archivo “{name}” contiene campos o vínculos que ejecutan comandos o scripts, lo cual no se admite: "
        "elimínelos.",
    },
    "encrypted": {
        "en": "The file “{name}” is protected by a password: send it without protection.",
        "fr": "Le fichier « {name} » est protégé par un mot de passe : envoyez-le sans protection.",
        "es": "El archivo “{name}” está protegido con contraseña: envíelo sin protección.",
    },
    "archive_bomb": {
        "en": "The file “{name}” expands to far more than its size: it is refused as a possible archive bomb.",
        "fr": "Une fois décompressé, le fichier « {name} » occupe bien plus que sa taille : il est refusé, car il "
        "pourrait s’agir d’une bombe de décompression.",
        "es": "Al descomprimirse, el archivo “{name}” ocupa mucho más que su tamaño: se rechaza por tratarse "
        "posiblemente de una bomba de descompresión.",
    },
    "archive_nested": {
        "en": "The file “{name}” contains another archive, which is not accepted.",
        "fr": "Le fichier « {name} » contient une autre archive, ce qui n’est pas accepté.",
        "es": "El archivo “{name}” contiene otro archivo comprimido, lo cual no se admite.",
    },
    "archive_paths": {
        "en": "The file “{name}” contains unsafe paths.",
        "fr": "Le fichier « {name} » contient des chemins d’accès non sûrs.",
        "es": "El archivo “{name}” contiene rutas de acceso no seguras.",
    },
    "no_file": {
        "en": "Attach at least one file.",
        "fr": "Joignez au moins un fichier.",
        "es": "Adjunte al menos un archivo.",
    },
}
# One file for each message above: (name, builder).
MESSAGE_CASES = {
    "wrong_type": ("report.pdf", hostile.pe),
    "type_mismatch": ("report.pdf", hostile.docx),
    "unreadable": ("report.pdf", hostile.pdf_only_header),
    "macros": ("report.docx", hostile.docx_with_macro),
    "encrypted": ("report.docx", hostile.docx_with_password),
    "scripts": ("report.odt", hostile.odt_with_script_event),
    "no_extension": ("report", hostile.pdf),
    "executable_name": ("report.pdf.exe", hostile.pdf),
    "web_name": ("page.html", hostile.pdf),
    "macro_name": ("invoice.docm", hostile.docx),
    "archive_bomb": ("report.odt", hostile.odt_bomb),
    "archive_nested": ("report.docx", hostile.docx_nesting_a_zip),
    "archive_paths": ("report.docx", hostile.docx_zip_slip),
    "empty": ("report.pdf", hostile.empty),
}
SUMMARY = {
    "en": "Please correct the following",
    "fr": "Veuillez corriger les points suivants",
    "es": "Corrija lo siguiente",
}

REFUSED = HOSTILE_FILES + MISLEADING_NAMES
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


def assert_inert(response, kind, *, inline_pdf=False):
    """How a stored upload must be served: sandboxed, never sniffed, typed by its content, as an attachment.

    Only editors' own documents (``inline_pdf``) may show a PDF in the browser; a file from an anonymous sender
    is never rendered in the site's origin.
    """
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == kind.content_type
    assert "html" not in response["Content-Type"]
    inline = inline_pdf and kind.content_type == "application/pdf"
    assert disposition(response)[0] == ("inline" if inline else "attachment")


# --- Refused files -------------------------------------------------------------------------------------------------


def form_error(response, field="files"):
    errors = response.context["form"].errors.as_data()[field]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize("item", REFUSED, ids=str)
def test_a_hostile_file_is_refused_with_a_translated_message(
    client, hostile_call, form_data, private_root, item, language
):
    response = submit(client, hostile_call, form_data, [Part("files", item.name, item.content)], language)

    error = form_error(response)
    assert error.code == item.refusal
    with translation.override(language):
        message = next(iter(error))
    with translation.override("en"):
        english = next(iter(error))
    assert (message != english) == (language != "en")
    assert_refused(response, language, message, private_root, code=item.refusal)


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize("code", MESSAGE_CASES)
def test_each_refusal_says_why_in_the_visitor_language(client, hostile_call, form_data, private_root, code, language):
    name, build = MESSAGE_CASES[code]
    response = submit(client, hostile_call, form_data, [Part("files", name, build())], language)

    assert_refused(response, language, MESSAGES[code][language].format(name=name), private_root, code=code)


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_a_call_that_narrows_its_types_refuses_the_others_by_name(
    client, hostile_call, form_data, private_root, language
):
    hostile_call.accepted_types = ["pdf"]
    hostile_call.save()

    response = submit(client, hostile_call, form_data, [Part("files", "report.docx", hostile.docx())], language)

    message = MESSAGES["extension_not_accepted"][language].format(name="report.docx")
    assert_refused(response, language, message, private_root, code="extension_not_accepted")


@pytest.mark.parametrize("item", HOSTILE_FILES, ids=str)
def test_a_hostile_annex_is_refused_too(client, hostile_call, form_data, private_root, item):
    parts = [Part("files", "submission.pdf", hostile.pdf()), Part("annexes", item.name, item.content)]

    response = submit(client, hostile_call, form_data, parts, "fr")

    assert form_error(response, "annexes").code == item.refusal
    assert_refused(response, "fr", SUMMARY["fr"], private_root, field="annexes", code=item.refusal)


def test_one_hostile_file_among_good_ones_refuses_the_whole_submission(client, hostile_call, form_data, private_root):
    parts = [
        Part("files", "good.pdf", hostile.pdf()),
        Part("files", "bomb.odt", hostile.odt_bomb()),
        Part("annexes", "annex.docx", hostile.docx()),
    ]

    response = submit(client, hostile_call, form_data, parts, "es")

    message = MESSAGES["archive_bomb"]["es"].format(name="bomb.odt")
    assert_refused(response, "es", message, private_root, code="archive_bomb")


# --- Sizes ----------------------------------------------------------------------------------------------------------


def test_a_file_exactly_at_the_limit_is_accepted(client, hostile_call, form_data, private_root):
    content = pdf_of_size(FILE_LIMIT)

    response = submit(client, hostile_call, form_data, [Part("files", "limit.pdf", content)], "fr")

    assert response.status_code == 302
    assert SubmissionFile.objects.get().size == FILE_LIMIT
    assert [path.read_bytes() for path in stored_files(private_root)] == [content]


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_a_file_one_byte_over_the_limit_is_refused(client, hostile_call, form_data, private_root, language):
    content = pdf_of_size(FILE_LIMIT + 1)

    response = submit(client, hostile_call, form_data, [Part("files", "over.pdf", content)], language)

    message = MESSAGES["too_large"][language].format(name="over.pdf", limit=LIMIT_TEXT[language])
    assert_refused(response, language, message, private_root, code="too_large")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_files_one_byte_over_the_total_are_refused(client, hostile_call, form_data, private_root, language):
    hostile_call.max_total_size = 2 * FILE_LIMIT
    hostile_call.save()
    parts = [
        Part("files", "a.pdf", pdf_of_size(FILE_LIMIT)),
        Part("files", "b.pdf", pdf_of_size(FILE_LIMIT - 1000)),
        Part("annexes", "c.pdf", pdf_of_size(1001)),
    ]

    response = submit(client, hostile_call, form_data, parts, language)

    message = MESSAGES["total_too_large"][language].format(limit=TOTAL_TEXT[language])
    assert_refused(response, language, message, private_root)


# --- Accepted files: stored inert, flagged to moderators --------------------------------------------------------


@pytest.mark.parametrize("item", FLAGGED_FILES + PLAIN_DOCUMENTS, ids=str)
def test_a_document_is_stored_inert_with_its_findings_and_served_only_as_an_attachment(
    client, hostile_call, form_data, moderator, private_root, item
):
    content = item.content
    response = submit(client, hostile_call, form_data, [Part("files", item.name, content)], "es")
    assert response.status_code == 302, page(response)[:500]
    record = SubmissionFile.objects.get()
    kind = KINDS[item.kind]
    assert record.content_type == kind.content_type
    assert {finding["code"] for finding in record.findings} == FLAGS.get(item.key, set())
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
    assert disposition(response)[1] == item.name


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
REFUSED_NAME_CASES = [
    pytest.param(name, code, rfc2231, id=f"{key}-{'rfc2231' if rfc2231 else 'browser'}")
    for key, (name, code) in REFUSED_NAMES.items()
    for rfc2231 in (False, True)
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
    # The receipt names the file by its fingerprint, never by what the sender typed; the private page by its name.
    assert record.sha256 in receipt.body
    assert cleaned in unescape(client.get(response["Location"]).content.decode())

    assert client.get(record.get_absolute_url()).status_code == 404
    publish(record.submission, moderator)
    response = client.get(record.get_absolute_url())
    assert_inert(response, KINDS["pdf"])
    assert served(response) == content
    assert disposition(response)[1] == cleaned
    listing = client.get(f"/{language}/calls/{hostile_call.slug}/").content.decode()
    assert record.get_absolute_url() in unescape(listing)
    assert "<img src=x" not in listing


@pytest.mark.parametrize(("name", "code", "rfc2231"), REFUSED_NAME_CASES)
def test_a_name_that_hides_its_ending_or_has_none_is_refused(
    client, hostile_call, form_data, private_root, name, code, rfc2231
):
    response = submit(client, hostile_call, form_data, [Part("files", name, hostile.pdf(), rfc2231=rfc2231)], "fr")

    error = form_error(response)
    assert error.code == code
    assert_clean_name(error.params["name"])
    assert_refused(response, "fr", SUMMARY["fr"], private_root, code=code)


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

    response = submit(client, hostile_call, form_data, [Part("files", name, hostile.pe(), rfc2231=True)], "fr")

    assert response.status_code == 400
    shown = form_error(response).params["name"]
    assert shown == "evil[0m.pdf"
    assert_clean_name(shown)
    assert MESSAGES["wrong_type"]["fr"].format(name=shown) in page(response)


# --- The admin's version form -----------------------------------------------------------------------------------------


def version_form(name, content):
    form = VersionForm(data={"language": "fr", "url": ""}, files={"file": SimpleUploadedFile(name, content)})
    form.instance.document = DocumentFactory()
    return form


@pytest.mark.parametrize("language", ["fr", "es", "en"])
@pytest.mark.parametrize(
    "code",
    ["wrong_type", "type_mismatch", "unreadable", "macros", "no_extension", "executable_name", "web_name",
     "macro_name", "empty", "archive_bomb", "archive_nested"],
)  # fmt: skip
def test_the_version_form_refuses_hostile_files_in_the_editor_language(code, language):
    name, build = MESSAGE_CASES[code]
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
        at_limit = version_form("limit.pdf", pdf_of_size(FILE_LIMIT))
        over = version_form("big.pdf", pdf_of_size(FILE_LIMIT + 1))
        assert at_limit.is_valid(), at_limit.errors
        assert not over.is_valid()
        errors = [str(error) for error in over.errors["file"]]

    assert errors == [MESSAGES["too_large"][language].format(name="big.pdf", limit=LIMIT_TEXT[language])]


@pytest.mark.parametrize(
    ("build", "name", "kind"),
    [
        (hostile.pdf_with_javascript, "report.pdf", "pdf"),
        (hostile.pdf, "A-68-190.pdf", "pdf"),
        (hostile.docx_with_remote_template, "report.docx", "docx"),
        (hostile.doc, "report.doc", "doc"),
        (hostile.odt, "report.odt", "odt"),
    ],
    ids=["pdf-javascript", "pdf", "docx-remote-template", "doc", "odt"],
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

    assert_inert(response, kind, inline_pdf=True)
    assert served(response) == content
    assert version.file.name.endswith(f".{kind.extension}"), version.file.name
    assert disposition(response)[1].endswith(f".{kind.extension}"), disposition(response)

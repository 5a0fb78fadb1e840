"""Property-based tests (hypothesis): whatever a visitor sends, a clear answer, never a server error.

The client does not raise the view's exception (``raise_request_exception=False``): a 500 is a status to assert on,
and its traceback goes into the failure message. Each request runs in a savepoint, rolled back after a 500, so that
on PostgreSQL one failed query does not abort the test's transaction for the examples after it.

NUL characters are kept out of the generated text and sent on purpose by ``test_a_nul_anywhere_is_a_clear_error``,
so that their failures (PostgreSQL refuses NUL in a query parameter) are listed in one place.
"""

import contextlib
import io
import re
import traceback
import uuid
from functools import reduce
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from common.models import PublicationStatus
from submissions.models import Status, Submission, hash_token
from tests.factories import (
    CallFactory,
    DocumentFactory,
    EventFactory,
    SessionFactory,
    SubmissionFactory,
    SubmissionFileFactory,
    VersionFactory,
)
from tests.security import hostile
from tests.security.hostile import Part
from uploads.checks import check_upload
from uploads.inspection import inspect_file

pytestmark = pytest.mark.django_db

# No example database (each run draws afresh); no shrinking of failures through HTTP, which takes minutes: the
# traceback in the failure says what broke.
FUZZ = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "phases": [Phase.explicit, Phase.generate],
}
LANGUAGES = ("en", "fr", "es")
SUMMARY = {
    "en": "Please correct the following",
    "fr": "Veuillez corriger les points suivants",
    "es": "Corrija lo siguiente",
}
TOKEN = "fuzz-status-token"

# Any text a URL or a form can carry: no surrogates (not encodable), no NUL (sent on purpose further down).
text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)
huge = st.sampled_from(["x" * 100_000, "é" * 30_000, "\u202e" * 20_000, "a/" * 20_000, "9" * 5_000])
anything = st.one_of(text, huge, st.sampled_from(["", " ", "<script>alert(1)</script>", "' OR 1=1 --", "%", "\\"]))


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def site():
    """One of each published thing, so that every view has something to look up; and a submission with a known
    private status link."""
    event = EventFactory(slug="open-meeting", title="Open meeting")
    SessionFactory(event=event, number=1, slug="round-table-1")
    document = DocumentFactory(symbol="A/68/292", slug="a-68-292", title="Protection of migrants")
    document.events.add(event)
    VersionFactory(document=document, language="fr")
    call = CallFactory(event=event, slug="open-call", title="Open call")
    published = SubmissionFactory(call=call, status=Status.PUBLISHED, organisation="Open org")
    file = SubmissionFileFactory(submission=published, original_name="open.pdf")
    SubmissionFactory(call=call, token_hash=hash_token(TOKEN))
    DocumentFactory(slug="draft", status=PublicationStatus.DRAFT)
    return {"event": event, "document": document, "call": call, "file": file}


def request(client, method, path, data=None, **extra):
    """The response, with its body read (files too); a 500 is rolled back and keeps its traceback."""
    with transaction.atomic():
        response = getattr(client, method)(path, data, **extra)
        if response.status_code >= 500:
            transaction.set_rollback(True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    response.body = content.decode(errors="replace")
    return response


def no_server_error(response, what):
    if response.status_code >= 500:
        error = "".join(traceback.format_exception(*response.exc_info)) if response.exc_info else response.body[:300]
        pytest.fail(f"{what} answered {response.status_code}:\n{error}")


# --- The submission form ---------------------------------------------------------------------------------------------

VALID = {
    "organisation": "Migrants' Rights Network",
    "category": "cso",
    "country": "",
    "contact_name": "Ana Pérez",
    "email": "ana@example.org",
    "phone": "+41 22 917 90 00",
    "title": "Protecting migrant workers",
    "language": "es",
    "consent_to_publish": "yes",
    "website": "",
}
CHOICES = {
    "category": st.sampled_from(["cso", "member_state", "igo", "other", "CSO", "cso "]),
    "country": st.sampled_from(["", "FR", "CH", "XX", "fr"]),
    "language": st.sampled_from(["en", "fr", "es", "ar", "zh", "ru", "xx", ""]),
    "consent_to_publish": st.sampled_from(["yes", "no", "", "on", "1"]),
    "website": st.sampled_from(["", "", "http://spam.example"]),
}
field_values = st.fixed_dictionaries(
    {},
    optional={name: st.one_of(st.just(value), anything, CHOICES.get(name, anything)) for name, value in VALID.items()},
)


def mutated(content, changes):
    """``content`` with some bytes overwritten and maybe cut short."""
    data = bytearray(content)
    for position, value in changes:
        if data:
            data[position % len(data)] = value
    return bytes(data)


real_documents = st.sampled_from(
    [hostile.pdf(), hostile.docx(), hostile.odt(), hostile.docx_with_macro(), hostile.pdf_with_javascript()]
)
contents = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda tail: b"%PDF-" + tail),
    st.binary(max_size=512).map(lambda tail: b"PK\x03\x04" + tail),
    real_documents,
    st.builds(mutated, real_documents, st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8)),
    st.sampled_from([item.build for item in hostile.HOSTILE_FILES if item.key not in ("odt-bomb", "docx-bomb")]).map(
        lambda build: build()
    ),
)
file_names = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40),
    # Not those whose part header would pass Django's 1 KiB limit: see test_hostile_uploads for them.
    st.sampled_from([name for name in hostile.HOSTILE_NAMES.values() if len(quote(name, safe="")) < 700]),
    st.sampled_from(["report.pdf", "report.docx", "..", ".", "CON"]),
)
parts = st.lists(
    st.builds(Part, st.sampled_from(["files", "annexes"]), file_names, contents, rfc2231=st.booleans()), max_size=4
)


@fuzz_settings(max_examples=120, **FUZZ)
@given(language=st.sampled_from(LANGUAGES), fields=field_values, files=parts)
@example(language="fr", fields=VALID, files=[Part("files", "report.pdf", hostile.pdf())])
@example(language="es", fields={**VALID, "title": "\x1b[31m" + "\u202e" * 50}, files=[])
def test_the_submission_form_answers_every_post_clearly(visitor, settings, site, language, fields, files):
    settings.SUBMISSION_RATE_LIMIT = settings.SUBMISSION_ATTEMPT_LIMIT = 10**9
    before = Submission.objects.count()
    body, content_type = hostile.multipart(fields, files)

    response = request(visitor, "post", f"/{language}/calls/open-call/submit/", body, content_type=content_type)

    no_server_error(response, f"the form, with {fields!r} and {len(files)} file(s)")
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert SUMMARY[language] in response.body
        assert Submission.objects.count() == before
    else:
        assert response["Location"].startswith(f"/{language}/submissions/status/")
        assert Submission.objects.count() == before + 1


@fuzz_settings(max_examples=40, **FUZZ)
@given(
    body=st.binary(max_size=4096),
    content_type=st.sampled_from(
        [
            hostile.MULTIPART,
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\x7f",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json",
        ]
    ),
)
def test_a_malformed_request_body_is_a_bad_request(visitor, settings, site, body, content_type):
    settings.SUBMISSION_RATE_LIMIT = settings.SUBMISSION_ATTEMPT_LIMIT = 10**9
    before = Submission.objects.count()

    response = request(visitor, "post", "/fr/calls/open-call/submit/", body, content_type=content_type)

    no_server_error(response, f"a body of {len(body)} bytes as {content_type}")
    assert response.status_code == 400
    assert Submission.objects.count() == before


def zips():
    """Real Office files and zip bombs, as bytes to damage."""
    return st.sampled_from([hostile.docx(), hostile.odt(), hostile.docx_nesting_a_zip(), hostile.odt_bomb(1)])


@fuzz_settings(max_examples=400, **{**FUZZ, "phases": [Phase.explicit, Phase.generate, Phase.shrink]})
@given(content=st.builds(mutated, zips(), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)))))
def test_a_damaged_archive_is_a_document_or_a_clear_refusal(content):
    with contextlib.suppress(ValidationError):  # a clear refusal
        inspect_file(io.BytesIO(content))


@fuzz_settings(max_examples=100, **{**FUZZ, "phases": [Phase.explicit, Phase.generate, Phase.shrink]})
@given(cut=st.integers(1, 2000), source=zips())
def test_a_truncated_archive_is_a_document_or_a_clear_refusal(cut, source):
    upload = SimpleUploadedFile("cut.docx", source[: max(1, len(source) - cut)])
    codes = []
    try:
        check_upload(upload, max_size=10**7)
    except ValidationError as error:
        codes.append(error.code)
    assert set(codes) <= {
        "wrong_type",
        "unreadable",
        "archive_bomb",
        "archive_nested",
        "archive_paths",
        "archive_entries",
    }


# --- Search ----------------------------------------------------------------------------------------------------------

library_params = st.fixed_dictionaries(
    {},
    optional={
        "q": st.one_of(anything, st.sampled_from(["A/68/292", "a / 68 / 292", "A/RES/", "migrants"])),
        "type": st.one_of(text, st.sampled_from(["report", "resolution", ""])),
        "year": st.one_of(text, st.integers(-(10**20), 10**20).map(str)),
        "language": st.one_of(text, st.sampled_from(["en", "fr", "ar", "zz"])),
        "event": st.one_of(text, st.just("open-meeting")),
        "page": st.one_of(text, st.integers(-5, 10**12).map(str), st.just("last")),
        "preview": st.sampled_from(["1", "0", "yes"]),
    },
)


@fuzz_settings(max_examples=80, **FUZZ)
@given(language=st.sampled_from(LANGUAGES), query=anything)
@example(language="en", query="A/68/292")
def test_the_portal_search_always_answers(visitor, site, language, query):
    response = request(visitor, "get", f"/{language}/search/", {"q": query})

    no_server_error(response, f"search for {query!r}")
    assert response.status_code in (200, 302)


@fuzz_settings(max_examples=120, **FUZZ)
@given(language=st.sampled_from(LANGUAGES), params=library_params)
def test_the_library_search_and_filters_always_answer(visitor, site, language, params):
    response = request(visitor, "get", f"/{language}/documents/", params)

    no_server_error(response, f"the library with {params!r}")
    if "page" in params and params["page"] not in ("1", "last"):
        assert response.status_code in (200, 302, 404)  # a page that does not exist is not found
    else:
        assert response.status_code in (200, 302)


# --- Every other view taking parameters ------------------------------------------------------------------------------

# {s}: the generated value, percent-encoded into the path; {p}: the same, with "/" left as is.
PATHS = [
    "/{lang}/events/{s}/",
    "/{lang}/events/{s}/calendar.ics",
    "/{lang}/events/open-meeting/{s}/",
    "/{lang}/events/{s}/round-table-1/",
    "/{lang}/documents/{s}/",
    "/{lang}/documents/symbol/{p}/",
    "/{lang}/documents/a-68-292/{s}/download/",
    "/{lang}/documents/{s}/fr/download/",
    "/{lang}/api/events/{s}/",
    "/{lang}/api/documents/{s}/",
    "/{lang}/calls/{s}/",
    "/{lang}/calls/{s}/submit/",
    "/{lang}/submissions/status/{s}/",
    "/{lang}/submissions/files/{file}/{s}",
    "/{lang}/submissions/files/{uuid}/{s}",
    "/{s}/",
    "/{s}/search/",
    "/{s}",
]
# Views whose query parameters are read, with the names they read.
QUERIES = [
    ("/{lang}/api/documents/", ("lang", "page", "type", "symbol", "cursor")),
    ("/{lang}/api/events/", ("lang", "page", "cursor")),
    ("/{lang}/api/documents/a-68-292/", ("lang",)),
    ("/{lang}/api/events/open-meeting/", ("lang",)),
    ("/{lang}/events/open-meeting/", ("preview",)),
    ("/{lang}/documents/a-68-292/", ("preview",)),
    ("/{lang}/documents/a-68-292/fr/download/", ("preview",)),
    ("/{lang}/calls/open-call/", ("preview",)),
    ("/{lang}/feeds/documents.rss", ("page",)),
    ("/{lang}/feeds/submissions.atom", ("page",)),
    ("/{lang}/events/calendar.ics", ("page",)),
    ("/sitemap.xml", ("p", "section")),
    ("/{lang}/submissions/status/" + TOKEN + "/", ("confirm",)),
]
FINE = (200, 301, 302, 304, 400, 404, 405)


def address(template, value, site):
    return template.format(
        lang="en",
        s=quote(value, safe=""),
        p=quote(value, safe="/"),
        file=site["file"].pk,
        uuid=uuid.UUID(int=0),
    )


@fuzz_settings(max_examples=250, **FUZZ)
@given(template=st.sampled_from(PATHS), value=anything, accept_language=st.one_of(st.just("fr"), text))
@example(template="/{lang}/documents/symbol/{p}/", value="A/68/292", accept_language="es")
@example(template="/{lang}/documents/symbol/{p}/", value="../../etc/passwd", accept_language="fr")
@example(template="/{lang}/submissions/files/{file}/{s}", value="open.pdf", accept_language="en")
def test_every_address_with_a_parameter_answers(visitor, settings, site, template, value, accept_language):
    settings.PAGE_CACHE_SECONDS = 60  # through the page cache too, as visitors are
    path = address(template, value, site)

    response = request(visitor, "get", path, headers={"accept-language": accept_language})

    no_server_error(response, path)
    assert response.status_code in FINE


@fuzz_settings(max_examples=200, **FUZZ)
@given(
    target=st.sampled_from(QUERIES),
    values=st.lists(st.one_of(text, st.sampled_from(["en", "fr", "1", "0", "-1", "99999", "report", "A/68/292"]))),
    method=st.sampled_from(["get", "post"]),
)
def test_every_query_parameter_is_answered(visitor, site, target, values, method):
    template, names = target
    path = template.format(lang="en")
    params = dict(zip(names, values, strict=False))
    if method == "post" and "status" not in path:
        method = "get"  # only the status page takes a form

    response = request(visitor, method, path, params)

    no_server_error(response, f"{method.upper()} {path} {params!r}")
    assert response.status_code in FINE


# --- The admin's addresses -----------------------------------------------------------------------------------------


def admin_addresses():
    """Every admin address that takes a part (an object's key, a version's number...), as templates with that part
    as ``{s}`` and any other a valid value: each model admin's, Django's, django-reversion's and the project's."""
    from django.contrib import admin
    from django.urls import URLResolver

    def templates(route):
        # "<path:object_id>/history/" and "^([^/]+)/history/(\\d+)/$" alike: the first part fuzzed, the others valid.
        parts = re.findall(r"<[^>]+>|\([^)]*\)", route)
        route = route.strip("^$")
        for fuzzed in parts:
            yield reduce(
                lambda text, part: text.replace(
                    part, "{s}" if part == fuzzed else str(uuid.UUID(int=0)) if part.startswith("<uuid") else "1", 1
                ),
                parts,
                route,
            )

    found = [f"/admin/{route}" for route in templates("r/<path:content_type_id>/<path:object_id>/")]
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLResolver):
                found += [base + route for route in templates(str(pattern.pattern))]
    return sorted(set(found))


@pytest.fixture
def superuser_client(client, django_user_model):
    client.raise_request_exception = False
    client.force_login(django_user_model.objects.create_superuser("fuzz", "fuzz@example.org", "x"))
    return client


@fuzz_settings(max_examples=150, **FUZZ)
@given(template=st.sampled_from(admin_addresses()), value=anything)
@example(template="/admin/events/event/{s}/change/", value="abc")
@example(template="/admin/submissions/call/{s}/change/", value="99999999999999999999")
@example(template="/admin/submissions/submission/{s}/change/", value="1\x00")
@example(template="/admin/documents/document/recover/{s}/", value="99999999999999999999")
@example(template="/admin/documents/document/1/history/{s}/", value="9" * 5000)
@example(template="/admin/r/{s}/1/", value="99999999999999999999")
def test_every_admin_address_with_a_key_answers(superuser_client, site, template, value):
    """A mistyped or stale address in the admin (a key that is not one) says the object does not exist."""
    path = template.format(s=quote(value, safe=""))

    response = request(superuser_client, "get", path)

    no_server_error(response, path)
    assert response.status_code in (*FINE, 403), path  # 403: what nobody may do (delete a record kept for good)


# --- NUL --------------------------------------------------------------------------------------------------------------

NUL_VALUES = ["\x00", "A/68\x00/292", "en\x00"]


def nul_cases():
    for value in NUL_VALUES:
        for template in PATHS:
            yield "get", template, None, value
        for template, names in QUERIES:
            for name in names:
                yield "get", template, name, value
        for name in ("q", "type", "year", "language", "event", "page"):
            yield "get", "/{lang}/documents/", name, value
        yield "get", "/{lang}/search/", "q", value
        yield "post", "/{lang}/submissions/status/" + TOKEN + "/", "confirm", value
    yield "raw", "/en/documents/symbol/%00/", None, None
    yield "raw", "/en/documents/a-68-292/%00/download/", None, None
    yield "raw", "/en/submissions/status/%00/", None, None
    yield "raw", "/%00/", None, None


def test_a_nul_anywhere_is_a_clear_error(visitor, site, settings):
    """Every address and parameter with a NUL in it; the failures are listed together, with their tracebacks."""
    settings.SUBMISSION_RATE_LIMIT = settings.SUBMISSION_ATTEMPT_LIMIT = 10**9
    failures = []
    for method, template, name, value in nul_cases():
        if method == "raw":
            path, params, method = template, None, "get"
        elif name is None:
            path, params = address(template, value, site), None
        else:
            path, params = template.format(lang="en"), {name: value}
        response = request(visitor, method, path, params)
        if response.status_code >= 500:
            error = traceback.format_exception(*response.exc_info)[-1].strip() if response.exc_info else ""
            failures.append(f"{method.upper()} {path} {params!r}: {response.status_code} {error}")
        else:
            assert response.status_code in FINE, (path, params, response.status_code)

    assert not failures, "\n".join(dict.fromkeys(failures))


def test_a_nul_in_the_submission_form_is_a_clear_error(visitor, settings, site):
    settings.SUBMISSION_RATE_LIMIT = settings.SUBMISSION_ATTEMPT_LIMIT = 10**9
    for field in VALID:
        body, content_type = hostile.multipart({**VALID, field: "a\x00b"}, [Part("files", "a.pdf", hostile.pdf())])

        response = request(visitor, "post", "/es/calls/open-call/submit/", body, content_type=content_type)

        no_server_error(response, f"the form with a NUL in {field}")
        assert response.status_code in (302, 400), field
        if field in ("organisation", "contact_name", "email", "phone", "title"):
            assert response.status_code == 400, field
            assert "Los caracteres nulos no están permitidos." in response.body, field
    stored = Submission.objects.values_list("organisation", "contact_name", "email", "phone", "title")
    assert not any("\x00" in value for row in stored for value in row)  # in Python: SQLite's LIKE stops at a NUL


def test_the_fuzzing_sees_real_pages(visitor, site):
    """The site fixture answers, so that the properties are not run against 404s alone."""
    assert request(visitor, "get", address("/{lang}/submissions/files/{file}/{s}", "open.pdf", site)).status_code == 200
    assert request(visitor, "get", "/en/documents/symbol/A/68/292/").status_code == 302
    assert request(visitor, "get", "/en/api/documents/", {"symbol": "A/68/292"}).status_code == 200
    assert request(visitor, "get", f"/en/submissions/status/{TOKEN}/").status_code == 200
    assert request(visitor, "get", "/en/documents/a-68-292/fr/download/").status_code == 404  # a link, not a file

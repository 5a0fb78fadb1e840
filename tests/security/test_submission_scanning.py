"""Virus scanning on the public form, against a real clamd: infected files refused, a scanner down holds the
submission for review, never accepts it as clean."""

import time

import pytest
from django.core.exceptions import ValidationError

from submissions import services
from submissions.models import Decision, Submission
from tests.scanner_fixtures import docx, eicar, encrypted, pdf
from tests.submission_fixtures import upload
from tests.submissions.test_intake import stored_files, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_call(call):
    call.max_file_size = call.max_total_size = 1024 * 1024
    call.save()
    return call


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file “x.docx” contains a virus (Eicar-Test-Signature-Custom.UNOFFICIAL) and was refused."),
        ("fr", "contient un virus"),
        ("es", "contiene un virus"),
    ],
)
def test_an_infected_file_is_refused_with_a_clear_message(
    client, big_call, form_data, settings, clamd, private_root, language, message
):
    settings.CLAMD_SOCKET = clamd.socket
    infected = upload("x.docx", docx([("word/media/x.txt", eicar())]))

    response = submit(client, big_call, form_data, files=[infected], language=language)

    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["files"][0].code == "infected"
    assert message in response.content.decode()
    assert not Submission.objects.exists()
    assert stored_files(private_root) == []


def test_an_infected_annex_is_refused_too(client, big_call, form_data, settings, clamd):
    settings.CLAMD_SOCKET = clamd.socket

    response = submit(
        client,
        big_call,
        form_data,
        files=[upload("a.pdf", pdf())],
        annexes=[upload("b.pdf", pdf(eicar(), compress=True))],
    )

    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["annexes"][0].code == "infected"


def test_a_scanner_that_is_down_holds_the_submission_until_it_is_scanned_again(
    client, big_call, form_data, settings, clamd, tmp_path, moderator
):
    settings.CLAMD_SOCKET = str(tmp_path / "nothing.sock")

    response = submit(client, big_call, form_data, files=[upload("a.pdf", pdf())])

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.is_held()
    file = submission.files.get()
    assert (file.scan_status, file.scan_detail) == ("unavailable", "socket not found")
    assert Decision.objects.get().note == "Held for review: not scanned for viruses (a.pdf: socket not found)."
    with pytest.raises(ValidationError) as refused:
        services.change_status(submission=submission, to_status="published", actor=moderator)
    assert refused.value.code == "not_scanned"
    assert services.rescan(submission=submission, actor=moderator)  # still down: still held

    settings.CLAMD_SOCKET = clamd.socket
    assert services.rescan(submission=submission, actor=moderator) == []
    assert not submission.is_held()
    assert submission.files.get().scan_status == "clean"
    services.change_status(submission=submission, to_status="published", actor=moderator)


def test_files_are_recorded_as_clean_or_as_not_scanned_when_scanning_is_off(
    client, big_call, form_data, settings, clamd
):
    settings.CLAMD_SOCKET = clamd.socket
    assert submit(client, big_call, form_data, files=[upload("a.pdf", pdf())]).status_code == 302
    settings.CLAMD_SOCKET = ""
    assert (
        submit(client, big_call, {**form_data, "email": "b@example.org"}, files=[upload("b.pdf", pdf())]).status_code
        == 302
    )

    statuses = [submission.files.get().scan_status for submission in Submission.objects.order_by("reference")]

    assert statuses == ["clean", "skipped"]


def test_a_scanner_that_never_answers_holds_the_submission_within_the_requests_time(
    client, big_call, form_data, settings, hung_clamd
):
    settings.CLAMD_TIMEOUT = 30  # longer than gunicorn would wait: the request's deadline must end the scans
    settings.UPLOAD_REQUEST_SCAN_SECONDS = 1
    started = time.monotonic()

    response = submit(
        client, big_call, form_data, files=[upload("a.pdf", pdf())], annexes=[upload("b.pdf", pdf(b"annex"))]
    )

    assert time.monotonic() - started < 5
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.is_held()
    assert [(file.scan_status, file.scan_detail) for file in submission.files.order_by("original_name")] == [
        ("unavailable", "timeout"),
        ("unavailable", "timeout"),
    ]
    assert Decision.objects.get().note == "Held for review: not scanned for viruses (a.pdf: timeout; b.pdf: timeout)."
    started = time.monotonic()
    assert len(services.rescan(submission=submission, deadline=started + 0.5)) == 2
    assert time.monotonic() - started < 2


def test_a_held_encrypted_pdf_is_scanned_again_decrypted(client, big_call, form_data, settings, clamd, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nothing.sock")
    response = submit(client, big_call, form_data, files=[upload("a.pdf", encrypted(pdf(b"% " + eicar())))])
    assert response.status_code == 302
    submission = Submission.objects.get()

    settings.CLAMD_SOCKET = clamd.socket
    services.rescan(submission=submission)

    file = submission.files.get()
    assert (file.scan_status, file.scan_detail) == ("infected", "Eicar-Test-Signature-Custom.UNOFFICIAL")

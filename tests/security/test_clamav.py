"""uploads.scanning against a real clamd (see conftest), and against stand-ins for a clamd that is down or odd."""

import io
import os
import socket
import struct
import threading
import time
import zipfile
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from localservices import free_port
from tests.scanner_fixtures import (
    EICAR_SIGNATURE,
    KNOWN_BAD,
    KNOWN_BAD_SIGNATURE,
    STREAM_MAX_LENGTH,
    docx,
    eicar,
    encrypted,
    pdf,
)
from uploads import checks, scanning
from uploads.checks import check_upload, scan_stored
from uploads.inspection import Inspection, inspect_file
from uploads.kinds import DOCX, PDF


def signature(result):
    """The signature name without the ".UNOFFICIAL" clamd adds to those of a custom database."""
    return result.detail.removesuffix(".UNOFFICIAL")


class ReadRecorder(io.BytesIO):
    """A file that notes the size of every read asked of it."""

    def __init__(self, data):
        super().__init__(data)
        self.reads = []

    def read(self, size=-1):
        self.reads.append(size)
        return super().read(size)


@pytest.fixture
def no_scanner(settings):
    settings.CLAMD_SOCKET = None
    settings.CLAMD_HOST = None
    settings.CLAMD_TIMEOUT = 1


# Turned on and off


@pytest.mark.usefixtures("no_scanner")
def test_without_a_socket_or_host_nothing_is_scanned():
    upload = SimpleUploadedFile("report.pdf", eicar())
    upload.read(10)

    result = scanning.scan(upload)

    assert not scanning.scanning_enabled()
    assert result == scanning.ScanResult("skipped", "scanning is not configured")
    assert result.is_skipped
    assert not result.is_clean
    assert not scanning.ping()


@pytest.mark.parametrize(("name", "value"), [("CLAMD_SOCKET", "/run/clamav/clamd.ctl"), ("CLAMD_HOST", "clamav")])
@pytest.mark.usefixtures("no_scanner")
def test_a_socket_or_a_host_turns_scanning_on(settings, name, value):
    setattr(settings, name, value)

    assert scanning.scanning_enabled()


# A real clamd


def test_clamd_answers_ping(scanner):
    assert scanning.ping()


def test_a_clean_pdf_is_clean(scanner):
    upload = SimpleUploadedFile("submission.pdf", pdf())

    result = scanning.scan(upload)

    assert result == scanning.ScanResult("clean", "")
    assert result.is_clean


def test_the_eicar_string_named_pdf_is_infected(scanner):
    result = scanning.scan(SimpleUploadedFile("submission.pdf", eicar()))

    assert result.verdict == "infected"
    assert signature(result) == EICAR_SIGNATURE


@pytest.mark.parametrize("compress", [False, True], ids=["plain-stream", "flate-stream"])
def test_eicar_inside_a_pdf_is_infected(scanner, compress):
    content = pdf(eicar(), compress=compress)
    upload = SimpleUploadedFile("submission.pdf", content)
    assert inspect_file(upload).kind == PDF  # checking the content alone lets it through
    if compress:
        assert eicar() not in content  # found only by clamd decoding the PDF stream

    result = scanning.scan(upload)

    assert result.is_infected
    assert signature(result) == EICAR_SIGNATURE


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_eicar_in_a_pdf_encrypted_with_an_empty_password_is_refused(scanner, algorithm):
    content = encrypted(pdf(b"% " + eicar()), algorithm)
    assert scanning.scan(io.BytesIO(content)).is_clean  # clamd cannot decrypt a stream it does not decode

    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("submission.pdf", content), max_size=len(content))

    assert refused.value.code == "infected"
    assert refused.value.params["signature"].removesuffix(".UNOFFICIAL") == EICAR_SIGNATURE


def test_eicar_in_an_encrypted_pdfs_object_that_nothing_uses_is_refused(scanner):
    content = encrypted(pdf(), unused=b"% " + eicar())

    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("submission.pdf", content), max_size=len(content))

    assert refused.value.code == "infected"


def test_a_clean_pdf_encrypted_with_an_empty_password_is_accepted_as_clean(scanner):
    content = encrypted(pdf(), "AES-256")

    checked = check_upload(SimpleUploadedFile("submission.pdf", content), max_size=len(content))

    assert (checked.kind, checked.findings, checked.scan) == (PDF, (), scanning.ScanResult("clean", ""))


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED], ids=["deflated", "stored"])
def test_eicar_inside_a_docx_is_infected(scanner, compression):
    content = docx([("word/media/x.txt", eicar())], compression=compression)
    upload = SimpleUploadedFile("submission.docx", content)
    assert inspect_file(upload).kind == DOCX
    if compression == zipfile.ZIP_DEFLATED:
        assert eicar() not in content  # found only by clamd unpacking the archive

    result = scanning.scan(upload)

    assert result.is_infected
    assert signature(result) == EICAR_SIGNATURE


def test_a_file_listed_by_its_md5_is_infected_and_a_changed_copy_is_not(scanner):
    assert signature(scanning.scan(io.BytesIO(KNOWN_BAD))) == KNOWN_BAD_SIGNATURE
    assert scanning.scan(io.BytesIO(KNOWN_BAD + b"\n")).is_clean


def test_a_stream_over_clamds_limit_is_unavailable_never_clean(scanner):
    big = io.BytesIO(os.urandom(STREAM_MAX_LENGTH + 1024 * 1024))

    result = scanning.scan(big)

    assert result == scanning.ScanResult("unavailable", scanning.SIZE_LIMIT)
    assert big.tell() == 0


def test_a_stream_under_clamds_limit_is_scanned(scanner):
    assert scanning.scan(io.BytesIO(os.urandom(STREAM_MAX_LENGTH - 64 * 1024))).is_clean


def test_the_file_is_streamed_in_chunks_and_rewound(scanner):
    data = docx([("word/media/x.txt", eicar()), ("word/media/noise.bin", os.urandom(1024 * 1024))])
    recorder = ReadRecorder(data)
    recorder.seek(123)

    result = scanning.scan(recorder, chunk_size=16 * 1024)

    assert result.is_infected
    assert recorder.reads
    assert all(0 < size <= 16 * 1024 for size in recorder.reads)
    assert recorder.tell() == 0


def test_an_upload_on_disk_is_scanned_and_left_whole(scanner):
    content = docx([("word/media/x.txt", eicar())])
    upload = TemporaryUploadedFile("submission.docx", "application/octet-stream", len(content), None)
    upload.write(content)

    try:
        result = scanning.scan(upload)
        assert result.is_infected
        assert upload.tell() == 0
        assert upload.read() == content
    finally:
        upload.close()


# A clamd that is down, slow or odd: never "clean"


@pytest.mark.usefixtures("no_scanner")
def test_a_missing_socket_is_unavailable(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "clamd.sock")

    result = scanning.scan(io.BytesIO(pdf()))

    assert result == scanning.ScanResult("unavailable", "socket not found")
    assert not scanning.ping()


@pytest.mark.usefixtures("no_scanner")
def test_a_socket_nobody_listens_on_is_unavailable(settings, tmp_path):
    path = tmp_path / "clamd.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stale:
        stale.bind(str(path))  # the file of a socket whose daemon is gone
    settings.CLAMD_SOCKET = str(path)

    assert scanning.scan(io.BytesIO(pdf())) == scanning.ScanResult("unavailable", "connection refused")


@pytest.mark.usefixtures("no_scanner")
def test_a_port_nobody_listens_on_is_unavailable(settings):
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", free_port()

    assert scanning.scan(io.BytesIO(pdf())) == scanning.ScanResult("unavailable", "connection refused")
    assert not scanning.ping()


@pytest.mark.usefixtures("no_scanner")
def test_a_scanner_that_does_not_answer_is_unavailable(settings):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # connections queue, never accepted or answered
        settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", silent.getsockname()[1]
        settings.CLAMD_TIMEOUT = 0.2

        result = scanning.scan(io.BytesIO(pdf()))

    assert result == scanning.ScanResult("unavailable", "timeout")


@contextmanager
def fake_clamd(settings, reply):
    """A one-connection TCP server that reads an INSTREAM to its end, answers ``reply`` and hangs up."""
    server = socket.create_server(("127.0.0.1", 0))
    received = bytearray()

    def serve():
        try:
            connection, _address = server.accept()
            with connection:
                connection.settimeout(5)
                while not received.endswith(b"\0\0\0\0"):
                    data = connection.recv(65536)
                    if not data:
                        break
                    received.extend(data)
                connection.sendall(reply)
        except OSError:
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = None, "127.0.0.1", server.getsockname()[1]
    settings.CLAMD_TIMEOUT = 5
    try:
        yield received
    finally:
        thread.join(5)
        server.close()


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (b"stream: OK\0", scanning.ScanResult("clean", "")),
        (b"stream: Win.Test.Fake-1 FOUND\0", scanning.ScanResult("infected", "Win.Test.Fake-1")),
        (b"INSTREAM size limit exceeded. ERROR\0", scanning.ScanResult("unavailable", "size limit exceeded")),
        (
            b"stream: Can't allocate memory ERROR\0",
            scanning.ScanResult("unavailable", "scanner error: stream: Can't allocate memory"),
        ),
        (b"UNKNOWN COMMAND\0", scanning.ScanResult("unavailable", "unexpected reply: UNKNOWN COMMAND")),
        (b"", scanning.ScanResult("unavailable", "no reply")),
    ],
    ids=["ok", "found", "size-limit", "error", "nonsense", "silence"],
)
@pytest.mark.usefixtures("no_scanner")
def test_replies_are_read_strictly(settings, reply, expected):
    with fake_clamd(settings, reply):
        assert scanning.scan(io.BytesIO(pdf())) == expected


@pytest.mark.usefixtures("no_scanner")
def test_the_stream_is_framed_as_clamd_expects(settings):
    content = pdf()

    with fake_clamd(settings, b"stream: OK\0") as received:
        scanning.scan(io.BytesIO(content), chunk_size=100)

    assert received.startswith(b"zINSTREAM\0")
    framed, chunks = bytes(received[len(b"zINSTREAM\0") :]), []
    while True:
        (length,), framed = struct.unpack("!L", framed[:4]), framed[4:]
        if not length:
            break
        chunks.append(framed[:length])
        framed = framed[length:]
    assert framed == b""
    assert b"".join(chunks) == content
    assert {len(chunk) for chunk in chunks[:-1]} == {100}


def test_a_scanner_that_takes_the_file_and_never_answers_gives_up_at_the_deadline(settings, hung_clamd):
    settings.CLAMD_TIMEOUT = 30
    started = time.monotonic()

    result = scanning.scan(io.BytesIO(pdf()), deadline=started + 0.5)

    assert result == scanning.ScanResult("unavailable", "timeout")
    assert time.monotonic() - started < 2
    assert len(hung_clamd) == 1


def test_a_scan_whose_deadline_has_passed_is_not_started(settings, hung_clamd):
    settings.CLAMD_TIMEOUT = 30
    started = time.monotonic()

    result = scanning.scan(io.BytesIO(pdf()), deadline=started - 1)

    assert result == scanning.ScanResult("unavailable", "timeout")
    assert time.monotonic() - started < 0.5
    assert hung_clamd == []


def test_a_stored_file_that_cannot_be_inspected_again_is_not_called_clean(scanner, monkeypatch):
    # Its inspection out of memory, say: the decrypted copy an encrypted PDF needs cannot be made.
    monkeypatch.setattr(checks, "inspect_limited", lambda fileobj, seconds: Inspection(refusal="too_complex"))

    result = scan_stored(io.BytesIO(encrypted(pdf(b"% " + eicar()))))

    assert result == scanning.ScanResult("unavailable", "not inspected again: too_complex")

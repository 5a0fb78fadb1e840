"""A real ClamAV daemon for the scanning tests, and the documents they send it.

The session starts its own clamd (Debian's `clamav-daemon`) on a unix socket and on a TCP port of 127.0.0.1, with
a database of two custom signatures, since the official one cannot be downloaded here: a body signature (`.ndb`) for
the EICAR test string and an MD5 signature (`.hdb`, made with `sigtool --md5`) for one "known bad" document.
Without clamd the tests that need it are skipped, except under `make test` or CI, where they fail (see
tests/services.py).

The EICAR string and its signature are built at run time, so no file of the repository carries them whole.
"""

import hashlib
import io
import shutil
import socket
import subprocess
import threading

import pytest
from mirakuru.exceptions import ProcessExitedWithError, TimeoutExpired
from pypdf import PdfReader, PdfWriter
from pypdf.generic import StreamObject

from localservices import Clamd, ServiceError
from tests.document_files import docx, pdf  # noqa: F401 (the kit builds on these)
from tests.services import missing

SIGTOOL = shutil.which("sigtool")

# clamd refuses a stream longer than this with "INSTREAM size limit exceeded".
STREAM_MAX_LENGTH = 2 * 1024 * 1024

# clamd adds ".UNOFFICIAL" to the names of signatures that are not from the official database.
EICAR_SIGNATURE = "Eicar-Test-Signature-Custom"
KNOWN_BAD_SIGNATURE = "Known-Bad-Document-Custom"


def eicar():
    """The EICAR test string (68 bytes), put together here so that this file does not contain it."""
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"


# A harmless document that the test database lists by its MD5, as a hash database lists a known bad file.
KNOWN_BAD = pdf(b"BT /F1 12 Tf 72 720 Td (Listed by hash in the test database) Tj ET")


def _md5_signature(root):
    """The .hdb line for KNOWN_BAD: `sigtool --md5` where it is installed (as with clamav), else the same by hand."""
    path = root / "known-bad.pdf"
    path.write_bytes(KNOWN_BAD)
    if SIGTOOL:
        line = subprocess.run([SIGTOOL, "--md5", str(path)], check=True, capture_output=True, text=True).stdout
        digest, size, _name = line.strip().split(":", 2)
    else:
        digest, size = hashlib.md5(KNOWN_BAD).hexdigest(), len(KNOWN_BAD)
    return f"{digest}:{size}:{KNOWN_BAD_SIGNATURE}\n"


def encrypted(content, algorithm="AES-128", *, unused=b""):
    """``content`` (a PDF) encrypted as "protected" PDFs are: an owner password, and an empty user password, so that
    any viewer opens it; ``unused``, when given, in a stream of its own that nothing in the document refers to."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    if unused:
        stream = StreamObject()
        stream.set_data(unused)
        writer._add_object(stream)  # the one way pypdf writes an object nothing refers to
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
    written = io.BytesIO()
    writer.write(written)
    return written.getvalue()


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """A real clamd for the session (localservices.Clamd), answering on a unix socket and on 127.0.0.1."""
    root = tmp_path_factory.mktemp("clamd")
    database = root / "db"
    database.mkdir()
    (database / "custom.ndb").write_text(f"{EICAR_SIGNATURE}:0:*:{eicar().hex()}\n")
    (database / "custom.hdb").write_text(_md5_signature(root))
    try:
        server = Clamd(folder=root, database=database, stream_max_mb=STREAM_MAX_LENGTH // (1024 * 1024))
    except ServiceError as error:
        missing(f"{error} (Debian's clamav-daemon) to run the scans")
    try:
        server.start()
    except (TimeoutExpired, ProcessExitedWithError) as error:
        pytest.fail(f"clamd did not answer: {error}\n{server.log_text()}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["unix", "tcp"])
def scanner(request, settings, clamd):
    """Settings that send scans to the session's clamd, once by its unix socket and once by TCP."""
    if request.param == "unix":
        settings.CLAMD_SOCKET, settings.CLAMD_HOST = clamd.socket, None
    else:
        settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = None, "127.0.0.1", clamd.port
    settings.CLAMD_TIMEOUT = 10
    return clamd


@pytest.fixture
def hung_clamd(settings, tmp_path):
    """Settings that send scans to a clamd that accepts every connection, reads all it is sent and never answers:
    one stuck reloading its database, say. Yields the number of connections it took."""
    path = tmp_path / "hung.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()
    server.settimeout(0.1)  # to notice the end of the test between connections
    connections, over = [], threading.Event()

    def serve():
        while not over.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            connections.append(connection)
            threading.Thread(target=_drain, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = str(path), None
    try:
        yield connections
    finally:
        over.set()
        thread.join(5)
        server.close()
        for connection in connections:
            connection.close()


def _drain(connection):
    try:
        while connection.recv(65536):
            pass
    except OSError:
        pass

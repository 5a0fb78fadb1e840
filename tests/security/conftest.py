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
import subprocess
import zipfile
import zlib

import pytest
from mirakuru.exceptions import ProcessExitedWithError, TimeoutExpired

from localservices import Clamd, ServiceError
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


def pdf(content=b"BT /F1 12 Tf 72 720 Td (A written submission) Tj ET", *, compress=False):
    """A minimal, valid one-page PDF whose page content stream is ``content`` (Flate-compressed if asked)."""
    stream, extra = (zlib.compress(content), b"/Filter/FlateDecode") if compress else (content, b"")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length %d%s>>\nstream\n%s\nendstream" % (len(stream), extra, stream),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def docx(extra=(), *, compression=zipfile.ZIP_DEFLATED):
    """A minimal DOCX (what common.files recognises as one) with ``extra`` (name, bytes) entries added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


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

"""A real ClamAV daemon for the scanning tests, and the documents they send it.

The session starts its own clamd (Debian's `clamav-daemon`) on a unix socket and on a TCP port of 127.0.0.1, with
a database of two custom signatures, since the official one cannot be downloaded here: a body signature (`.ndb`) for
the EICAR test string and an MD5 signature (`.hdb`, made with `sigtool --md5`) for one "known bad" document.
Without clamd the tests that need it are skipped, except in CI (the CI variable set), where they fail: CI installs
the package with apt.

The EICAR string and its signature are built at run time, so no file of the repository carries them whole.
"""

import hashlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.document_files import docx, pdf  # noqa: F401 (the kit builds on these)

CLAMD = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")
SIGTOOL = shutil.which("sigtool")

# clamd refuses a stream longer than this with "INSTREAM size limit exceeded".
STREAM_MAX_LENGTH = 2 * 1024 * 1024
STARTUP_TIMEOUT = 60

# clamd adds ".UNOFFICIAL" to the names of signatures that are not from the official database.
EICAR_SIGNATURE = "Eicar-Test-Signature-Custom"
KNOWN_BAD_SIGNATURE = "Known-Bad-Document-Custom"


def eicar():
    """The EICAR test string (68 bytes), put together here so that this file does not contain it."""
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-" + b"ANTIVIRUS-TEST-FILE!$H+H*"


# A harmless document that the test database lists by its MD5, as a hash database lists a known bad file.
KNOWN_BAD = pdf(b"BT /F1 12 Tf 72 720 Td (Listed by hash in the test database) Tj ET")


def _missing(reason):
    if os.environ.get("CI"):
        pytest.fail(reason)  # CI installs clamav-daemon: a skipped scan there would prove nothing
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def _answers_ping(path):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@dataclass(frozen=True)
class Clamd:
    socket: str
    port: int
    log: Path
    startup_seconds: float


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """A real clamd for the session, answering on a unix socket and on 127.0.0.1."""
    if CLAMD is None:
        _missing("no `clamd`: install Debian's clamav-daemon (apt-get install clamav-daemon clamav) to run the scans")
    root = tmp_path_factory.mktemp("clamd")
    database = root / "db"
    database.mkdir()
    (root / "tmp").mkdir()
    (database / "custom.ndb").write_text(f"{EICAR_SIGNATURE}:0:*:{eicar().hex()}\n")
    (database / "custom.hdb").write_text(_md5_signature(root))
    sock, port, log = root / "clamd.sock", free_port(), root / "clamd.log"
    config = root / "clamd.conf"
    # No `User`: clamd keeps the identity it is started with (root in CI), so it can read this folder.
    config.write_text(
        f"""\
LocalSocket {sock}
TCPSocket {port}
TCPAddr 127.0.0.1
DatabaseDirectory {database}
TemporaryDirectory {root / "tmp"}
LogFile {log}
LogTime yes
Foreground yes
Bytecode no
StreamMaxLength {STREAM_MAX_LENGTH // (1024 * 1024)}M
MaxFileSize 50M
MaxScanSize 100M
ScanArchive yes
ScanPDF yes
ScanOLE2 yes
"""
    )
    started = time.monotonic()
    with (root / "clamd.out").open("wb") as output:
        process = subprocess.Popen([CLAMD, "-c", str(config)], stdout=output, stderr=subprocess.STDOUT)
    try:
        while not _answers_ping(sock):
            if process.poll() is not None or time.monotonic() - started > STARTUP_TIMEOUT:
                logged = "\n".join(
                    path.read_text(errors="replace") for path in (root / "clamd.out", log) if path.exists()
                )
                pytest.fail(f"clamd did not answer within {STARTUP_TIMEOUT} s (exit code {process.poll()}):\n{logged}")
            time.sleep(0.05)
        yield Clamd(str(sock), port, log, time.monotonic() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(params=["unix", "tcp"])
def scanner(request, settings, clamd):
    """Settings that send scans to the session's clamd, once by its unix socket and once by TCP."""
    if request.param == "unix":
        settings.CLAMD_SOCKET, settings.CLAMD_HOST = clamd.socket, None
    else:
        settings.CLAMD_SOCKET, settings.CLAMD_HOST, settings.CLAMD_PORT = None, "127.0.0.1", clamd.port
    settings.CLAMD_TIMEOUT = 10
    return clamd

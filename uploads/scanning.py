"""Virus scanning of uploads by ClamAV's daemon, clamd, with no library beyond the standard one.

Scanning is on when ``CLAMD_SOCKET`` (a unix socket path) or ``CLAMD_HOST``
(with ``CLAMD_PORT``, 3310 by default) is set; the socket wins when both are.
``CLAMD_TIMEOUT`` (seconds, 10 by default) bounds the whole scan of a file,
connecting, sending and waiting for the verdict together, and a caller's
``deadline`` may end it sooner: a daemon that accepts a file and never answers
must cost a request a bounded time, never the server's patience with it.

A file is streamed to clamd with the INSTREAM command in chunks, never read
whole, and left at position 0. ``scan()`` returns one of four verdicts:

- ``clean``: clamd scanned it and found nothing;
- ``infected``: clamd found a signature, named in ``detail``;
- ``unavailable``: no verdict, and the file must not be treated as clean:
  the daemon is down or slow, the file is over clamd's ``StreamMaxLength``,
  or the reply made no sense; ``detail`` says which;
- ``skipped``: scanning is not configured, so nothing was asked.

Problems with the scanner never raise: they are ``unavailable``. Errors in
reading the file itself are not the scanner's and do raise.
"""

import logging
import select
import socket
import struct
import time
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

CLEAN = "clean"
INFECTED = "infected"
UNAVAILABLE = "unavailable"
SKIPPED = "skipped"

DEFAULT_PORT = 3310
DEFAULT_TIMEOUT = 10
CHUNK_SIZE = 64 * 1024
# A verdict is one short line; anything longer is not clamd talking.
MAX_REPLY = 4096

SIZE_LIMIT = "size limit exceeded"


@dataclass(frozen=True)
class ScanResult:
    verdict: str
    detail: str = ""

    @property
    def is_clean(self):
        return self.verdict == CLEAN

    @property
    def is_infected(self):
        return self.verdict == INFECTED

    @property
    def is_unavailable(self):
        return self.verdict == UNAVAILABLE

    @property
    def is_skipped(self):
        return self.verdict == SKIPPED


class _ScannerError(Exception):
    """Anything that keeps clamd from giving a verdict; becomes an "unavailable" result."""


def scanning_enabled():
    return bool(getattr(settings, "CLAMD_SOCKET", None) or getattr(settings, "CLAMD_HOST", None))


class _Deadline:
    """The moment a scan gives up: CLAMD_TIMEOUT from now, or the caller's ``deadline`` (time.monotonic()) if sooner.

    Each wait on the daemon gets what is left, so a daemon that reads slowly or never answers cannot stretch a scan
    past it one wait at a time.
    """

    def __init__(self, deadline=None):
        ends = time.monotonic() + float(getattr(settings, "CLAMD_TIMEOUT", DEFAULT_TIMEOUT))
        self.ends = ends if deadline is None else min(ends, deadline)

    def left(self, sock=None):
        """Seconds left (set as ``sock``'s timeout when given); _ScannerError("timeout") when none are."""
        seconds = self.ends - time.monotonic()
        if seconds <= 0:
            raise _ScannerError("timeout")
        if sock is not None:
            sock.settimeout(seconds)
        return seconds


def _address():
    path = getattr(settings, "CLAMD_SOCKET", None)
    if path:
        return str(path)
    return getattr(settings, "CLAMD_HOST", None), int(getattr(settings, "CLAMD_PORT", DEFAULT_PORT))


def _describe(error):
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, FileNotFoundError):
        return "socket not found"
    if isinstance(error, socket.gaierror):
        return f"unknown host: {error}"
    return f"connection error: {error}"


def _connect(limit):
    address, timeout = _address(), limit.left()
    try:
        if isinstance(address, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(address)
            except BaseException:
                sock.close()
                raise
        else:
            sock = socket.create_connection(address, timeout=timeout)
            sock.settimeout(timeout)
    except OSError as error:
        raise _ScannerError(_describe(error)) from error
    return sock


def _read_reply(sock, limit):
    """clamd's answer to a z-command: bytes up to the NUL that ends it (or to the end of the connection)."""
    reply = b""
    try:
        while b"\0" not in reply and len(reply) < MAX_REPLY:
            limit.left(sock)
            data = sock.recv(MAX_REPLY)
            if not data:
                break
            reply += data
    except _ScannerError:
        if not reply:
            raise
    except OSError as error:
        if not reply:
            raise _ScannerError(_describe(error)) from error
    return reply.partition(b"\0")[0].decode("utf-8", "replace").strip()


def _send_stream(sock, fileobj, chunk_size, limit):
    """Send the file as INSTREAM chunks; return False when clamd cut the stream short (it then says why)."""
    # clamd answers mid-stream, and hangs up, when the stream goes over its StreamMaxLength:
    # look for an answer before each chunk rather than write into a closed connection.
    answered = select.poll()
    answered.register(sock, select.POLLIN)
    try:
        limit.left(sock)
        sock.sendall(b"zINSTREAM\0")
    except OSError as error:
        raise _ScannerError(_describe(error)) from error
    while True:
        chunk = fileobj.read(chunk_size)
        if answered.poll(0):
            return False
        try:
            limit.left(sock)
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        except (BrokenPipeError, ConnectionResetError):
            return False
        except OSError as error:
            raise _ScannerError(_describe(error)) from error
        if not chunk:
            return True


def _verdict(reply):
    if reply.endswith(" FOUND"):
        signature = reply.removesuffix(" FOUND").removeprefix("stream:").strip()
        return ScanResult(INFECTED, signature or "unknown signature")
    if reply == "stream: OK":
        return ScanResult(CLEAN)
    if "size limit exceeded" in reply:
        return ScanResult(UNAVAILABLE, SIZE_LIMIT)
    if reply.endswith(" ERROR"):
        return ScanResult(UNAVAILABLE, f"scanner error: {reply.removesuffix(' ERROR').strip()}")
    if not reply:
        return ScanResult(UNAVAILABLE, "no reply")
    return ScanResult(UNAVAILABLE, f"unexpected reply: {reply[:200]}")


def scan(fileobj, *, chunk_size=CHUNK_SIZE, deadline=None):
    """Scan an open file (a Django upload or any binary file object) with clamd; return a ScanResult.

    The file is streamed from its start in chunks of ``chunk_size`` bytes and
    is at position 0 again afterwards, whatever the verdict. ``deadline``
    (a time.monotonic() value) ends the scan sooner than CLAMD_TIMEOUT would,
    as ``unavailable`` ("timeout"), e.g. when a request's files share one.
    """
    if not scanning_enabled():
        return ScanResult(SKIPPED, "scanning is not configured")
    fileobj.seek(0)
    limit = _Deadline(deadline)
    try:
        with _connect(limit) as sock:
            complete = _send_stream(sock, fileobj, chunk_size, limit)
            try:
                reply = _read_reply(sock, limit)
            except _ScannerError:
                if complete:
                    raise
                reply = ""
        if complete or reply:
            result = _verdict(reply)
        else:
            result = ScanResult(UNAVAILABLE, "the scanner hung up before the end of the file")
    except _ScannerError as error:
        result = ScanResult(UNAVAILABLE, str(error))
    finally:
        fileobj.seek(0)
    if result.is_unavailable:
        logger.warning("Virus scan unavailable for %r: %s", getattr(fileobj, "name", None), result.detail)
    elif result.is_infected:
        logger.warning("Virus found in %r: %s", getattr(fileobj, "name", None), result.detail)
    return result


def ping():
    """Whether clamd answers PING with PONG; False when scanning is off or the daemon does not answer."""
    if not scanning_enabled():
        return False
    limit = _Deadline()
    try:
        with _connect(limit) as sock:
            sock.sendall(b"zPING\0")
            return _read_reply(sock, limit) == "PONG"
    except (_ScannerError, OSError):
        return False

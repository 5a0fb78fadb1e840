"""Load and fault scenarios for HLD Portal: ``make stress`` (or ``scripts/stress``), the project's issue 9.

Everything runs on 127.0.0.1 in a temporary folder that is removed at the end, also on failure or Ctrl-C:
a throwaway PostgreSQL cluster (Debian's initdb/pg_ctl, as the ``postgres`` user when root), a Redis server
and gunicorn serving the project with DEBUG off, receipts queued in the database (``TASKS_BACKEND=database``).

Scenarios, each checked against the database and the private file store afterwards:

1. load: ``--concurrency`` (200) visitors each fetch the form, then all post one submission with a PDF at once;
2. database outage: a steady stream of submissions and page views; PostgreSQL is stopped in the middle,
   then started again; gunicorn is never restarted;
3. cache outage: the same with Redis stopped and started again.

The figures are printed and written to ``docs/reliability.md`` (``--doc``); the exit status is 0 only when
every check passes. Every loop is bounded in count and in time.
"""

import argparse
import atexit
import contextlib
import datetime
import glob
import hashlib
import http.client
import importlib.metadata
import io
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DOC = ROOT / "docs" / "reliability.md"

CALL_SLUG = "stress-call"
PREFIX = "STRESS"
FORM_PATH = f"/en/calls/{CALL_SLUG}/submit/"
STATUS_PATH = re.compile(r"^(?:https?://[^/]+)?(/en/submissions/status/[^/]+/)$")
PAGES = ("/en/events/hld-2013/", "/en/documents/")
TRY_AGAIN = ("The portal is busy", "Nothing you sent has been lost")
REFERENCE = re.compile(rf"\b{PREFIX}-\d{{4,}}\b")
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

REQUEST_TIMEOUT = 30  # seconds any one HTTP request may take
# Every request comes as nginx passes it on (deploy/nginx.conf): the site expects TLS in front of it (with DEBUG off
# it redirects plain HTTP to https unless BEHIND_PROXY tells it the proxy did TLS), so the CSRF check of a form post
# is the one for HTTPS, which also wants a same-origin Referer.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
MAX_STREAM_ITERATIONS = 2000  # per client thread of an outage scenario
GUNICORN = {"workers": 3, "threads": 4, "timeout": 60}

CREATE_CALL = f"""
import datetime
from django.utils import timezone
from submissions.models import Call
call = Call.objects.get(slug="protection-of-migrants-2013")
call.pk = None
call.slug = "{CALL_SLUG}"
call.reference_prefix = "{PREFIX}"
call.status = "published"
call.publish_from = None
call.opens_at = timezone.now() - datetime.timedelta(days=1)
call.closes_at = timezone.now() + datetime.timedelta(days=30)
call.accepted_types = ["pdf"]
call.max_file_size = 1024 * 1024
call.max_total_size = 2 * 1024 * 1024
call.max_files = 3
call.next_number = 1
call.save()
"""


def say(message):
    print(f"stress: {message}", file=sys.stderr, flush=True)


class Failure(Exception):
    """A step of the set-up failed: the scenarios cannot run."""


# --- cleanup ---------------------------------------------------------------------------------------------------


class Cleanup:
    """Undo steps run in reverse order, once, at the end of main(), at exit, or on a signal."""

    def __init__(self):
        self.steps = []
        self.done = False

    def push(self, label, function):
        self.steps.append((label, function))

    def run(self):
        if self.done:
            return
        self.done = True
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a second Ctrl-C must not interrupt the cleanup
            with contextlib.suppress(ValueError, AttributeError):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        for label, function in reversed(self.steps):
            try:
                function()
            except Exception as error:  # keep cleaning up whatever fails
                say(f"cleanup of {label} failed: {error!r}")


def _exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc, *, grace=20):
    """TERM a child we started, wait, then KILL its whole session (it was started in a session of its own)."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


# --- services --------------------------------------------------------------------------------------------------


def find_pg_binaries():
    bindir = os.environ.get("PG_BINDIR")
    if bindir:
        candidates = [Path(bindir)]
    else:
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if initdb and pg_ctl:
            return Path(initdb), Path(pg_ctl)
        found = glob.glob("/usr/lib/postgresql/*/bin")
        candidates = [Path(d) for d in sorted(found, key=lambda d: int(re.sub(r"\D", "", d) or 0), reverse=True)]
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder / "initdb", folder / "pg_ctl"
    raise Failure("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql-15")


class Postgres:
    """A throwaway cluster in ``tmp/pgdata``, run by the postgres OS user when root (as in scripts/with-postgres)."""

    def __init__(self, tmp, cleanup):
        self.tmp = tmp
        self.data = tmp / "pgdata"
        self.log = tmp / "postgres.log"
        self.initdb, self.pg_ctl = find_pg_binaries()
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.port = None
        self.version = self._run([self.pg_ctl, "--version"]).stdout.strip()
        cleanup.push("PostgreSQL", self.destroy)

    def _run(self, command, timeout=90, check=True):
        result = subprocess.run(
            [*self.as_pg, *map(str, command)], capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and result.returncode != 0:
            raise Failure(f"{' '.join(map(str, command))} failed:\n{result.stdout}{result.stderr}{self.log_tail()}")
        return result

    def log_tail(self, lines=20):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def create(self):
        if self.as_pg:
            shutil.chown(self.tmp, "postgres")
        self._run(["mkdir", "-m", "700", self.data])
        locales = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.lower()
        locale = "--locale=C.UTF-8" if re.search(r"^c\.utf-?8$", locales, re.M) else "--no-locale"
        self._run([self.initdb, "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", locale, "--no-sync"])
        conf = self.data / "postgresql.conf"
        original = conf.read_text()
        for attempt in range(3):
            self.port = free_port()
            # fsync off: throwaway data. synchronous_commit stays on: an acknowledged commit must survive a crash
            # of the server (not of the machine), which is what the database outage scenario does.
            conf.write_text(
                original + "\n# --- added by scripts/stress (throwaway cluster) ---\n"
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = '{self.tmp}'\n"
                "max_connections = 100\nfsync = off\nfull_page_writes = off\n"
            )
            if self.start(check=False).returncode == 0:
                return
            if "could not bind" not in self.log_tail() or attempt == 2:
                raise Failure(f"PostgreSQL failed to start:\n{self.log_tail()}")

    def start(self, check=True):
        return self._run([self.pg_ctl, "-D", self.data, "-l", self.log, "-w", "-t", "60", "start"], check=check)

    def stop(self, mode):
        return self._run([self.pg_ctl, "-D", self.data, "-m", mode, "-w", "-t", "60", "stop"])

    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def connect(self):
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", connect_timeout=10, autocommit=True
        )

    def destroy(self):
        if not (self.data / "PG_VERSION").exists():
            return
        pid = None
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        self._run([self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "-t", "30", "stop"], check=False)
        if pid:
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


class Redis:
    def __init__(self, tmp, cleanup):
        binary = shutil.which("redis-server")
        if not binary:
            raise Failure("redis-server not found: apt-get install -y redis-server")
        self.binary = binary
        self.dir = tmp / "redis"
        self.dir.mkdir()
        self.log = tmp / "redis.log"
        self.port = free_port()
        self.proc = None
        self.version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
        self.version = " ".join(self.version.split()[:3])
        cleanup.push("Redis", self.stop)

    def start(self):
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--daemonize", "no", "--dir", str(self.dir)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"redis-server exited: {self.log.read_text(errors='replace')[-2000:]}")
            if self.ping():
                return
            time.sleep(0.05)
        raise Failure("redis-server did not answer PING within 20 s")

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.proc is not None:
            stop_process(self.proc, grace=10)

    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class Gunicorn:
    def __init__(self, tmp, env, port, cleanup):
        self.env = env
        self.log = tmp / "gunicorn.log"
        self.port = port
        self.proc = None
        cleanup.push("gunicorn", self.stop)

    def command(self):
        return [
            str(VENV_BIN / "gunicorn"), "hldportal.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--worker-class", "gthread", "--workers", str(GUNICORN["workers"]), "--threads", str(GUNICORN["threads"]),
            "--timeout", str(GUNICORN["timeout"]), "--graceful-timeout", "10", "--backlog", "2048",
            "--no-control-socket", "--error-logfile", "-",
        ]  # fmt: skip

    def start(self):
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"gunicorn exited:\n{self.log_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if http_request(self.port, "GET", "/en/", timeout=5)[0] == 200:
                    return
            time.sleep(0.2)
        raise Failure(f"gunicorn did not serve /en/ within 60 s:\n{self.log_text()[-3000:]}")

    def log_size(self):
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_text(self, offset=0):
        try:
            with self.log.open("rb") as file:
                file.seek(offset)
                return file.read().decode(errors="replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is not None:
            stop_process(self.proc)


# --- the HTTP client -------------------------------------------------------------------------------------------


def http_request(port, method, path, *, body=None, headers=None, timeout=REQUEST_TIMEOUT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@dataclass
class Hit:
    """One HTTP request: what was asked, when, and what came back (status None: no response at all)."""

    kind: str  # form, post, status, page
    start: float
    end: float = 0.0
    status: int | None = None
    error: str = ""
    try_again: bool = False  # a 503 with the "try again" page
    retry_after: bool = False
    cache: str = ""  # the X-Cache header

    @property
    def latency(self):
        return self.end - self.start


@dataclass
class Attempt:
    """One visitor sending one submission."""

    scenario: str
    number: int
    organisation: str
    email: str
    pdf: bytes = field(repr=False)
    hits: list = field(default_factory=list)
    acknowledged: bool = False
    status_path: str = ""
    reference: str = ""
    outcome: str = "not sent"

    @property
    def sha256(self):
        return hashlib.sha256(self.pdf).hexdigest()

    def hit(self, kind):
        return next((hit for hit in self.hits if hit.kind == kind), None)


class Site:
    """The visitors' side: pages and submissions against gunicorn, every request recorded as a Hit."""

    def __init__(self, port, run_id):
        self.port = port
        self.run_id = run_id
        self.counter = 0
        self.lock = threading.Lock()

    def request(self, kind, method, path, sink, *, body=None, headers=None, deadline=None):
        timeout = REQUEST_TIMEOUT if deadline is None else max(1.0, min(REQUEST_TIMEOUT, deadline - time.monotonic()))
        hit = Hit(kind, time.monotonic())
        sink.append(hit)
        try:
            status, response_headers, content = http_request(
                self.port, method, path, body=body, headers=headers, timeout=timeout
            )
        except (OSError, http.client.HTTPException) as error:
            hit.end = time.monotonic()
            hit.error = type(error).__name__
            return hit, None, b""
        hit.end = time.monotonic()
        hit.status = status
        hit.cache = response_headers.get("X-Cache", "")
        if status == 503:
            text = content.decode(errors="replace")
            hit.try_again = all(phrase in text for phrase in TRY_AGAIN)
            hit.retry_after = bool(response_headers.get("Retry-After"))
        return hit, response_headers, content

    def new_attempt(self, scenario):
        with self.lock:
            self.counter += 1
            number = self.counter
        rng = random.Random(f"{self.run_id}-{number}")
        size = rng.randint(20 * 1024, 200 * 1024)
        head = f"%PDF-1.4\n% HLD Portal stress {self.run_id} {scenario} {number}\n".encode()
        tail = b"\n%%EOF\n"
        filler = secrets.token_hex(size // 2 + 1).encode()[: size - len(head) - len(tail)]
        return Attempt(
            scenario=scenario,
            number=number,
            organisation=f"Stress {self.run_id} {scenario} {number:05d}",
            email=f"stress-{self.run_id}-{scenario}-{number:05d}@example.org",
            pdf=head + filler + tail,
        )

    def fetch_form(self, attempt, sink, deadline=None):
        """GET the form: (csrf cookie, csrf field) or None. The cookie is Secure (DEBUG off): sent back by hand."""
        hit, headers, content = self.request("form", "GET", FORM_PATH, sink, deadline=deadline)
        attempt.hits.append(hit)
        if hit.status != 200:
            attempt.outcome = describe_failure(hit, "form")
            return None
        cookie = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or ():
            cookie.load(value)
        match = CSRF_FIELD.search(content)
        if "csrftoken" not in cookie or not match:
            attempt.outcome = "form without CSRF token"
            return None
        return cookie["csrftoken"].value, match.group(1).decode()

    def post(self, attempt, csrf, sink, deadline=None):
        cookie, token = csrf
        fields = {
            "csrfmiddlewaretoken": token,
            "organisation": attempt.organisation,
            "category": "cso",
            "country": "",
            "contact_name": f"Stress visitor {attempt.number}",
            "email": attempt.email,
            "phone": "",
            "title": f"Stress submission {attempt.number}",
            "language": "en",
            "consent_to_publish": "on",
            "website": "",
        }
        body, content_type = multipart(fields, [("files", f"stress-{attempt.number}.pdf", attempt.pdf)])
        headers = {
            "Content-Type": content_type,
            "Cookie": f"csrftoken={cookie}",  # a Secure cookie, which a plain-HTTP client would not send back
            "Referer": f"https://127.0.0.1:{self.port}{FORM_PATH}",
        }
        hit, response_headers, _content = self.request(
            "post", "POST", FORM_PATH, sink, body=body, headers=headers, deadline=deadline
        )
        attempt.hits.append(hit)
        location = (response_headers or {}).get("Location", "")
        match = STATUS_PATH.match(location)
        if hit.status == 302 and match:
            attempt.acknowledged = True
            attempt.status_path = match.group(1)
            attempt.outcome = "acknowledged"
        else:
            attempt.outcome = describe_failure(hit, "post")
        return attempt.acknowledged

    def read_status(self, attempt, sink, deadline=None):
        hit, _headers, content = self.request("status", "GET", attempt.status_path, sink, deadline=deadline)
        attempt.hits.append(hit)
        if hit.status == 200 and (match := REFERENCE.search(content.decode(errors="replace"))):
            attempt.reference = match.group(0)

    def submit(self, attempt, sink, *, deadline=None, barrier=None, status_page=False, open_form=None):
        """GET the form, POST it, optionally read the status page. ``open_form`` (a dict kept by one visitor)
        remembers the last form loaded: when the form cannot be loaded, the visitor sends the one still open."""
        try:
            csrf = self.fetch_form(attempt, sink, deadline)
            if open_form is not None:
                if csrf:
                    open_form["csrf"] = csrf
                else:
                    csrf = open_form.get("csrf")
            if barrier is not None:
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait(timeout=max(0.1, deadline - time.monotonic()))
            if csrf and self.post(attempt, csrf, sink, deadline) and status_page:
                self.read_status(attempt, sink, deadline)
        except Exception as error:  # a client bug must show in the figures, not kill the thread silently
            attempt.outcome = f"client error {error!r}"


def describe_failure(hit, step):
    if hit.status is None:
        return f"{step}: no response ({hit.error})"
    if hit.status == 503:
        return f"{step}: 503 try-again page" if hit.try_again else f"{step}: 503 without the try-again page"
    return f"{step}: {hit.status}"


def multipart(fields, files):
    boundary = f"----hldstress{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
        )
        out.write(content)
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


# --- figures ---------------------------------------------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def is_5xx(hit):
    return hit.status is not None and hit.status >= 500


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Result:
    name: str
    title: str
    summary: str
    tables: list = field(default_factory=list)  # (heading or "", [header], [rows])
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    headline: dict = field(default_factory=dict)  # the figures, for the summary table

    @property
    def ok(self):
        return all(check.ok for check in self.checks)

    def check(self, label, ok, detail=""):
        self.checks.append(Check(label, bool(ok), detail))


def verify_store(postgres, private_root, attempts):
    """What the database and the private file store hold for ``attempts``, against what the visitors were told."""
    emails = [attempt.email for attempt in attempts]
    with postgres.connect() as conn:
        submissions = conn.execute(
            "SELECT id, reference, email FROM submissions_submission WHERE email = ANY(%s)", (emails,)
        ).fetchall()
        files = conn.execute("SELECT submission_id, file, sha256 FROM submissions_submissionfile").fetchall()
        duplicate_references = conn.execute(
            "SELECT reference FROM submissions_submission GROUP BY reference HAVING count(*) > 1"
        ).fetchall()
        tasks = conn.execute(
            "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s", ("%send_email",)
        ).fetchall()
    by_email = {}
    for pk, reference, email in submissions:
        by_email.setdefault(email, []).append((pk, reference))
    acknowledged = {attempt.email: attempt for attempt in attempts if attempt.acknowledged}
    stored_emails = set(by_email)
    lost = sorted(set(acknowledged) - stored_emails)
    stored_unacknowledged = sorted(stored_emails - set(acknowledged))
    twice = sorted(email for email, rows in by_email.items() if len(rows) > 1)
    wrong_reference = [
        attempt.email
        for attempt in acknowledged.values()
        if attempt.reference and attempt.email in by_email and attempt.reference != by_email[attempt.email][0][1]
    ]
    # Files: every row's file on disk with the content the visitor sent; nothing on disk without a row.
    known = {name for _pk, name, _sha in files}
    files_by_submission = {}
    for submission_id, name, sha in files:
        files_by_submission.setdefault(submission_id, []).append((name, sha))
    sent_sha = {attempt.email: attempt.sha256 for attempt in attempts}
    missing, corrupt = [], []
    for email, rows in by_email.items():
        for pk, _reference in rows:
            records = files_by_submission.get(pk, [])
            if not records:
                missing.append(f"{email}: no file record")
            for name, sha in records:
                path = private_root / name
                if not path.is_file():
                    missing.append(f"{email}: {name}")
                elif sha != sent_sha[email] or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                    corrupt.append(f"{email}: {name}")
    on_disk = {path.relative_to(private_root).as_posix() for path in private_root.rglob("*") if path.is_file()}
    orphans = sorted(on_disk - known)
    receipts = Counter()
    for (args_kwargs,) in tasks:
        for address in (args_kwargs or {}).get("kwargs", {}).get("to", []):
            receipts[address] += 1
    return {
        "sent": sum(1 for attempt in attempts if attempt.hit("post")),
        "acknowledged": len(acknowledged),
        "stored": len(submissions),
        "lost": lost,
        "stored_unacknowledged": stored_unacknowledged,
        "duplicates": twice + [f"reference {ref}" for (ref,) in duplicate_references] + wrong_reference,
        "missing_files": missing,
        "corrupt_files": corrupt,
        "orphans": orphans,
        "files_on_disk": len(on_disk),
        "receipts_acknowledged": sum(1 for email in acknowledged if receipts[email] >= 1),
        "receipts_stored": sum(1 for email in stored_emails if receipts[email] >= 1),
        "receipts_extra": sum(max(0, receipts[email] - 1) for email in emails),
    }


def headline(store, *, outage_5xx="-", recovered_5xx="-"):
    return {
        "sent": store["sent"],
        "acknowledged": store["acknowledged"],
        "stored": store["stored"],
        "lost": len(store["lost"]),
        "duplicates": len(store["duplicates"]),
        "orphan files": len(store["orphans"]),
        "receipts queued": store["receipts_acknowledged"],
        "5xx during the outage": outage_5xx,
        "5xx after recovery": recovered_5xx,
    }


def store_checks(result, store):
    result.check("lost (acknowledged, not stored) = 0", not store["lost"], ", ".join(store["lost"][:5]))
    result.check("duplicates = 0", not store["duplicates"], ", ".join(store["duplicates"][:5]))
    result.check("orphan files = 0", not store["orphans"], ", ".join(store["orphans"][:5]))
    result.check(
        "every stored submission has its file, intact",
        not store["missing_files"] and not store["corrupt_files"],
        ", ".join((store["missing_files"] + store["corrupt_files"])[:5]),
    )
    result.check(
        "one receipt queued per acknowledged submission",
        store["receipts_acknowledged"] == store["acknowledged"] and not store["receipts_extra"],
        f"{store['receipts_acknowledged']} of {store['acknowledged']}, {store['receipts_extra']} extra",
    )


def store_rows(store):
    return [
        ["stored", store["stored"]],
        ["lost (acknowledged but not stored)", len(store["lost"])],
        ["stored though the visitor saw no acknowledgement", len(store["stored_unacknowledged"])],
        ["duplicate submissions or references", len(store["duplicates"])],
        ["stored files missing or not what was sent", len(store["missing_files"]) + len(store["corrupt_files"])],
        ["orphan files (on disk, no record)", len(store["orphans"])],
        ["receipts queued for acknowledged submissions", store["receipts_acknowledged"]],
    ]


def log_figures(text):
    """What gunicorn's log says: errors logged by Django, worker timeouts and restarts, exception types."""
    exceptions = Counter()
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout)): ?(.*)", line)
        if match:
            message = re.sub(r'connection to server at "[^"]*", port \d+ failed: ', "", match.group(2))
            exceptions[f"{match.group(1)}: {' '.join(message.split())[:70]}"] += 1
    return {
        "logged 503 (Service Unavailable)": len(re.findall(r"Service Unavailable: ", text)),
        "logged 500 (Internal Server Error)": len(re.findall(r"Internal Server Error: ", text)),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "workers booted": text.count("Booting worker"),
        "cache-unavailable warnings": text.count("cache unavailable for"),
        "exceptions": exceptions.most_common(6),
    }


# --- scenario 1: load ------------------------------------------------------------------------------------------


def scenario_load(ctx, concurrency, time_limit):
    say(f"load: {concurrency} concurrent submissions (at most {time_limit} s)")
    offset = ctx.gunicorn.log_size()
    deadline = time.monotonic() + time_limit
    attempts = [ctx.site.new_attempt("load") for _ in range(concurrency)]
    barrier = threading.Barrier(concurrency)
    hits = []
    threads = [
        threading.Thread(
            target=ctx.site.submit,
            args=(attempt, hits),
            kwargs={"deadline": deadline, "barrier": barrier, "status_page": True},
            daemon=True,
        )
        for attempt in attempts
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    unfinished = sum(thread.is_alive() for thread in threads)
    wall = time.monotonic() - started
    posts = [hit for hit in hits if hit.kind == "post"]
    post_window = (max(h.end for h in posts) - min(h.start for h in posts)) if posts else 0.0
    latencies = [hit.latency for hit in posts if hit.status is not None]
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    statuses = Counter(hit.status or hit.error for hit in posts)
    outcomes = Counter(attempt.outcome for attempt in attempts)
    references = [attempt.reference for attempt in attempts if attempt.reference]
    logs = log_figures(ctx.gunicorn.log_text(offset))

    result = Result(
        "load",
        "1. Load: concurrent submissions with files",
        f"{concurrency} visitors each fetch the form, wait at a barrier, then all post at once one submission with "
        "a unique PDF of 20-200 KB; each then reads its status page. Checked afterwards in PostgreSQL and in "
        "PRIVATE_MEDIA_ROOT.",
    )
    rows = [
        ["submissions sent", len(posts)],
        ["acknowledged (302 to the status page)", store["acknowledged"]],
        *store_rows(store),
        ["references read on the status pages, all distinct", f"{len(references)}, {len(set(references))} distinct"],
        ["POST responses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))],
        ["POST latency p50 / p90 / p99 / max", " / ".join(ms(percentile(latencies, p)) for p in (0.5, 0.9, 0.99, 1))],
        [
            f"all {len(posts)} POSTs answered within",
            f"{post_window:.1f} s ({len(posts) / post_window:.1f} submissions/s)",
        ]
        if post_window
        else ["all POSTs answered within", "-"],
        ["wall time (forms, posts, status pages)", f"{wall:.1f} s"],
        ["5xx responses / worker timeouts", f"{sum(map(is_5xx, hits))} / {logs['worker timeouts']}"],
    ]
    result.tables.append(("", ["figure", "value"], rows))
    result.headline = headline(store)
    result.check("every submission sent", len(posts) == concurrency and not unfinished, f"{unfinished} unfinished")
    result.check("every submission acknowledged", store["acknowledged"] == concurrency, dict(outcomes))
    store_checks(result, store)
    result.check(
        "status pages show the stored, distinct references",
        len(references) == store["acknowledged"] and len(set(references)) == len(references),
    )
    result.check("no 5xx", not any(map(is_5xx, hits)))
    ctx.all_attempts.extend(attempts)
    return result


# --- scenarios 2 and 3: a fault in the middle of a stream -----------------------------------------------------


def run_stream(ctx, scenario, *, submitters, readers, before, outage, after, take_down, bring_up):
    """Clients send submissions and read pages steadily; ``take_down`` after ``before`` s, ``bring_up`` after
    ``outage`` s more, then ``after`` s more. Returns the attempts, the page hits and the moments of the fault."""
    stop = threading.Event()
    hard_deadline = time.monotonic() + before + outage + after + 120
    attempts, submission_hits, page_hits = [], [], []

    def submitter():
        open_form = {}
        for _ in range(MAX_STREAM_ITERATIONS):
            if stop.is_set() or time.monotonic() > hard_deadline:
                return
            attempt = ctx.site.new_attempt(scenario)
            attempts.append(attempt)
            ctx.site.submit(attempt, submission_hits, deadline=hard_deadline, open_form=open_form)
            stop.wait(0.1)

    def reader(offset):
        for index in range(offset, offset + MAX_STREAM_ITERATIONS):
            if stop.is_set() or time.monotonic() > hard_deadline:
                return
            ctx.site.request("page", "GET", PAGES[index % len(PAGES)], page_hits, deadline=hard_deadline)
            stop.wait(0.05)

    threads = [threading.Thread(target=submitter, daemon=True) for _ in range(submitters)]
    threads += [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(readers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(before)
        down = time.monotonic()
        take_down()
        down_done = time.monotonic()
        time.sleep(outage)
        up_begin = time.monotonic()
        bring_up()
        up = time.monotonic()
        time.sleep(after)
    finally:
        stop.set()
        for thread in threads:
            thread.join(max(0.0, hard_deadline - time.monotonic()))
    moments = {
        "started": started,
        "down": down,
        "down_done": down_done,
        "up_begin": up_begin,
        "up": up,
        "ended": time.monotonic(),
        "unfinished": sum(thread.is_alive() for thread in threads),
    }
    return attempts, submission_hits, page_hits, moments


def phase_of(hit, moments):
    if hit.end < moments["down"]:
        return "before"
    if hit.start >= moments["up"]:
        return "after"
    return "outage"


def attempt_phase(attempt, moments):
    hit = attempt.hit("post") or attempt.hit("form")
    return phase_of(hit, moments) if hit else "after"


PHASES = ("before", "outage", "after")


def phase_table(attempts, submission_hits, page_hits, moments, *, cache_column=False):
    durations = {
        "before": moments["down"] - moments["started"],
        "outage": moments["up"] - moments["down"],
        "after": moments["ended"] - moments["up"],
    }
    header = ["", "before", "outage", "after restart"]
    rows = [["duration", *(f"{durations[p]:.1f} s" for p in PHASES)]]

    def per_phase(items, key, predicate):
        return [sum(1 for item in items if key(item) == p and predicate(item)) for p in PHASES]

    def by_attempt(attempt):
        return attempt_phase(attempt, moments)

    def by_hit(hit):
        return phase_of(hit, moments)

    forms = [h for h in submission_hits if h.kind == "form"]
    posts = [h for h in submission_hits if h.kind == "post"]
    rows.append(["forms loaded (GET, 200)", *per_phase(forms, by_hit, lambda h: h.status == 200)])
    rows.append(['forms answered 503 "try again"', *per_phase(forms, by_hit, lambda h: h.try_again)])
    rows.append(["submissions sent (POST)", *per_phase(posts, by_hit, lambda h: True)])
    rows.append(["acknowledged (302)", *per_phase(attempts, by_attempt, lambda a: a.acknowledged)])
    rows.append(['submissions answered 503 "try again"', *per_phase(posts, by_hit, lambda h: h.try_again)])
    everything = submission_hits + page_hits
    rows.append(
        ["500 or other 5xx (any request)", *per_phase(everything, by_hit, lambda h: is_5xx(h) and not h.try_again)]
    )
    rows.append(["no response / timeout (any request)", *per_phase(everything, by_hit, lambda h: h.status is None)])
    rows.append(["page views (event page, library)", *per_phase(page_hits, by_hit, lambda h: True)])
    rows.append(["page views answered 200", *per_phase(page_hits, by_hit, lambda h: h.status == 200)])
    rows.append(['page views answered 503 "try again"', *per_phase(page_hits, by_hit, lambda h: h.try_again)])
    if cache_column:
        rows.append(["page views X-Cache: HIT", *per_phase(page_hits, by_hit, lambda h: h.cache == "HIT")])
    for label, hits in (("page view", page_hits), ("POST", posts)):
        cells = []
        for p in PHASES:
            values = [h.latency for h in hits if by_hit(h) == p and h.status is not None]
            cells.append(f"{ms(percentile(values, 0.5))} / {ms(percentile(values, 0.99))}")
        rows.append([f"{label} latency p50 / p99", *cells])
    return header, rows


def recovery_figures(attempts, submission_hits, page_hits, moments):
    """After the service is back: how long until the first acknowledged submission, and the 5xx before/after it."""
    after_acks = sorted(
        attempt.hit("post").end
        for attempt in attempts
        if attempt.acknowledged and attempt.hit("post").start >= moments["up"]
    )
    first_ack = after_acks[0] if after_acks else None
    later = [h for h in submission_hits + page_hits if h.start >= moments["up"]]
    if first_ack is None:
        return None, sum(map(is_5xx, later)), None
    before_first = [h for h in later if h.start < first_ack]
    after_first = [h for h in later if h.start >= first_ack]
    return first_ack - moments["up"], sum(map(is_5xx, before_first)), sum(map(is_5xx, after_first))


def scenario_database_outage(ctx, args):
    before, outage, after = args.before, args.outage, args.after
    say(f"database outage: {before} s of traffic, PostgreSQL stopped ({args.pg_stop_mode}) for {outage} s, {after} s")
    offset = ctx.gunicorn.log_size()
    master = ctx.gunicorn.proc.pid

    def take_down():
        ctx.postgres.stop(args.pg_stop_mode)
        say("database outage: PostgreSQL stopped")

    def bring_up():
        ctx.postgres.start()
        say("database outage: PostgreSQL started again")

    attempts, submission_hits, page_hits, moments = run_stream(
        ctx, "db", submitters=6, readers=1, before=before, outage=outage, after=after,
        take_down=take_down, bring_up=bring_up,
    )  # fmt: skip
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    logs = log_figures(ctx.gunicorn.log_text(offset))
    everything = submission_hits + page_hits
    recovery, fivexx_recovering, fivexx_recovered = recovery_figures(attempts, submission_hits, page_hits, moments)
    non_503 = [h for h in everything if is_5xx(h) and not h.try_again]
    bare_503 = [h for h in everything if h.status == 503 and not h.try_again]

    result = Result(
        "database",
        "2. Database outage",
        "6 visitors send submissions one after another (GET the form, POST it, 0.1 s pause; a visitor whose form "
        "does not load sends the one still open in the browser), 1 visitor reads the "
        f"event page and the library; after {before} s PostgreSQL is stopped (`pg_ctl stop -m {args.pg_stop_mode}`"
        f"{', a crash: no shutdown checkpoint, crash recovery on restart' if args.pg_stop_mode == 'immediate' else ''}"
        f"), {outage} s later started again; gunicorn keeps running throughout. A request belongs to the outage "
        "when any part of it falls between the stop command and the moment PostgreSQL accepts connections again.",
    )
    header, rows = phase_table(attempts, submission_hits, page_hits, moments, cache_column=True)
    result.tables.append(("Responses by phase", header, rows))
    same_master = ctx.gunicorn.alive() and ctx.gunicorn.proc.pid == master
    # Posts being handled while the server went down: the ones that may have written files before their
    # transaction failed (the files must then be deleted) or whose commit raced the stop.
    in_flight = [
        attempt
        for attempt in attempts
        if (post := attempt.hit("post")) and post.start <= moments["down_done"] and post.end >= moments["down"]
    ]
    in_flight_outcomes = Counter(attempt.outcome for attempt in in_flight)
    with_text = sum(h.try_again and h.retry_after for h in everything)
    all_503 = sum(h.status == 503 for h in everything)
    rows = [
        ["submissions sent (whole stream)", store["sent"]],
        ["acknowledged", store["acknowledged"]],
        *store_rows(store),
        ['5xx other than the 503 "try again" page', len(non_503)],
        ['503 responses with the "try again" text and Retry-After', f"{with_text} of {all_503}"],
        [
            "submissions in flight when PostgreSQL stopped",
            f"{len(in_flight)}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in in_flight_outcomes.items())})" if in_flight else ""),
        ],
        ["first acknowledged submission after restart", "never" if recovery is None else f"{recovery:.2f} s"],
        ["5xx after restart, before the first success", fivexx_recovering],
        ["5xx after recovery (after the first success)", "-" if fivexx_recovered is None else fivexx_recovered],
        ["gunicorn restarted", "no (same master process)" if same_master else "yes"],
        ["worker timeouts / workers booted", f"{logs['worker timeouts']} / {logs['workers booted']}"],
        [
            "errors logged by Django (503 / 500)",
            f"{logs['logged 503 (Service Unavailable)']} / {logs['logged 500 (Internal Server Error)']}",
        ],
    ]
    result.tables.append(("Afterwards", ["figure", "value"], rows))
    outage_5xx = Counter(h.status for h in everything if is_5xx(h) and phase_of(h, moments) == "outage")
    result.headline = headline(
        store,
        outage_5xx=", ".join(f"{count} x {status}" for status, count in sorted(outage_5xx.items())) or "0",
        recovered_5xx="-" if fivexx_recovered is None else fivexx_recovered,
    )
    if logs["exceptions"]:
        result.notes.append(
            "Exceptions in gunicorn's log during the scenario (most frequent first): "
            + "; ".join(f"`{text}` x{count}" for text, count in logs["exceptions"])
            + "."
        )
    outage_posts = [h for h in submission_hits if phase_of(h, moments) == "outage"]
    result.check("the outage was seen by visitors (503 during the outage)", any(h.try_again for h in outage_posts))
    result.check("no 500 (every 5xx is the 503 try-again page)", not non_503, Counter(h.status for h in non_503))
    result.check("every 503 shows the try-again text", not bare_503, len(bare_503))
    result.check("no request left without a response", not any(h.status is None for h in everything))
    store_checks(result, store)
    result.check(
        f"recovered by itself within {args.recovery_limit} s of the restart",
        recovery is not None and recovery <= args.recovery_limit,
        "never" if recovery is None else f"{recovery:.2f} s",
    )
    result.check("no 5xx after recovery", fivexx_recovered == 0, fivexx_recovered)
    result.check("gunicorn never restarted", same_master)
    result.check("no worker timeout", logs["worker timeouts"] == 0, logs["worker timeouts"])
    ctx.all_attempts.extend(attempts)
    return result


def scenario_cache_outage(ctx, args):
    before, outage, after = args.before, args.outage, args.after
    say(f"cache outage: {before} s of traffic, Redis stopped for {outage} s, {after} s after its restart")
    offset = ctx.gunicorn.log_size()

    def take_down():
        ctx.redis.stop()
        say("cache outage: Redis stopped")

    def bring_up():
        ctx.redis.start()
        say("cache outage: Redis started again (empty)")

    attempts, submission_hits, page_hits, moments = run_stream(
        ctx, "cache", submitters=2, readers=4, before=before, outage=outage, after=after,
        take_down=take_down, bring_up=bring_up,
    )  # fmt: skip
    store = verify_store(ctx.postgres, ctx.private_root, attempts)
    logs = log_figures(ctx.gunicorn.log_text(offset))
    everything = submission_hits + page_hits
    hits_after = sorted(h.end for h in page_hits if h.start >= moments["up"] and h.cache == "HIT")
    first_hit = hits_after[0] - moments["up"] if hits_after else None

    result = Result(
        "cache",
        "3. Cache outage",
        f"4 visitors read the event page and the library in turn (0.05 s pause), 2 send submissions; after {before} s "
        f"Redis is stopped (SIGTERM), {outage} s later started again, empty, on the same port. While Redis is down "
        "the page cache, the content version and the submission rate limit fail soft; pages then still carry "
        "`X-Cache: MISS` (the middleware tried to store them).",
    )
    header, rows = phase_table(attempts, submission_hits, page_hits, moments, cache_column=True)
    result.tables.append(("Responses by phase", header, rows))
    result.tables.append(
        (
            "Afterwards",
            ["figure", "value"],
            [
                ["submissions sent (whole stream)", store["sent"]],
                ["acknowledged", store["acknowledged"]],
                *store_rows(store),
                ["5xx (any request, any phase)", sum(map(is_5xx, everything))],
                ["first X-Cache: HIT after Redis restarted", "never" if first_hit is None else f"{first_hit:.2f} s"],
                ["cache-unavailable warnings logged", logs["cache-unavailable warnings"]],
                ["worker timeouts", logs["worker timeouts"]],
            ],
        )
    )
    result.headline = headline(
        store,
        outage_5xx=sum(1 for h in everything if is_5xx(h) and phase_of(h, moments) == "outage"),
        recovered_5xx=sum(1 for h in everything if is_5xx(h) and phase_of(h, moments) == "after"),
    )
    outage_pages = [h for h in page_hits if phase_of(h, moments) == "outage"]
    outage_acks = [a for a in attempts if a.acknowledged and attempt_phase(a, moments) == "outage"]
    result.check("no 5xx", not any(map(is_5xx, everything)), sum(map(is_5xx, everything)))
    result.check("every page view answered 200", all(h.status == 200 for h in page_hits))
    result.check("pages served during the outage", outage_pages and all(h.status == 200 for h in outage_pages))
    result.check("submissions acknowledged during the outage", outage_acks, len(outage_acks))
    result.check(
        "every submission acknowledged",
        store["acknowledged"] == store["sent"],
        f"{store['acknowledged']}/{store['sent']}",
    )
    store_checks(result, store)
    result.check("caching resumed after the restart (X-Cache: HIT)", first_hit is not None)
    ctx.all_attempts.extend(attempts)
    return result


# --- the report ------------------------------------------------------------------------------------------------


def markdown_table(header, rows):
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_facts(ctx):
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    system = platform.platform()
    with contextlib.suppress(OSError):
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        system = f"{release.get('PRETTY_NAME', '').strip(chr(34))}, Linux {platform.release()}"

    def version(name):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            return importlib.metadata.version(name)
        return "?"

    return [
        ["CPU", f"{cpu}, {len(os.sched_getaffinity(0))} cores available"],
        ["load average (1, 5, 15 min) when the run started", ctx.load_at_start],
        ["memory", memory],
        ["system", system],
        ["Python / Django / gunicorn", f"{platform.python_version()} / {version('django')} / {version('gunicorn')}"],
        ["PostgreSQL", f"{ctx.postgres.version} (throwaway cluster, fsync off, synchronous_commit on)"],
        ["Redis", ctx.redis.version],
        [
            "gunicorn",
            f"gthread, {GUNICORN['workers']} workers x {GUNICORN['threads']} threads, timeout {GUNICORN['timeout']} s, "
            "DEBUG off, CONN_MAX_AGE=60 with health checks",
        ],
    ]


def render(ctx, results, started_at, elapsed):
    verdict = "every check passed" if all(r.ok for r in results) else "SOME CHECKS FAILED"
    out = [
        "# Reliability: load and fault scenarios",
        "",
        "Written by `make stress` (`scripts/stress`, code in `reliability/stress.py`): the figures below are those "
        f"of the run of {started_at:%Y-%m-%d %H:%M} UTC, which took {elapsed:.0f} s; {verdict}.",
        "",
        "## Summary",
        "",
        markdown_table(
            ["scenario", *results[0].headline, "checks"],
            [
                [r.title.split(". ", 1)[-1], *r.headline.values(), "pass" if r.ok else "**FAIL**"]
                for r in results
                if r.headline
            ],
        ),
        "",
        "*Sent*: submissions posted; *acknowledged*: answered with the redirect to the status page; *lost*: "
        "acknowledged but not in the database (must be 0); *orphan files*: files in the private store that no "
        "record names (must be 0, counted over the whole store); *5xx after recovery*: from the first submission "
        "acknowledged after the restart to the end of the stream.",
        "",
        "## How to run",
        "",
        "```sh",
        "make stress                      # all three scenarios; prints the figures and rewrites this file",
        "scripts/stress --doc /tmp/r.md   # the same, the report elsewhere; --help for durations and sizes",
        "STRESS=1 .venv/bin/pytest -m stress   # the same run as a test (skipped without STRESS=1)",
        "```",
        "",
        "Needs Debian's `postgresql-15` (initdb, pg_ctl) and `redis-server`; runs as root too (the cluster then "
        "runs as the `postgres` user). Everything listens on 127.0.0.1 on free ports and lives in one temporary "
        "folder, removed at the end, also on failure or Ctrl-C. The site runs as in production: gunicorn, DEBUG "
        "off, PostgreSQL, Redis as the cache, receipts queued in the database (`TASKS_BACKEND=database`, no worker "
        "runs: a queued receipt is a row in `django_tasks_database_dbtaskresult` addressed to the submitter), "
        "`SUBMISSION_RATE_LIMIT` raised so that one address may send them all. The stress call is a copy of the "
        "demo call, open, accepting PDF files up to 1 MB.",
        "",
        "What is counted: *acknowledged* is a 302 from the form to the submitter's status page; *stored* is a "
        "submission row with the visitor's unique e-mail address; *lost* is acknowledged but not stored; an "
        "*orphan file* is a file under `PRIVATE_MEDIA_ROOT` that no `SubmissionFile` row names; every stored file "
        "is also compared, by SHA-256, with what the visitor sent.",
        "",
        "Not exercised here: nginx in front (requests go straight to gunicorn, with the `X-Forwarded-Proto: https` "
        "header nginx adds), the task worker sending the receipts, a crash of the machine itself (the cluster runs "
        "with fsync off), and a crash at the very moment of a commit, when PostgreSQL has committed but the reply "
        "never reaches the app (a window of microseconds that a 10-second outage is unlikely to hit).",
        "",
        "## Machine",
        "",
        markdown_table(["", ""], machine_facts(ctx)),
        "",
    ]
    for result in results:
        out += [f"## {result.title}", "", result.summary, ""]
        for heading, header, rows in result.tables:
            if heading:
                out += [f"**{heading}**", ""]
            out += [markdown_table(header, rows), ""]
        if result.notes:
            out += [*result.notes, ""]
        out += ["**Checks**", ""]
        out += [
            f"- {'pass' if check.ok else 'FAIL'}: {check.label}"
            + ("" if check.ok or not check.detail else f" ({check.detail})")
            for check in result.checks
        ]
        out.append("")
    return "\n".join(out)


# --- main ------------------------------------------------------------------------------------------------------


@dataclass
class Context:
    tmp: Path
    postgres: Postgres
    redis: Redis
    gunicorn: Gunicorn
    site: Site
    private_root: Path
    all_attempts: list = field(default_factory=list)
    load_at_start: str = ""


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise Failure(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


def django_env(tmp, postgres, redis, port):
    """A production-like environment, built from scratch: nothing of the caller's DEBUG, CLAMD_*... leaks in."""
    folders = {name: tmp / name for name in ("var", "media", "private", "static")}
    for folder in folders.values():
        folder.mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp)),
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url(),
        "REDIS_URL": redis.url(),
        "CONN_MAX_AGE": "60",
        "TASKS_BACKEND": "database",
        "SUBMISSION_RATE_LIMIT": "1000000",
        "VAR_DIR": str(folders["var"]),
        "MEDIA_ROOT": str(folders["media"]),
        "PRIVATE_MEDIA_ROOT": str(folders["private"]),
        "STATIC_ROOT": str(folders["static"]),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="stress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=200, help="submissions sent at once in the load (200)")
    parser.add_argument("--load-timeout", type=float, default=180, help="seconds the load may take (180)")
    parser.add_argument("--before", type=float, default=10, help="seconds of traffic before each fault (10)")
    parser.add_argument("--outage", type=float, default=10, help="seconds each service stays down (10)")
    parser.add_argument("--after", type=float, default=15, help="seconds of traffic after each restart (15)")
    parser.add_argument(
        "--pg-stop-mode",
        choices=("immediate", "fast"),
        default="immediate",
        help="how PostgreSQL is stopped: immediate (a crash, the default) or fast (sessions ended, then a checkpoint)",
    )
    parser.add_argument("--recovery-limit", type=float, default=10, help="seconds allowed to recover (10)")
    parser.add_argument("--doc", default=str(DEFAULT_DOC), help="where to write the report ('-': nowhere)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) for inspection")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 1000:
        parser.error("--concurrency must be between 1 and 1000")
    for name in ("load_timeout", "before", "outage", "after"):
        if not 1 <= getattr(args, name) <= 600:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and 600 seconds")
    return args


def main(argv=None):
    args = parse_args(argv)
    if not (VENV_BIN / "gunicorn").exists():
        say("no .venv with gunicorn: run `make install` (or `make stress`)")
        return 2
    cleanup = Cleanup()
    atexit.register(cleanup.run)
    # Ctrl-C raises KeyboardInterrupt even when started as a background job (which ignores SIGINT); TERM and HUP
    # (unless ignored, as under nohup) exit through the same cleanup.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, _exit_on_signal)
    started_at = datetime.datetime.now(datetime.UTC)
    clock = time.monotonic()
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())  # 1, 5, 15 minutes
    tmp = Path(tempfile.mkdtemp(prefix="hld-stress.", dir="/tmp"))
    tmp.chmod(0o755)
    if args.keep:
        cleanup.push("temp folder", lambda: say(f"kept {tmp}"))
    else:
        cleanup.push("temp folder", lambda: shutil.rmtree(tmp, ignore_errors=True))
    try:
        postgres = Postgres(tmp, cleanup)
        postgres.create()
        say(f"{postgres.version} on 127.0.0.1:{postgres.port}")
        redis = Redis(tmp, cleanup)
        redis.start()
        say(f"{redis.version} on 127.0.0.1:{redis.port}")
        port = free_port()
        env = django_env(tmp, postgres, redis, port)
        say("migrate, load_demo, collectstatic, open call")
        manage(env, "migrate", "--noinput", "--verbosity=0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "--verbosity=0")
        manage(env, "shell", "-c", CREATE_CALL)
        gunicorn = Gunicorn(tmp, env, port, cleanup)
        gunicorn.start()
        say(f"gunicorn on 127.0.0.1:{port}")
        site = Site(port, secrets.token_hex(3))
        ctx = Context(tmp, postgres, redis, gunicorn, site, Path(env["PRIVATE_MEDIA_ROOT"]), load_at_start=load)
        results = [
            scenario_load(ctx, args.concurrency, args.load_timeout),
            scenario_database_outage(ctx, args),
            scenario_cache_outage(ctx, args),
        ]
        report = render(ctx, results, started_at, time.monotonic() - clock)
        print(report)
        if args.doc != "-":
            Path(args.doc).write_text(report)
            say(f"report written to {args.doc}")
        failed = [f"{r.title}: {c.label}" for r in results for c in r.checks if not c.ok]
        if failed:
            say("FAILED: " + "; ".join(failed))
            say(f"last lines of gunicorn's log:\n{gunicorn.log_text()[-4000:]}")
            return 1
        say(f"every check passed in {time.monotonic() - clock:.0f} s")
        return 0
    except Failure as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())

"""The visitors of the stress scenarios: pages and submissions sent to gunicorn, every request recorded."""

import contextlib
import hashlib
import http.client
import io
import random
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from tests.document_files import pdf

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
        # A real one-page PDF (the intake parses every file), its page content padded to about ``size`` bytes.
        label = f"% HLD Portal stress {self.run_id} {scenario} {number}\n".encode()
        content = label + secrets.token_hex(size // 2 + 1).encode()[:size]
        return Attempt(
            scenario=scenario,
            number=number,
            organisation=f"Stress {self.run_id} {scenario} {number:05d}",
            email=f"stress-{self.run_id}-{scenario}-{number:05d}@example.org",
            pdf=pdf(content),
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
            "consent_to_publish": "yes",
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

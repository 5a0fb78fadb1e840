"""Shared nothing: two gunicorn servers on two loopback ports, one PostgreSQL, one Redis. What a stakeholder
sends through one is seen by a moderator on the other; a publish on one replaces the cached page on the other."""

import datetime
import http.cookiejar
import io
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from localservices import Gunicorn, Redis, ServiceError, Services, free_port
from submissions.models import Call, Submission
from tests.services import missing
from tests.submission_fixtures import PDF

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two servers share one PostgreSQL"),
]


@pytest.fixture
def redis_url(tmp_path):
    try:
        redis = Redis(folder=tmp_path)
    except ServiceError as error:
        missing(str(error))
    with Services() as services:
        yield services.start(redis).url()


@pytest.fixture
def servers(redis_url, tmp_path):
    """Two production-like servers; yields their base URLs."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "two-servers-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "false",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SUBMISSION_RATE_LIMIT": "1000",
        "SUBMISSION_ATTEMPT_LIMIT": "1000",
        "DJANGO_SETTINGS_MODULE": "hldportal.settings",
    }
    env.pop("DEBUG", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    with Services() as services:
        urls = []
        for _server in range(2):
            port = free_port()
            args = ["hldportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers=1", "--threads=4", "--timeout=60"]
            services.start(Gunicorn(args, port=port, environment=env, log=tmp_path / f"gunicorn-{port}.log"))
            urls.append(f"http://127.0.0.1:{port}")
        yield urls


class Browser:
    """Just enough of a browser: cookies, CSRF tokens, no following of redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect)

    def request(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, path):
        return self.request(path)

    def csrf(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def post(self, path, fields, token):
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True).encode()
        return self.request(path, body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base})

    def post_multipart(self, path, fields, files, token):
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in {**fields, "csrfmiddlewaretoken": token}.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/pdf\r\n\r\n".encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.base}
        return self.request(path, body.getvalue(), headers)


@pytest.fixture
def content():
    call_command("load_demo", stdout=io.StringIO())
    call = Call.objects.get(slug="protection-of-migrants-2013")
    call.pk, call.slug, call.reference_prefix = None, "open-call", "OPEN"
    call.opens_at = timezone.now() - datetime.timedelta(days=1)
    call.closes_at = timezone.now() + datetime.timedelta(days=30)
    call.save()
    call_command("create_demo_editor", "--force", stdout=io.StringIO())
    # Hashed as production hashes: the servers run with Django's default hashers, not the tests' fast one.
    password = PBKDF2PasswordHasher().encode("moderator-password", PBKDF2PasswordHasher().salt())
    moderator = User.objects.create(username="moderator", password=password, is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return call


def test_one_server_sees_what_the_other_stored_and_cached_pages_follow(servers, content):
    first, second = Browser(servers[0]), Browser(servers[1])

    # A stakeholder submits through the first server.
    _status, _headers, form = first.get("/en/calls/open-call/submit/")
    fields = {
        "organisation": "Two Servers Network",
        "category": "cso",
        "contact_name": "Ana",
        "email": "ana@example.org",
        "title": "Shared nothing",
        "language": "en",
        "consent_to_publish": "yes",
    }
    status, _headers, _body = first.post_multipart(
        "/en/calls/open-call/submit/", fields, {"files": ("view.pdf", PDF)}, first.csrf(form)
    )
    assert status == 302, _body[:500]
    reference = Submission.objects.get(organisation="Two Servers Network").reference

    # The first server caches the public call page (in Redis, shared).
    first.get("/en/calls/open-call/")
    _status, cached, page = first.get("/en/calls/open-call/")
    assert cached["X-Cache"] == "HIT"
    assert "Two Servers Network" not in page

    # A moderator signs in on the second server and sees the submission in the queue.
    _status, _headers, login = second.get("/admin/login/")
    status, _headers, _body = second.post(
        "/admin/login/",
        {"username": "moderator", "password": "moderator-password", "next": "/admin/"},
        second.csrf(login),
    )
    assert status == 302
    _status, _headers, queue = second.get("/admin/submissions/submission/")
    assert reference in queue

    # Publishing on the second server replaces the page the first server had cached.
    pk = Submission.objects.get(reference=reference).pk
    status, _headers, _body = second.post(
        "/admin/submissions/submission/",
        {"action": "publish", "_selected_action": [pk], "index": "0"},
        second.csrf(queue),
    )
    assert status == 302
    _status, fresh, page = first.get("/en/calls/open-call/")
    assert fresh["X-Cache"] == "MISS"
    assert "Two Servers Network" in page

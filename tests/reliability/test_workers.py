"""Several gunicorn workers (deploy/gunicorn.conf.py) with the default settings: no Redis, SQLite under VAR_DIR.

Every worker shares the page cache, the content version and the rate counters (files under var/cache), so an
unpublished page is gone for every visitor at once and the submission limit counts every worker's requests.
Straight to gunicorn, from an address that is not a trusted proxy, a forged X-Real-IP changes nothing.
"""

import functools
import http.client
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from localservices import Gunicorn, Services, free_port
from tests.reliability.test_two_servers import Browser

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
SETUP = """
import datetime, json
from django.contrib.auth.models import Group, User
from django.utils import timezone
from events.models import Event
from submissions.models import Call

call = Call.objects.get(slug="protection-of-migrants-2013")
call.pk, call.slug, call.reference_prefix = None, "open-call", "OPEN"
call.opens_at = timezone.now() - datetime.timedelta(days=1)
call.closes_at = timezone.now() + datetime.timedelta(days=30)
call.save()
editor = User.objects.create_user("editor", password="editor-password", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
print(json.dumps({"event": Event.objects.get(slug="expert-meeting-2013").pk}))
"""


class SourceAddressHandler(urllib.request.HTTPHandler):
    """Connect from a chosen local address (any of 127.0.0.0/8 on Linux), as a machine other than nginx's would."""

    def __init__(self, source):
        super().__init__()
        self.source = source

    def http_open(self, request):
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.source, 0)), request)


def browser_from(base, source):
    browser = Browser(base)
    browser.opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(browser.cookies), Browser.NoRedirect, SourceAddressHandler(source)
    )
    return browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn with deploy/gunicorn.conf.py and WORKERS workers, production settings, nothing but defaults."""
    var = tmp_path_factory.mktemp("workers") / "var"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DATABASE_", "REDIS_", "MEDIA_", "PRIVATE_", "STATIC_", "CACHE_", "GUNICORN_"))
        and name
        not in {
            *("DEBUG", "TRUSTED_PROXIES", "BEHIND_PROXY", "PAGE_CACHE_SECONDS"),
            *("SUBMISSION_RATE_LIMIT", "SUBMISSION_ATTEMPT_LIMIT"),
        }
    }
    port = free_port()
    env.update(
        DJANGO_SETTINGS_MODULE="hldportal.settings",
        SECRET_KEY="workers-" + uuid.uuid4().hex,
        VAR_DIR=str(var),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_ACCESS_LOG="false",
        # The forms these tests send are refused ones: they count towards the limit of forms an address may send,
        # lowered to the submissions' own so that a few requests reach it.
        SUBMISSION_ATTEMPT_LIMIT="10",
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True
        ).stdout

    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo")
    ids = json.loads(manage("shell", "-c", SETUP).decode().strip().splitlines()[-1])
    with Services() as services:
        services.start(Gunicorn(["-c", "deploy/gunicorn.conf.py"], port=port, environment=env))
        yield {"base": f"http://127.0.0.1:{port}", "event": ids["event"]}


def fetch_many(base, path, count):
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        return list(pool.map(lambda _n: Browser(base).get(path), range(count)))


def post_empty_forms(browser, count, headers=()):
    """The statuses of ``count`` empty posts of the submission form, each sent with ``headers(number)``.

    The limit is counted before the form is validated: under it, the form comes back with its errors (400).
    """
    _status, _headers, form = browser.get("/en/calls/open-call/submit/")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": browser.csrf(form)}).encode()
    sent = {"Content-Type": "application/x-www-form-urlencoded", "Referer": browser.base}
    return [
        browser.request("/en/calls/open-call/submit/", body, {**sent, **(headers(number) if headers else {})})[0]
        for number in range(count)
    ]


def test_after_return_to_draft_no_worker_serves_the_page(site):
    warm = fetch_many(site["base"], "/en/events/expert-meeting-2013/", 40)
    assert {status for status, _headers, _body in warm} == {200}
    assert "HIT" in {headers.get("X-Cache") for _status, headers, _body in warm}

    editor = Browser(site["base"])
    _status, _headers, login = editor.get("/admin/login/")
    status, _headers, _body = editor.post(
        "/admin/login/", {"username": "editor", "password": "editor-password", "next": "/admin/"}, editor.csrf(login)
    )
    assert status == 302
    _status, _headers, changelist = editor.get("/admin/events/event/")
    status, _headers, _body = editor.post(
        "/admin/events/event/",
        {"action": "unpublish", "_selected_action": [site["event"]], "index": "0"},
        editor.csrf(changelist),
    )
    assert status == 302

    after = fetch_many(site["base"], "/en/events/expert-meeting-2013/", 80)

    assert [status for status, _headers, _body in after].count(200) == 0
    assert {status for status, _headers, _body in after} == {404}


def test_the_submission_limit_counts_every_workers_requests(site):
    with ThreadPoolExecutor(max_workers=5) as pool:
        rounds = list(pool.map(lambda _n: post_empty_forms(Browser(site["base"]), 5), range(5)))
    statuses = [status for statuses in rounds for status in statuses]

    assert statuses.count(400) == 10
    assert statuses.count(429) == 15


def test_a_forged_x_real_ip_straight_to_gunicorn_does_not_escape_the_limit(site):
    stranger = browser_from(site["base"], "127.0.0.2")  # loopback, but not a trusted proxy (127.0.0.1, ::1)

    statuses = post_empty_forms(
        stranger, 15, lambda n: {"X-Real-IP": f"203.0.113.{n + 1}", "X-Forwarded-For": f"198.51.100.{n + 1}"}
    )

    assert statuses == [400] * 10 + [429] * 5


def test_through_the_proxy_each_visitor_has_a_limit_of_their_own(site):
    proxy = Browser(site["base"])  # from 127.0.0.1, the trusted proxy, as nginx is

    statuses = post_empty_forms(proxy, 15, lambda n: {"X-Real-IP": f"203.0.113.{n + 100}"})

    assert statuses == [400] * 15

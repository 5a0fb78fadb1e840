"""Production settings: Django's deployment checklist passes, every page carries the security headers, admin
sign-in resists brute force, sessions expire, and only staff reach the admin."""

import base64
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import django_prose_editor
import pytest
from django.conf import settings
from django.contrib.auth.models import User

from delivery.csp import TIPTAP_STYLE_SOURCE, importmap_source
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own (set for Playwright), never a deployment's.
        if key
        not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env |= {"SECRET_KEY": "a-production-secret-" + "x" * 40, "VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    env.pop("DATABASE_URL")

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_web_server_refuses_to_start_without_a_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY")}
    env["VAR_DIR"] = str(tmp_path)
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(
        [sys.executable, "-c", "import hldportal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"SECURE_SSL_REDIRECT": "ture"}, "SECURE_SSL_REDIRECT='ture' is neither yes nor no"),
        ({"SECURE_COOKIES": "Y"}, "SECURE_COOKIES='Y' is neither yes nor no"),
        ({"PAGE_CACHE_SECONDS": "10m"}, "PAGE_CACHE_SECONDS='10m' is not a number"),
        ({"CLAMD_TIMEOUT": "-3"}, "CLAMD_TIMEOUT='-3' is below 0"),
        ({"SECRET_KEY": "abc"}, "SECRET_KEY is too short"),
        ({"SECRET_KEY": "x" * 60}, "SECRET_KEY is too short"),
        ({"SITE_URL": "portal.example.org"}, "SITE_URL='portal.example.org' is not an address"),
    ],
)
def test_the_web_server_refuses_a_setting_it_cannot_read_and_names_it(tmp_path, setting, message):
    # Read loosely, "ture" turned the HTTPS redirect off without a word, and "10m" stopped with a bare ValueError.
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env |= {"SECRET_KEY": "a-production-secret-" + "x0123456789" * 4, "VAR_DIR": str(tmp_path), **setting}

    result = subprocess.run(
        [sys.executable, "-c", "import hldportal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert message in result.stderr


def test_settings_read_yes_and_no_in_every_usual_spelling():
    from delivery.environment import flag

    assert [flag({"X": value}, "X", None) for value in ("1", "True", " yes ", "ON")] == [True] * 4
    assert [flag({"X": value}, "X", None) for value in ("0", "FALSE", "no", "off")] == [False] * 4
    assert flag({"X": " "}, "X", "default") == "default"


@pytest.mark.parametrize(
    "url", ["/en/", "/fr/events/hld/", "/es/documents/", "/en/search/?q=x", "/admin/login/", "/static/img/favicon.svg"]
)
def test_every_page_carries_the_security_headers(client, url):
    EventFactory(slug="hld")

    response = client.get(url, secure=True)
    response.close()  # a static file is streamed from its open file

    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_another_site_may_read_the_api_even_from_the_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    EventFactory(slug="hld")

    answers = [client.get("/en/api/events/") for _ in range(2)]

    assert [answer["X-Cache"] for answer in answers] == ["MISS", "HIT"]
    assert [answer["Cross-Origin-Resource-Policy"] for answer in answers] == ["cross-origin", "cross-origin"]
    assert answers[1]["Access-Control-Allow-Origin"] == "*"


def test_plain_http_is_redirected_to_https_unless_the_proxy_says_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    plain = client.get("/en/")
    proxied = client.get("/en/", headers={"x-forwarded-proto": "https"})

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/"
    assert proxied.status_code == 200


def test_cookies_are_secure_and_sessions_expire():
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_repeated_failed_sign_ins_lock_the_account_out(client):
    User.objects.create_user("editor", password="right-password", is_staff=True)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "editor", "password": "right-password"}, follow=True)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in_before_the_limit(client):
    User.objects.create_user("editor", password="right-password", is_staff=True)
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "editor", "password": "right-password"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_user_who_is_not_staff_cannot_enter_the_admin(client):
    client.force_login(User.objects.create_user("visitor", password="x"))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_editor_style_hash_matches_the_shipped_editor():
    source = (Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js").read_text()
    start = source.index(".ProseMirror {")
    css = source[source.rindex("`", 0, start) + 1 : source.index("`", start)]

    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    assert f"'sha256-{digest}'" == TIPTAP_STYLE_SOURCE


def test_admin_pages_allow_exactly_the_editor_pieces_and_public_pages_do_not(admin_client, client):
    admin_policy = admin_client.get("/admin/events/event/add/")["Content-Security-Policy"]
    public_policy = client.get("/en/")["Content-Security-Policy"]

    assert importmap_source() in admin_policy
    assert TIPTAP_STYLE_SOURCE in admin_policy
    assert "sha256" not in public_policy

"""Proxy headers (client address, scheme) count only from TRUSTED_PROXIES; the lockout counts the same address."""

import runpy

import pytest
from django.test import RequestFactory
from gunicorn.config import Config

from delivery.proxies import client_ip

PROXY = "127.0.0.1"
STRANGER = "192.0.2.50"


@pytest.fixture(autouse=True)
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]


def address(remote, **headers):
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_the_proxy_names_the_visitor():
    assert address(PROXY, HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"
    assert address(PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7") == "203.0.113.7"


def test_anyone_else_is_counted_by_their_own_address_whatever_they_send():
    assert address(STRANGER, HTTP_X_REAL_IP="203.0.113.7") == STRANGER
    assert address(STRANGER, HTTP_X_FORWARDED_FOR="203.0.113.7") == STRANGER


def test_a_header_that_is_not_an_address_is_ignored():
    assert address(PROXY, HTTP_X_REAL_IP="203.0.113.7, 10.0.0.1") == PROXY
    assert address(PROXY, HTTP_X_REAL_IP="<script>") == PROXY
    assert address(PROXY, HTTP_X_FORWARDED_FOR="junk") == PROXY


def test_forwarded_for_is_read_past_trusted_proxies_only(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    forged_then_real = address(PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.1.2.3")

    assert forged_then_real == "203.0.113.7"


def test_with_no_trusted_proxy_every_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert address(PROXY, HTTP_X_REAL_IP="203.0.113.7") == PROXY


@pytest.mark.django_db
def test_https_is_believed_only_from_the_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    from_proxy = client.get("/robots.txt", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    forged = client.get("/robots.txt", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")

    assert from_proxy.status_code == 200
    assert forged.status_code == 301
    assert forged["Location"] == "https://testserver/robots.txt"


@pytest.mark.django_db
def test_wrong_passwords_from_elsewhere_do_not_lock_the_editor_out_behind_the_proxy(client, editor):
    editor.set_password("the-editors-password")
    editor.save()
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "203.0.113.9"}
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "ed", "password": "guess"}, **attacker)

    locked = client.post("/admin/login/", {"username": "ed", "password": "guess"}, **attacker)
    editor_signs_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ed", "password": "the-editors-password", "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="198.51.100.7",
    )

    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower()
    assert editor_signs_in.status_code == 302
    assert editor_signs_in["Location"] == "/admin/"


@pytest.mark.django_db
def test_wrong_passwords_from_one_ipv6_network_lock_its_every_address(client, editor):
    """An IPv6 connection is given a whole /64: a new address of it for each guess is no new visitor."""
    for attempt in range(5):
        client.post("/admin/login/", {"username": "ed", "password": "guess"}, REMOTE_ADDR=f"2001:db8:5:6::{attempt}")

    same_network = client.post("/admin/login/", {"username": "ed", "password": "guess"}, REMOTE_ADDR="2001:db8:5:6::99")
    elsewhere = client.post("/admin/login/", {"username": "ed", "password": "guess"}, REMOTE_ADDR="2001:db8:5:7::1")

    assert (same_network.status_code, elsewhere.status_code) == (429, 200)


@pytest.mark.parametrize(
    ("environment", "trusted"),
    [
        ({}, ["127.0.0.1", "::1"]),
        ({"BEHIND_PROXY": "false"}, []),
        ({"DEBUG": "true"}, []),
        ({"DEBUG": "true", "BEHIND_PROXY": "true"}, ["127.0.0.1", "::1"]),
        ({"BEHIND_PROXY": "false", "TRUSTED_PROXIES": "10.0.0.0/8"}, ["10.0.0.0/8"]),
        ({"TRUSTED_PROXIES": ""}, []),
    ],
)
def test_gunicorn_trusts_the_proxies_django_trusts_and_none_without_a_proxy(monkeypatch, environment, trusted):
    for name in ("BEHIND_PROXY", "DEBUG", "TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"SECRET_KEY": "k0123456789" * 5, **environment}.items():
        monkeypatch.setenv(name, value)

    gunicorn = runpy.run_path("deploy/gunicorn.conf.py")
    django = runpy.run_path("hldportal/settings.py")

    assert Config().settings["forwarded_allow_ips"].validator(gunicorn["forwarded_allow_ips"]) == trusted
    assert django["TRUSTED_PROXIES"] == trusted

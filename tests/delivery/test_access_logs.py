"""A submitter's status address never reaches a log: gunicorn (deploy config), nginx (deploy config), Django."""

import io
import logging
import os
import shutil
import time
import urllib.request

import pytest
from django.test import Client
from gunicorn.config import Config

from delivery.access_logs import MaskedGunicornLogger, MaskStatusTokens
from localservices import Gunicorn, Nginx, Services, free_port
from localservices.servers import nginx_user
from tests.services import missing

TOKEN = "s3cr3t-T0ken_value-that-opens-the-status-page"
PATH = f"/fr/submissions/status/{TOKEN}/?x=1"


def get(url, referer=None):
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py in front of a trivial application, its access log in a file."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
                   "GUNICORN_ACCESS_LOG": "true"}  # fmt: skip
    server = Gunicorn(
        ["-c", "deploy/gunicorn.conf.py", "tests.delivery.echo_app:application"],
        port=port, environment=environment, log=log, ready_path="/",
    )  # fmt: skip
    with Services() as services:
        services.start(server)
        yield f"http://127.0.0.1:{port}", log


def test_gunicorn_masks_the_token_in_its_access_log(gunicorn):
    base, log = gunicorn

    assert get(base + PATH, referer=base + PATH) == 200
    time.sleep(0.5)

    text = log.read_text()
    assert "/fr/submissions/status/[masked]/?x=1" in text
    assert TOKEN not in text


def test_nginx_masks_the_token_in_its_access_log(gunicorn, tmp_path):
    if not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")):
        missing("nginx is not installed")
    upstream, _log = gunicorn
    port = free_port()
    run = tmp_path / "nginx"
    server = Nginx(
        port=port,
        run_dir=run,
        ready_path="/",
        values={
            "NGINX_USER": nginx_user(tmp_path),
            "UPSTREAM": upstream.removeprefix("http://"),
            "STATIC_ROOT": tmp_path,
            "MICRO_CACHE": "0s",
            "MAX_BODY": "1m",
            "ADMIN_MAX_BODY": "1m",
            "ACCESS_LOG": f"{run}/access.log masked",
        },
    )
    with Services() as services:
        services.start(server)
        assert get(f"http://127.0.0.1:{port}{PATH}", referer=f"http://127.0.0.1:{port}{PATH}") == 200

    text = (run / "access.log").read_text()
    assert "/fr/submissions/status/[masked]/?x=1" in text
    assert f'"http://127.0.0.1:{port}/fr/submissions/status/[masked]/?x=1"' in text  # the referer
    assert TOKEN not in text


def test_the_development_server_log_masks_the_token():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"GET {PATH} HTTP/1.1", 200, 5), None
    )

    MaskStatusTokens().filter(record)

    assert record.getMessage() == '"GET /fr/submissions/status/[masked]/?x=1 HTTP/1.1" 200 5'


@pytest.fixture
def console():
    """What the site's console handler (LOGGING, on the root logger) writes."""
    (handler,) = (handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_csrf_refusal_on_a_status_address_is_logged_masked(db, console):
    response = Client(enforce_csrf_checks=True).post(f"/en/submissions/status/{TOKEN}/", {"confirm": "on"})

    assert response.status_code == 403
    assert console.getvalue() == "Forbidden (CSRF cookie not set.): /en/submissions/status/[masked]/\n"


def test_an_error_s_traceback_is_logged_masked(console):
    try:
        raise ValueError(f"no page at /en/submissions/status/{TOKEN}/")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: %s", f"/en/submissions/status/{TOKEN}/")

    text = console.getvalue()
    assert text.startswith("Internal Server Error: /en/submissions/status/[masked]/\nTraceback")
    assert text.endswith("ValueError: no page at /en/submissions/status/[masked]/\n")


def test_every_handler_of_the_site_masks_the_token():
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.Logger.manager.loggerDict)]
    handlers = {handler for logger in loggers for handler in logger.handlers if handler.get_name()}

    assert {handler.get_name() for handler in handlers} >= {"console", "django.server"}
    for handler in handlers:
        assert any(isinstance(f, MaskStatusTokens) for f in handler.filters) or handler.get_name() == "null"


def test_gunicorn_masks_the_token_in_its_error_log(capsys):
    logger = MaskedGunicornLogger(Config())
    logger.setup(Config())  # as on a reload

    logger.error("Error handling request %s", f"/en/submissions/status/{TOKEN}/")

    assert capsys.readouterr().err.endswith("Error handling request /en/submissions/status/[masked]/\n")
    assert len(logger.error_log.filters) == 1

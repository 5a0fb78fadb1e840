"""A submitter's status address never reaches a log: gunicorn (deploy config), nginx (deploy config), runserver."""

import logging
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from common.access_logs import MaskStatusTokens
from tests.reliability.test_two_servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
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
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "GUNICORN_ACCESS_LOG": "true"}
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py"]
    command += ["--preload", "tests.security.echo_app:application"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_for(port, process)
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(20)


def test_gunicorn_masks_the_token_in_its_access_log(gunicorn):
    base, log = gunicorn

    assert get(base + PATH, referer=base + PATH) == 200
    time.sleep(0.5)

    text = log.read_text()
    assert "/fr/submissions/status/[masked]/?x=1" in text
    assert TOKEN not in text


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.mark.skipif(not os.path.exists(NGINX) and not os.environ.get("CI"), reason="nginx is not installed")
def test_nginx_masks_the_token_in_its_access_log(gunicorn, tmp_path):
    upstream, _log = gunicorn
    port = free_port()
    run = tmp_path / "nginx"
    run.mkdir()
    values = {
        "NGINX_USER": "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody"),
        "PORT": str(port),
        "UPSTREAM": upstream.removeprefix("http://"),
        "RUN_DIR": str(run),
        "STATIC_ROOT": str(tmp_path),
        "MICRO_CACHE": "0s",
        "MAX_BODY": "1m",
        "ADMIN_MAX_BODY": "1m",
        "ACCESS_LOG": f"{run}/access.log masked",
    }
    config = (ROOT / "deploy/nginx.conf").read_text()
    for name, value in values.items():
        config = config.replace("${" + name + "}", value)
    (run / "nginx.conf").write_text(config)
    process = subprocess.Popen([NGINX, "-c", str(run / "nginx.conf"), "-p", str(run), "-g", "daemon off;"])
    try:
        wait_for(port, process)
        assert get(f"http://127.0.0.1:{port}{PATH}", referer=f"http://127.0.0.1:{port}{PATH}") == 200
    finally:
        process.terminate()
        process.wait(20)

    text = (run / "access.log").read_text()
    assert text.count("/fr/submissions/status/[masked]/?x=1") == 2  # the request and its referer
    assert TOKEN not in text


def test_the_development_server_log_masks_the_token():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"GET {PATH} HTTP/1.1", 200, 5), None
    )

    MaskStatusTokens().filter(record)

    assert record.getMessage() == '"GET /fr/submissions/status/[masked]/?x=1 HTTP/1.1" 200 5'

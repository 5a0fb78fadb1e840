"""gunicorn's workers (deploy/gunicorn.conf.py) keep their long-lived objects out of the garbage collector's scans."""

import json
import os
import runpy
import urllib.request

import pytest

from localservices import Gunicorn, Services, free_port

CONFIG = runpy.run_path("deploy/gunicorn.conf.py")


def gc_state(base):
    with urllib.request.urlopen(f"{base}/gc/", timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    environment = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1",
                   "GUNICORN_ACCESS_LOG": "false"}  # fmt: skip
    server = Gunicorn(
        ["-c", "deploy/gunicorn.conf.py", "tests.delivery.echo_app:application"],
        port=port, environment=environment, log=tmp_path / "gunicorn.log", ready_path="/",
    )  # fmt: skip
    with Services() as services:
        services.start(server)
        yield f"http://127.0.0.1:{port}"


def test_a_worker_starts_with_the_masters_objects_frozen_and_freezes_its_own_once_warm(gunicorn):
    started = gc_state(gunicorn)
    assert started["frozen"] > 1000  # what the master imported, frozen before the fork
    assert started["young"] == CONFIG["GC_YOUNG"]

    for _ in range(CONFIG["WARM_REQUESTS"]):
        gc_state(gunicorn)

    assert gc_state(gunicorn)["frozen"] > started["frozen"]

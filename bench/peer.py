"""The Wagtail peer of ``make bench``: the site in bench/wagtail_peer, in its own virtualenv, served by gunicorn.

The virtualenv (~/.cache/hldportal/wagtail-venv, or under XDG_CACHE_HOME: outside the checkout) is made from
bench/wagtail_peer/requirements.txt the first time and kept between runs while that file does not change; Wagtail
is never installed in the project's .venv. The peer gets its own database on the benchmark's PostgreSQL cluster and
the same gunicorn settings as the site (deploy/gunicorn.conf.py: workers, sync, keep-alive, no access log, app
preloaded).
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from mirakuru import HTTPExecutor

from localservices.processes import HOST, ServiceError
from localservices.servers import _Process

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "bench" / "wagtail_peer"
REQUIREMENTS = SITE / "requirements.txt"
PATH = "/"


def virtualenv(folder, python, say):
    """The peer's virtualenv in ``folder``, made or remade when the requirements or ``python`` changed (the peer runs
    on the interpreter the portal runs on, or their CPU would not compare); its python."""
    folder = Path(folder)
    stamp = folder / ".requirements.sha256"
    interpreter = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes() + interpreter.stdout.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and (folder / "bin" / "gunicorn").exists():
        return folder / "bin" / "python"
    say(f"making the Wagtail peer's virtualenv in {folder} (about a minute)")
    shutil.rmtree(folder, ignore_errors=True)
    for command in ([python, "-m", "venv", str(folder)],
                    [str(folder / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                     "-r", str(REQUIREMENTS)]):  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ServiceError(f"{' '.join(command[:3])} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    stamp.write_text(wanted)
    return folder / "bin" / "python"


def environment(database_url):
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {**{key: os.environ[key] for key in keep if key in os.environ}, "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "peer.settings", "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip


def prepare(python, database_url):
    """Migrate the peer's database and create its one page; the page's HTML size in bytes is checked later."""
    for args in (["migrate", "--noinput", "--verbosity=0"], ["create_peer_page"]):
        result = subprocess.run([str(python), "manage.py", *args], cwd=SITE, env=environment(database_url),
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode != 0:
            raise ServiceError(f"Wagtail peer: manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")


class WagtailPeer(_Process, HTTPExecutor):
    """gunicorn of the peer's virtualenv serving bench/wagtail_peer on 127.0.0.1:``port``, as the site is served."""

    def __init__(self, python, *, port, database_url, workers, log, timeout=90):
        gunicorn = str(Path(python).parent / "gunicorn")
        command = [
            gunicorn,
            "peer.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--threads",
            "1",
            "--keep-alive",
            "5",
            "--timeout",
            "30",
            "--preload",
            "--backlog",
            "1024",
            "--name",
            "wagtailpeer",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ]
        if os.path.isdir("/dev/shm"):
            command += ["--worker-tmp-dir", "/dev/shm"]  # fmt: skip
        super().__init__(
            command, url=f"http://{HOST}:{port}{PATH}", status=200, method="GET", request_timeout=5, cwd=str(SITE),
            timeout=timeout, **self._setup(log, environment(database_url)),
        )  # fmt: skip

    def __str__(self):
        return f"Wagtail peer (gunicorn) on {HOST}:{self.port}"

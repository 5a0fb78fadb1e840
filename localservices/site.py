"""HLD Portal as production runs it, on 127.0.0.1: the environment, the steps before serving, gunicorn and nginx.

Shared by ``scripts/serve`` (localservices/serve.py) and ``scripts/bench`` (bench/run.py).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from localservices.processes import HOST, ServiceError
from localservices.servers import Gunicorn, Nginx, nginx_user

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def production_environment(*, port, app_port, database_url, var, run_dir, redis_url=None, secret_key=None, **extra):
    """The site's settings as in production (DEBUG off), on loopback: nginx on ``port``, gunicorn on ``app_port``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    site = f"http://{HOST}:{port}"
    environment.update(
        SECRET_KEY=secret_key or secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=f"{site},http://localhost:{port}",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        SITE_URL=site,
        TASKS_BACKEND="database",
        EMAIL_BACKEND=os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        VAR_DIR=str(var),
        GUNICORN_BIND=f"{HOST}:{app_port}",
        GUNICORN_RUN_DIR=str(run_dir),
    )
    environment.update({key: str(value) for key, value in extra.items()})
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


def manage(environment, *args, capture=False):
    """Run ``manage.py`` with ``environment``; a failure is a ServiceError with its output."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment, capture_output=capture, text=True, check=False
    )
    if result.returncode != 0:
        raise ServiceError(f"manage.py {args[0]} failed{':' + result.stdout + result.stderr if capture else ''}")
    return result.stdout


def prepare(environment):
    """migrate, compilemessages when a catalogue is newer than its compiled file, collectstatic, load_demo."""
    manage(environment, "migrate", "--noinput", "--verbosity=0")
    if any(not po.with_suffix(".mo").exists() or po.stat().st_mtime > po.with_suffix(".mo").stat().st_mtime
           for po in (ROOT / "locale").rglob("*.po")):  # fmt: skip
        manage(environment, "compilemessages", "--ignore=.venv", "--verbosity=0")
    manage(environment, "collectstatic", "--noinput", "--verbosity=0")
    manage(environment, "load_demo")


def gunicorn(environment, *, port, log):
    """gunicorn with deploy/gunicorn.conf.py (its bind from GUNICORN_BIND in ``environment``)."""
    return Gunicorn(["-c", "deploy/gunicorn.conf.py"], port=port, environment=environment, log=log)


def nginx(*, port, app_port, run_dir, static_root, access_log="off", micro_cache="5s", extra="", readable=None):
    """nginx with deploy/nginx.conf in front of gunicorn; ``readable``: a folder its workers must read."""
    return Nginx(
        port=port,
        run_dir=run_dir,
        values={
            "NGINX_USER": nginx_user(readable or static_root),
            "UPSTREAM": f"{HOST}:{app_port}",
            "STATIC_ROOT": static_root,
            "MICRO_CACHE": micro_cache,
            "MAX_BODY": "26m",
            "ADMIN_MAX_BODY": "51m",
            "ACCESS_LOG": access_log,
        },
        extra=extra,
    )


def require_venv(program):
    if not Path(PYTHON).exists():
        print(f"{program}: no virtualenv in .venv: run 'make install'", file=sys.stderr)
        sys.exit(2)

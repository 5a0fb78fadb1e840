"""Load and fault scenarios for HLD Portal: ``make stress`` (or ``scripts/stress``), the project's issue 9.

Everything runs on 127.0.0.1 in a temporary folder that is removed at the end, also on failure or Ctrl-C:
a throwaway PostgreSQL cluster (Debian's initdb/pg_ctl, as the ``postgres`` user when root), a Redis server
and gunicorn serving the project with DEBUG off, receipts queued in the database (``TASKS_BACKEND=database``).

Scenarios, each checked against the database and the private file store afterwards:

1. load: ``--concurrency`` (200) visitors each fetch the form, then all post one submission with a PDF at once;
2. database outage: a steady stream of submissions and page views; PostgreSQL is stopped in the middle,
   then started again; gunicorn is never restarted;
3. cache outage: the same with Redis stopped and started again.

Each is a module of ``reliability/scenarios/`` with a ``run(ctx, args)``; ``--scenario NAME`` runs only some. The
services come from ``localservices``.

The figures are printed and written to ``docs/reliability.md`` (``--doc``); the exit status is 0 only when
every check passes. Every loop is bounded in count and in time.
"""

import argparse
import datetime
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from localservices import Gunicorn, Postgres, Redis, ServiceError, Services, exit_on_signals, free_port
from reliability import GUNICORN, say
from reliability.report import render
from reliability.scenarios import cache_outage, database_outage, load
from reliability.visitors import CALL_SLUG, PREFIX, PROXY_HEADERS, Site

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_DOC = ROOT / "docs" / "reliability.md"
SCENARIOS = {"load": load, "database": database_outage, "cache": cache_outage}

CREATE_CALL = f"""
import datetime
from django.utils import timezone
from submissions.models import Call
call = Call.objects.get(slug="protection-of-migrants-2013")
call.pk = None
call.slug = "{CALL_SLUG}"
call.reference_prefix = "{PREFIX}"
call.status = "published"
call.publish_from = None
call.opens_at = timezone.now() - datetime.timedelta(days=1)
call.closes_at = timezone.now() + datetime.timedelta(days=30)
call.accepted_types = ["pdf"]
call.max_file_size = 1024 * 1024
call.max_total_size = 2 * 1024 * 1024
call.max_files = 3
call.next_number = 1
call.save()
"""


class Failure(Exception):
    """A step of the set-up failed: the scenarios cannot run."""


@dataclass
class Context:
    tmp: Path
    postgres: Postgres
    redis: Redis
    gunicorn: Gunicorn
    site: Site
    private_root: Path
    all_attempts: list = field(default_factory=list)
    load_at_start: str = ""


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise Failure(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result


def django_env(tmp, postgres, redis, port):
    """A production-like environment, built from scratch: nothing of the caller's DEBUG, CLAMD_*... leaks in."""
    folders = {name: tmp / name for name in ("var", "media", "private", "static")}
    for folder in folders.values():
        folder.mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp)),
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
        "PYTHONDONTWRITEBYTECODE": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url(),
        "REDIS_URL": redis.url(),
        "CONN_MAX_AGE": "60",
        "TASKS_BACKEND": "database",
        "SUBMISSION_RATE_LIMIT": "1000000",
        "SUBMISSION_ATTEMPT_LIMIT": "1000000",
        "VAR_DIR": str(folders["var"]),
        "MEDIA_ROOT": str(folders["media"]),
        "PRIVATE_MEDIA_ROOT": str(folders["private"]),
        "STATIC_ROOT": str(folders["static"]),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="stress", description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=200, help="submissions sent at once in the load (200)")
    parser.add_argument("--load-timeout", type=float, default=180, help="seconds the load may take (180)")
    parser.add_argument("--before", type=float, default=10, help="seconds of traffic before each fault (10)")
    parser.add_argument("--outage", type=float, default=10, help="seconds each service stays down (10)")
    parser.add_argument("--after", type=float, default=15, help="seconds of traffic after each restart (15)")
    parser.add_argument(
        "--pg-stop-mode",
        choices=("immediate", "fast"),
        default="immediate",
        help="how PostgreSQL is stopped: immediate (a crash, the default) or fast (sessions ended, then a checkpoint)",
    )
    parser.add_argument("--recovery-limit", type=float, default=10, help="seconds allowed to recover (10)")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=tuple(SCENARIOS),
        help="run this scenario only (may be repeated); the report then goes nowhere unless --doc says where",
    )
    parser.add_argument(
        "--doc", help=f"where to write the report ('-': nowhere; default {DEFAULT_DOC.relative_to(ROOT)})"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) for inspection")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 1000:
        parser.error("--concurrency must be between 1 and 1000")
    for name in ("load_timeout", "before", "outage", "after"):
        if not 1 <= getattr(args, name) <= 600:
            parser.error(f"--{name.replace('_', '-')} must be between 1 and 600 seconds")
    if args.doc is None:
        args.doc = "-" if args.scenario else str(DEFAULT_DOC)
    args.scenario = args.scenario or list(SCENARIOS)
    return args


def gunicorn_args(port):
    return [
        "hldportal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
        "--workers", str(GUNICORN["workers"]), "--threads", str(GUNICORN["threads"]),
        "--timeout", str(GUNICORN["timeout"]), "--graceful-timeout", "10", "--backlog", "2048",
        "--no-control-socket", "--error-logfile", "-",
    ]  # fmt: skip


def main(argv=None):
    args = parse_args(argv)
    exit_on_signals()
    started_at = datetime.datetime.now(datetime.UTC)
    clock = time.monotonic()
    load_average = " / ".join(f"{value:.2f}" for value in os.getloadavg())  # 1, 5, 15 minutes
    try:
        with Services("stress") as services:
            tmp = Path(tempfile.mkdtemp(prefix="hld-stress.", dir="/tmp"))
            if args.keep:
                services.callback(say, f"kept {tmp}")
            else:
                services.callback(shutil.rmtree, tmp, ignore_errors=True)
            postgres = services.start(Postgres.throwaway(settings={"max_connections": "100"}))
            say(str(postgres))
            (tmp / "redis").mkdir()
            redis = services.start(Redis(folder=tmp / "redis", log=tmp / "redis.log"))
            say(str(redis))
            port = free_port()
            env = django_env(tmp, postgres, redis, port)
            say("migrate, load_demo, collectstatic, open call")
            manage(env, "migrate", "--noinput", "--verbosity=0")
            manage(env, "load_demo")
            manage(env, "collectstatic", "--noinput", "--verbosity=0")
            manage(env, "shell", "-c", CREATE_CALL)
            gunicorn = Gunicorn(gunicorn_args(port), port=port, environment=env, log=tmp / "gunicorn.log",
                                headers=PROXY_HEADERS)  # fmt: skip
            services.start(gunicorn)
            say(str(gunicorn))
            site = Site(port, secrets.token_hex(3))
            ctx = Context(
                tmp, postgres, redis, gunicorn, site, Path(env["PRIVATE_MEDIA_ROOT"]), load_at_start=load_average
            )
            results = [SCENARIOS[name].run(ctx, args) for name in args.scenario]
            report = render(ctx, results, started_at, time.monotonic() - clock)
            print(report)
            if args.doc != "-":
                Path(args.doc).write_text(report)
                say(f"report written to {args.doc}")
            failed = [f"{r.title}: {c.label}" for r in results for c in r.checks if not c.ok]
            if failed:
                say("FAILED: " + "; ".join(failed))
                say(f"last lines of gunicorn's log:\n{gunicorn.log_text()[-4000:]}")
                return 1
            say(f"every check passed in {time.monotonic() - clock:.0f} s")
            return 0
    except (Failure, ServiceError) as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())

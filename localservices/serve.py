"""Run HLD Portal as in production, on 127.0.0.1 only: ``make serve`` (``scripts/serve``).

    nginx (deploy/nginx.conf)  http://127.0.0.1:PORT/   micro-cache for anonymous pages, /static/
      -> gunicorn (deploy/gunicorn.conf.py) on 127.0.0.1:APP_PORT, DEBUG off
      -> PostgreSQL, a cluster kept in var/pgdata (127.0.0.1:PG_PORT)
    + the task worker (manage.py db_worker) for the emails
    + Redis on 127.0.0.1:REDIS_PORT as Django's cache, capped at REDIS_MAXMEMORY (256mb), least recently used out

Every step is idempotent: migrate, compilemessages (when a catalogue changed), collectstatic, load_demo. Ctrl-C or
TERM stops everything it started, PostgreSQL included (the data stays in var/pgdata).

Environment (all optional): PORT (8080), APP_PORT (PORT+1), PG_PORT (54329), REDIS_PORT (63799), REDIS_MAXMEMORY,
PG_BINDIR (folder of initdb/pg_ctl), NO_REDIS=1 (Django's local-memory cache), EMAIL_BACKEND (the console one: the
worker prints the emails it would send), MICRO_CACHE (5s).
"""

import os
import secrets
import subprocess
import sys
import time

from localservices import site
from localservices.postgres import Postgres
from localservices.processes import ServiceError, Services, exit_on_signals, port_is_free, say
from localservices.servers import Redis

PROGRAM = "serve"


def main():
    site.require_venv(PROGRAM)
    port = int(os.environ.get("PORT", "8080"))
    app_port = int(os.environ.get("APP_PORT", port + 1))
    pg_port = int(os.environ.get("PG_PORT", "54329"))
    redis_port = int(os.environ.get("REDIS_PORT", "63799"))
    var = site.ROOT / "var"
    # Its logs, and its own media, private files, static files and cache (VAR_DIR): make run's SQLite site keeps
    # its files in var/, and either's sweep_orphan_files or backup would take the other's files for its own.
    run_dir = var / "serve"
    run_dir.mkdir(parents=True, exist_ok=True)
    exit_on_signals()
    try:
        with Services(PROGRAM) as services:
            for taken in (p for p in (port, app_port) if not port_is_free(p)):
                raise ServiceError(f"port {taken} on 127.0.0.1 is taken (set PORT / APP_PORT)")
            pgdata = var / "pgdata"
            if not (pgdata / "PG_VERSION").exists():
                say(PROGRAM, f"creating the PostgreSQL cluster in {pgdata}")
            postgres = services.start(Postgres(pgdata, port=pg_port, log=pgdata / "server.log"))
            with postgres.connect() as db:
                if not db.execute("SELECT 1 FROM pg_database WHERE datname = 'hldportal'").fetchone():
                    db.execute("CREATE DATABASE hldportal")
            secret_key = var / "secret_key"
            if not secret_key.exists() or not secret_key.read_text().strip():
                secret_key.touch(mode=0o600)
                secret_key.write_text(secrets.token_urlsafe(50))
            redis = None
            if os.environ.get("NO_REDIS"):
                say(PROGRAM, "NO_REDIS: Django's local-memory cache")
            else:
                redis = Redis(port=redis_port, folder=run_dir, log=run_dir / "redis.log",
                              maxmemory=os.environ.get("REDIS_MAXMEMORY", "256mb"))  # fmt: skip
                services.start(redis)
            environment = site.production_environment(
                port=port, app_port=app_port, database_url=postgres.url("hldportal"), var=run_dir, run_dir=run_dir,
                redis_url=redis and redis.url(), secret_key=secret_key.read_text().strip(),
            )  # fmt: skip
            site.prepare(environment)
            # The worker erases expired contact details once a day (SUBMISSION_CONTACT_RETENTION_MONTHS).
            site.manage(environment, "erase_expired_contacts", "--schedule")
            gunicorn = services.start(site.gunicorn(environment, port=app_port, log=run_dir / "gunicorn.log"))
            with (run_dir / "worker.log").open("ab") as log:
                worker = subprocess.Popen(
                    [site.PYTHON, "manage.py", "db_worker", "--no-reload"], cwd=site.ROOT, env=environment,
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )  # fmt: skip
            services.callback(_stop, worker)
            nginx = services.start(
                site.nginx(port=port, app_port=app_port, run_dir=run_dir / "nginx", static_root=run_dir / "static",
                           access_log=f"{run_dir / 'nginx' / 'access.log'} masked",
                           micro_cache=os.environ.get("MICRO_CACHE", "5s"))
            )  # fmt: skip
            print(
                f"\n  HLD Portal (production settings) at http://127.0.0.1:{port}/\n"
                f"  {gunicorn}, {postgres}{f', {redis}' if redis else ''}\n"
                "  logs in var/serve/; Ctrl-C stops everything.\n",
                file=sys.stderr,
            )
            # Run until Ctrl-C or TERM, or until one of the servers dies.
            while all(server.running() for server in (gunicorn, nginx, *([redis] if redis else []))):
                if worker.poll() is not None:
                    break
                time.sleep(1)
            say(PROGRAM, "a server exited; see var/serve/*.log")
            return 1
    except ServiceError as error:
        say(PROGRAM, str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        say(PROGRAM, "stopped")


def _stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


if __name__ == "__main__":
    sys.exit(main())

"""PostgreSQL on 127.0.0.1 through Debian's ``initdb`` and ``pg_ctl``.

Not pytest-postgresql: its executor cannot run the server as the ``postgres`` OS user, which ``initdb`` and
``pg_ctl`` require when the caller is root (CI and the developers' machines run as root), and ``make test`` needs
the cluster outside pytest (around the whole run, as ``DATABASE_URL``).
"""

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from localservices.processes import HOST, ServiceError, free_port, port_is_free

INSTALL_HINT = "apt-get install postgresql-15"
# Throwaway data: nothing is flushed to disk. synchronous_commit stays on: an acknowledged commit must survive a
# crash of the server (not of the machine), which is what the stress scenario of a database outage does.
THROWAWAY_SETTINGS = {"fsync": "off", "full_page_writes": "off"}


def find_pg_binary(name, *, hint=f"Install it: {INSTALL_HINT} (or run the suite on SQLite with TEST_DB=sqlite)."):
    """The path of a PostgreSQL program (initdb, pg_ctl, pg_dump...): PG_BINDIR if set, else PATH, else the newest
    of Debian's /usr/lib/postgresql/*/bin. ``hint`` ends the error's message: what to install."""
    bindir = os.environ.get("PG_BINDIR")
    if bindir:
        path = Path(bindir) / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise ServiceError(f"{name} not found in PG_BINDIR={bindir}.")
    found = shutil.which(name)
    if found:
        return found

    def version(path):
        return [int(part) if part.isdigit() else 0 for part in path.parent.parent.name.split(".")]

    for path in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version, reverse=True):
        if os.access(path, os.X_OK):
            return str(path)
    raise ServiceError(f"{name} not found (looked in PG_BINDIR, on PATH and in /usr/lib/postgresql/*/bin). {hint}")


def _as_postgres():
    """The prefix that runs a command as the postgres OS user when root (initdb and pg_ctl refuse root)."""
    if os.geteuid() != 0:
        return []
    try:
        subprocess.run(["id", "-u", "postgres"], capture_output=True, check=True)
    except subprocess.CalledProcessError:
        raise ServiceError("running as root but there is no 'postgres' OS user to run the server as") from None
    return ["runuser", "-u", "postgres", "--"]


class Postgres:
    """A cluster in ``data``, listening on 127.0.0.1:``port`` only (TCP, no unix socket).

    ``Postgres.throwaway()`` makes one in a new temporary folder, tuned for disposable data and deleted by
    ``stop()``; ``Postgres(folder, port=...)`` keeps its data between runs (``scripts/serve``). ``start()``
    creates the cluster when the folder has none; ``stop(mode)`` stops it (``immediate`` is a crash); after a
    ``stop()`` of a kept cluster, ``start()`` starts it again on the same port. Also a context manager.
    """

    def __init__(self, data, *, port=None, settings=None, throwaway=False, log=None):
        self.data = Path(data)
        self.port = port
        self.settings = {"max_connections": "200", **(settings or {})}
        self.throwaway = throwaway
        self.log = Path(log) if log else self.data.parent / f"{self.data.name}.log"
        self.initdb = find_pg_binary("initdb")
        self.pg_ctl = find_pg_binary("pg_ctl")
        self.as_pg = _as_postgres()
        self.version = self._run([self.pg_ctl, "--version"]).stdout.split()[2]
        self.started = False

    @classmethod
    def throwaway(cls, *, settings=None):
        """A new cluster in a temporary folder of /tmp that the server's OS user can reach."""
        folder = Path(tempfile.mkdtemp(prefix="hld-postgres.", dir=os.environ.get("TMPDIR") or "/tmp"))
        folder.chmod(0o755)
        try:
            postgres = cls(folder / "data", settings={**THROWAWAY_SETTINGS, **(settings or {})}, throwaway=True)
            # After start(), a stop(mode) followed by start() restarts it on the same port (a simulated outage).
            if postgres.as_pg:
                shutil.chown(folder, "postgres")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return postgres

    def __str__(self):
        return f"PostgreSQL {self.version} on {HOST}:{self.port} (data in {self.data})"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def _run(self, command, *, check=True, timeout=120):
        result = subprocess.run(
            [*self.as_pg, *map(str, command)], capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and result.returncode != 0:
            raise ServiceError(f"{Path(command[0]).name} failed:\n{result.stdout}{result.stderr}{self.log_tail()}")
        return result

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def url(self, dbname="postgres"):
        return f"postgres://postgres@{HOST}:{self.port}/{dbname}"

    def connect(self, dbname="postgres", **kwargs):
        return psycopg.connect(
            host=HOST, port=self.port, user="postgres", dbname=dbname, connect_timeout=10, autocommit=True, **kwargs
        )

    def running(self):
        return self._run([self.pg_ctl, "-D", self.data, "status"], check=False).returncode == 0

    def _initdb(self):
        if self.as_pg and not self.data.exists():
            self.data.mkdir(mode=0o700)
            shutil.chown(self.data, "postgres")
        locales = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.lower()
        locale = "--locale=C.UTF-8" if re.search(r"^c\.utf-?8$", locales, re.MULTILINE) else "--no-locale"
        nosync = ["--no-sync"] if self.throwaway else []
        self._run([self.initdb, "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", locale, *nosync])

    def _options(self):
        settings = {"listen_addresses": HOST, "unix_socket_directories": "", **self.settings}
        return " ".join(["-p", str(self.port), *(f"-c {shlex.quote(f'{k}={v}')}" for k, v in settings.items())])

    def start(self):
        """Create the cluster if needed and start it; a throwaway one on a free port, tried three times."""
        if not (self.data / "PG_VERSION").exists():
            self._initdb()
        elif self.running():
            raise ServiceError(f"PostgreSQL in {self.data} is already running")
        if self.port is not None and not self.started and not port_is_free(self.port):
            raise ServiceError(f"port {self.port} on {HOST} is taken")
        for attempt in range(3):
            if self.port is None or (attempt and self.throwaway and not self.started):
                self.port = free_port()
            command = [self.pg_ctl, "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o", self._options(), "start"]
            if self._run(command, check=False).returncode == 0:
                self.started = True
                return self
            # A port race ("could not bind") is worth another try; anything else is not.
            if not self.throwaway or self.started or "could not bind" not in self.log_tail():
                break
        raise ServiceError(f"PostgreSQL failed to start; the end of {self.log}:\n{self.log_tail()}")

    def stop(self, mode=None):
        """Stop the server: ``fast`` for a kept cluster; a throwaway one is stopped ``immediate`` and deleted."""
        if self.throwaway and mode is None:
            self._destroy()
            return
        if (self.data / "postmaster.pid").exists():
            self._run([self.pg_ctl, "-D", self.data, "-m", mode or "fast", "-w", "-t", "60", "stop"])

    def _destroy(self):
        if (self.data / "PG_VERSION").exists():
            pid = None
            with contextlib.suppress(OSError, ValueError, IndexError):
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
            self._run([self.pg_ctl, "-D", self.data, "-m", "immediate", "-w", "-t", "30", "stop"], check=False)
            # Wait until the postmaster is really gone; if it somehow survived, kill it outright.
            for _ in range(50):
                if pid is None or not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.data.parent, ignore_errors=True)

"""Servers run as child processes: each a mirakuru executor that starts it, waits until it answers and stops it.

mirakuru starts every one in a session of its own and stops it with TERM (then KILL after the timeout, with
whatever it forked). Each class here adds where the binary is,
the command line and how to tell the server answers.
"""

import atexit
import getpass
import os
import pwd
import re
import shutil
import socket
import subprocess
from pathlib import Path

from mirakuru import HTTPExecutor, TCPExecutor, UnixSocketExecutor
from mirakuru.base import ENV_UUID, cleanup_subprocesses

from localservices.processes import HOST, ServiceError, free_port

ROOT = Path(__file__).resolve().parent.parent

# mirakuru's exit hook kills every process whose mirakuru_uuid merely contains this process's id: on a machine
# where several people run these servers, that can be someone else's. Services and the fixtures stop ours.
atexit.unregister(cleanup_subprocesses)


def find_binary(name, package, *, sbin=False):
    """The path of ``name`` on PATH (and in the sbin folders, where Debian puts daemons), or a ServiceError."""
    found = shutil.which(name) or (sbin and shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin"))
    if not found:
        raise ServiceError(f"{name} not found: apt-get install {package}")
    return found


def answers(family, address, request, reply):
    """Does the server at ``address`` answer ``request`` with something that starts with ``reply``?"""
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(address)
            sock.sendall(request)
            return sock.recv(64).startswith(reply)
    except OSError:
        return False


class _Process:
    """What every child server shares: its output to a log file, and an environment given whole or added to."""

    def _setup(self, log, environment):
        self.log = Path(log) if log else None
        # A given environment replaces the caller's whole (nothing of its DEBUG or CLAMD_* leaks in).
        self._environment = environment
        return {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}

    def start(self):
        """Start with the output appended to the log (the file open only while the child is made)."""
        if self.log is None:
            return super().start()
        with self.log.open("ab") as log:
            self._stdout = log
            try:
                return super().start()
            finally:
                self._stdout = subprocess.DEVNULL

    @property
    def envvars(self):
        if self._environment is None:
            return super().envvars
        return {**self._environment, ENV_UUID: self._uuid}

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def log_text(self, offset=0):
        try:
            with self.log.open("rb") as file:
                file.seek(offset)
                return file.read().decode(errors="replace")
        except (OSError, AttributeError):
            return ""

    def log_size(self):
        try:
            return self.log.stat().st_size
        except (OSError, AttributeError):
            return 0


class Redis(_Process, TCPExecutor):
    """redis-server on 127.0.0.1, no persistence; ready when it answers PING."""

    def __init__(self, *, port=None, folder, log=None, maxmemory=None, timeout=20):
        binary = find_binary("redis-server", "redis-server")
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
        self.version = " ".join(version.split()[:3])
        port = port or free_port()
        command = [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                   "--daemonize", "no", "--dir", str(folder), "--loglevel", "warning"]  # fmt: skip
        if maxmemory:
            # A cache, not a store: past the cap the least recently used keys go, whatever they are.
            command += ["--maxmemory", maxmemory, "--maxmemory-policy", "allkeys-lru"]
        super().__init__(command, host=HOST, port=port, timeout=timeout, **self._setup(log, None))

    def __str__(self):
        return f"{self.version} on {HOST}:{self.port}"

    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def after_start_check(self):
        return answers(socket.AF_INET, (HOST, self.port), b"PING\r\n", b"+PONG")


class Clamd(_Process, UnixSocketExecutor):
    """ClamAV's daemon on a unix socket in ``folder`` and on a TCP port of 127.0.0.1, with the signature databases
    in ``database``; ready when it answers PING (after loading them, which takes seconds)."""

    def __init__(self, *, folder, database, stream_max_mb=2, timeout=60):
        folder = Path(folder)
        binary = find_binary("clamd", "clamav-daemon clamav", sbin=True)
        self.port = free_port()
        self.config = folder / "clamd.conf"
        (folder / "tmp").mkdir(exist_ok=True)
        # No `User`: clamd keeps the identity it is started with (root in CI), so it can read this folder.
        self.config.write_text(
            f"LocalSocket {folder / 'clamd.sock'}\nTCPSocket {self.port}\nTCPAddr {HOST}\n"
            f"DatabaseDirectory {database}\nTemporaryDirectory {folder / 'tmp'}\nLogFile {folder / 'clamd.log'}\n"
            f"LogTime yes\nForeground yes\nBytecode no\nStreamMaxLength {stream_max_mb}M\nMaxFileSize 50M\n"
            "MaxScanSize 100M\nScanArchive yes\nScanPDF yes\nScanOLE2 yes\n"
        )
        super().__init__(
            [binary, "-c", str(self.config)], socket_name=str(folder / "clamd.sock"), timeout=timeout,
            **self._setup(folder / "clamd.out", None),
        )  # fmt: skip

    def __str__(self):
        return f"clamd on {self.socket} and {HOST}:{self.port}"

    def after_start_check(self):
        return answers(socket.AF_UNIX, self.socket, b"zPING\0", b"PONG")


class Gunicorn(_Process, HTTPExecutor):
    """gunicorn serving the project from its root folder; ready when ``ready_path`` answers 200.

    ``args`` are gunicorn's (``-c deploy/gunicorn.conf.py``, or a bind and worker options); ``headers`` go with
    the readiness request (``X-Forwarded-Proto: https`` when the site expects a TLS proxy in front).
    """

    def __init__(self, args, *, port, environment=None, log=None, ready_path="/en/", headers=None, timeout=60):
        binary = Path(os.environ.get("VIRTUAL_ENV") or ROOT / ".venv") / "bin" / "gunicorn"
        if not binary.exists():
            raise ServiceError("no .venv with gunicorn: run `make install`")
        super().__init__(
            [str(binary), *args], url=f"http://{HOST}:{port}{ready_path}", status=200, method="GET", headers=headers,
            request_timeout=5, cwd=str(ROOT), timeout=timeout, **self._setup(log, environment),
        )  # fmt: skip

    def __str__(self):
        return f"gunicorn on {HOST}:{self.port}"


NGINX_VARIABLES = ("NGINX_USER", "PORT", "SERVER_NAME", "UPSTREAM", "RUN_DIR", "STATIC_ROOT", "MICRO_CACHE",
                   "MAX_BODY", "ADMIN_MAX_BODY", "ACCESS_LOG")  # fmt: skip


def nginx_user(folder):
    """Who nginx's workers run as: the caller; when root, www-data (or nobody) if it can read ``folder``, else root
    (a parent folder is closed to it)."""
    if os.geteuid() != 0:
        return getpass.getuser()
    try:
        pwd.getpwnam("www-data")
        user = "www-data"
    except KeyError:
        user = "nobody"
    readable = ["runuser", "-u", user, "--", "test", "-r", f"{folder}/.", "-a", "-x", str(folder)]
    return user if subprocess.run(readable, check=False).returncode == 0 else "root"


class Nginx(_Process, HTTPExecutor):
    """nginx with deploy/nginx.conf, its ``${NAME}`` placeholders filled from ``values`` (see the file's head), in
    front of gunicorn; ``extra`` is written to ``conf.d/extra.conf`` inside the server block. Ready when
    ``ready_path`` answers 200."""

    def __init__(self, *, port, run_dir, values, extra="", ready_path="/en/", timeout=30):
        binary = find_binary("nginx", "nginx", sbin=True)
        run_dir = Path(run_dir)
        (run_dir / "conf.d").mkdir(parents=True, exist_ok=True)
        values = {
            "PORT": port,
            "RUN_DIR": run_dir,
            "NGINX_USER": "nobody",
            "SERVER_NAME": "127.0.0.1 localhost",
            **values,
        }
        # The internal server's socket (deploy/nginx.conf): a folder only nginx's workers may enter.
        internal = run_dir / "internal"
        internal.mkdir(mode=0o700, exist_ok=True)
        internal.chmod(0o700)
        if os.geteuid() == 0:
            shutil.chown(internal, user=values["NGINX_USER"])
        template = (ROOT / "deploy" / "nginx.conf").read_text()
        pattern = re.compile(r"\$\{(" + "|".join(NGINX_VARIABLES) + r")\}")
        self.config = run_dir / "nginx.conf"
        self.config.write_text(pattern.sub(lambda match: str(values[match[1]]), template))
        if extra:
            (run_dir / "conf.d" / "extra.conf").write_text(extra)
        error_log = run_dir / "error.log"
        test = subprocess.run([binary, "-t", "-q", "-e", str(error_log), "-c", str(self.config)], capture_output=True)
        if test.returncode != 0:
            raise ServiceError(f"nginx configuration test failed:\n{test.stderr.decode(errors='replace')}")
        super().__init__(
            [binary, "-e", str(error_log), "-c", str(self.config), "-g", "daemon off;"],
            url=f"http://{HOST}:{port}{ready_path}", status=200, method="GET", request_timeout=5, timeout=timeout,
            **self._setup(run_dir / "nginx.out", None),
        )  # fmt: skip

    def __str__(self):
        return f"nginx on {HOST}:{self.port}"

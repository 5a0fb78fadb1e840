"""Run a command beside a throwaway PostgreSQL cluster: ``python -m localservices.with_postgres COMMAND [ARGS...]``.

The cluster listens on a free port of 127.0.0.1; the command gets DATABASE_URL (and PGHOST, PGPORT, PGUSER,
PGDATABASE) pointing at it. When the command ends, or on Ctrl-C, TERM or HUP, the cluster is stopped and its data
deleted; the exit status is the command's. The command gets WITH_POSTGRES_GRACE (30) seconds to end after a
signal, while the database is still up, before it is killed. The cluster is tuned for disposable data (fsync off):
never point anything you care about at it.
"""

import os
import signal
import subprocess
import sys

from localservices.postgres import Postgres
from localservices.processes import ServiceError, say

PROGRAM = "with-postgres"


def _in_terminal_foreground():
    """Is this process group the terminal's foreground one? Then a Ctrl-C typed there reached the command too."""
    try:
        return os.tcgetpgrp(sys.stdin.fileno()) == os.getpgrp()
    except OSError:
        return False


def run(command, postgres):
    environment = {
        **os.environ,
        "DATABASE_URL": postgres.url(),
        "PGHOST": "127.0.0.1",
        "PGPORT": str(postgres.port),
        "PGUSER": "postgres",
        "PGDATABASE": "postgres",
    }
    child = subprocess.Popen(command, env=environment)
    received = []

    def forward(signum, frame):
        received.append(signum)
        if signum != signal.SIGINT or not _in_terminal_foreground():
            child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    grace = float(os.environ.get("WITH_POSTGRES_GRACE", "30"))
    while True:
        try:
            return child.wait(timeout=grace if received else None)
        except subprocess.TimeoutExpired:
            say(PROGRAM, f"command still running {grace:.0f} s after a signal, killing it")
            child.kill()
            return child.wait()


def main(argv=None):
    command = sys.argv[1:] if argv is None else argv
    if not command:
        say(PROGRAM, f"usage: {PROGRAM} COMMAND [ARGS...]")
        return 2
    try:
        postgres = Postgres.throwaway(settings={"synchronous_commit": "off"})
    except ServiceError as error:
        say(PROGRAM, str(error))
        return 2
    try:
        postgres.start()
        say(PROGRAM, str(postgres))
        status = run(command, postgres)
    except ServiceError as error:
        say(PROGRAM, str(error))
        status = 1
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # a second Ctrl-C must not stop the cleanup
            signal.signal(signum, signal.SIG_IGN)
        postgres.stop()
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main())

"""Install with apt the servers the test suite needs and finds missing: ``python -m localservices.install``.

``make test`` runs it first, so that no test is skipped for want of chromium (the browser walk), clamd (virus
scanning), redis-server (the shared cache), nginx (its masked access log), Java (the Nu Html Checker) or
PostgreSQL's initdb/pg_ctl (the throwaway cluster; not with ``--no-postgres``, as for TEST_DB=sqlite). As root on a
machine with apt it installs Debian's packages for those missing; otherwise it stops at once with the one command
to run. Nothing happens when all are there. ``make bench`` runs it with ``--bench``: the same, and wrk.
"""

import argparse
import os
import shutil
import subprocess
import sys

from localservices.postgres import find_pg_binary
from localservices.processes import ServiceError, say

PROGRAM = "install"


def _found(name, *, sbin=False):
    return bool(shutil.which(name) or (sbin and shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")))


def _postgres_found():
    try:
        find_pg_binary("initdb")
        find_pg_binary("pg_ctl")
    except ServiceError:
        return False
    return True


# (Debian packages, is it there?, what the suite needs it for)
NEEDS = [
    (("chromium",), lambda: _found("chromium"), "the browser tests"),
    (("clamav-daemon", "clamav"), lambda: _found("clamd", sbin=True) and _found("sigtool"), "the virus scans"),
    (("redis-server",), lambda: _found("redis-server"), "the shared cache"),
    (("nginx",), lambda: _found("nginx", sbin=True), "the proxy's access log"),
    (("default-jre-headless",), lambda: _found("java"), "the HTML validator (vnu.jar)"),
    (("postgresql-15",), _postgres_found, "the throwaway database"),
]
# What the benchmark needs besides (bench/run.py): its load generator.
BENCH_NEEDS = [(("wrk",), lambda: _found("wrk"), "the benchmark's requests")]


def missing_packages(*, postgres=True, bench=False):
    """The Debian packages to install, in NEEDS order (then BENCH_NEEDS, for the benchmark), for what is not there."""
    return [
        package
        for packages, found, _purpose in [*NEEDS, *(BENCH_NEEDS if bench else [])]
        if (postgres or "postgresql-15" not in packages) and not found()
        for package in packages
    ]


def install(packages, *, run=subprocess.run, euid=None, apt_get=None, target="make test"):
    """Install ``packages`` with apt-get as root; return 0, or 1 with the command to run said on stderr."""
    command = ["apt-get", "install", "-y", "-qq", *packages]
    euid = os.geteuid() if euid is None else euid
    apt_get = shutil.which("apt-get") if apt_get is None else apt_get
    if euid != 0 or not apt_get:
        say(PROGRAM, f"`{target}` needs {', '.join(packages)}; install them, then run `{target}` again:")
        say(PROGRAM, f"    sudo {' '.join(command)}")
        return 1
    say(PROGRAM, f"installing {', '.join(packages)} with apt-get")
    for step in (["apt-get", "update", "-qq"], command):
        if run(step, stdout=subprocess.DEVNULL, check=False).returncode != 0:
            say(PROGRAM, f"`{' '.join(step)}` failed; run `{' '.join(command)}` by hand, then `{target}` again")
            return 1
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog=PROGRAM, description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-postgres", action="store_true", help="the suite runs on SQLite: no PostgreSQL needed")
    parser.add_argument("--bench", action="store_true", help="for `make bench`: wrk as well")
    parser.add_argument("--dry-run", action="store_true", help="print the packages missing, install nothing")
    args = parser.parse_args(argv)
    packages = missing_packages(postgres=not args.no_postgres, bench=args.bench)
    if args.dry_run:
        print(" ".join(packages))
        return 0
    return install(packages, target="make bench" if args.bench else "make test") if packages else 0


if __name__ == "__main__":
    sys.exit(main())

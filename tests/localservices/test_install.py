"""localservices.install: what `make test` installs on a fresh machine, and the command it asks for otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from localservices import install

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def needs(monkeypatch):
    """Every need found, until a test says otherwise: `needs["redis-server"] = False`."""
    found = {"chromium": True, "clamav-daemon": True, "redis-server": True, "nginx": True,
             "default-jre-headless": True, "postgresql-15": True}  # fmt: skip
    needs = [(packages, lambda name=packages[0]: found[name], purpose) for packages, _, purpose in install.NEEDS]
    monkeypatch.setattr(install, "NEEDS", needs)
    return found


class Apt:
    """Records the commands it is asked to run; `fail` makes the one starting with that word fail."""

    def __init__(self, fail=None):
        self.commands = []
        self.fail = fail

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        return subprocess.CompletedProcess(command, 1 if self.fail and self.fail in command else 0)


def test_nothing_missing_installs_nothing(needs):
    assert install.missing_packages() == []
    assert install.main([]) == 0


def test_the_packages_of_what_is_missing_in_order(needs):
    needs["redis-server"] = False
    needs["clamav-daemon"] = False

    assert install.missing_packages() == ["clamav-daemon", "clamav", "redis-server"]


def test_on_sqlite_postgresql_is_not_needed(needs):
    needs["postgresql-15"] = False

    assert install.missing_packages() == ["postgresql-15"]
    assert install.missing_packages(postgres=False) == []


def test_the_benchmark_also_needs_wrk(monkeypatch, needs):
    monkeypatch.setattr(install, "BENCH_NEEDS", [(("wrk",), lambda: False, "the benchmark's requests")])

    assert install.missing_packages() == []
    assert install.missing_packages(bench=True) == ["wrk"]


def test_without_root_the_benchmark_asks_for_its_packages_by_its_own_name(capsys):
    status = install.install(["wrk"], run=Apt(), euid=1000, apt_get="/usr/bin/apt-get", target="make bench")

    assert status == 1
    assert "then run `make bench` again" in capsys.readouterr().err


def test_root_with_apt_updates_then_installs():
    apt = Apt()

    status = install.install(["chromium", "redis-server"], run=apt, euid=0, apt_get="/usr/bin/apt-get")

    assert status == 0
    assert apt.commands == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "chromium", "redis-server"],
    ]


def test_a_failed_install_stops_with_the_command(capsys):
    apt = Apt(fail="install")

    status = install.install(["redis-server"], run=apt, euid=0, apt_get="/usr/bin/apt-get")

    assert status == 1
    assert "run `apt-get install -y -qq redis-server` by hand" in capsys.readouterr().err


@pytest.mark.parametrize(("euid", "apt_get"), [(1000, "/usr/bin/apt-get"), (0, "")], ids=["not-root", "no-apt"])
def test_without_root_or_apt_it_stops_with_the_one_command(capsys, euid, apt_get):
    apt = Apt()

    status = install.install(["chromium", "clamav-daemon", "clamav"], run=apt, euid=euid, apt_get=apt_get)

    assert status == 1
    assert apt.commands == []
    assert "    sudo apt-get install -y -qq chromium clamav-daemon clamav\n" in capsys.readouterr().err


def test_looks_for_the_programs_on_path(tmp_path):
    """Run as `make test` runs it, on a PATH where everything but redis-server is (stand-ins that do nothing)."""
    for name in ("chromium", "clamd", "sigtool", "nginx", "java", "initdb", "pg_ctl"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    env = {**os.environ, "PATH": str(tmp_path), "PG_BINDIR": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "-m", "localservices.install", "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout == "redis-server\n", result.stderr

"""The load and fault scenarios of ``make stress`` (scripts/stress, reliability/) as one test.

Skipped unless ``STRESS=1``: the run takes about three minutes and starts its own PostgreSQL, Redis and gunicorn
on 127.0.0.1 (needs Debian's postgresql-15 and redis-server). ``STRESS_ARGS`` passes options on, e.g.
``STRESS=1 STRESS_ARGS="--concurrency 50 --outage 5" .venv/bin/pytest -m stress``. The report goes to the test's
temporary folder; ``make stress`` is the one that rewrites docs/reliability.md.
"""

import os
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


pytestmark = [
    pytest.mark.stress,
    pytest.mark.skipif(os.environ.get("STRESS") != "1", reason="the load and fault scenarios run with STRESS=1"),
]


def test_load_and_faults_lose_nothing(tmp_path):
    report = tmp_path / "reliability.md"
    command = [str(ROOT / "scripts" / "stress"), "--doc", str(report), *shlex.split(os.environ.get("STRESS_ARGS", ""))]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, f"scripts/stress failed:\n{result.stdout[-8000:]}\n{result.stderr[-8000:]}"
    assert "every check passed" in report.read_text()

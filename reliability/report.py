"""The Markdown report of ``make stress`` (docs/reliability.md): summary, how to run, the machine, each scenario."""

import contextlib
import importlib.metadata
import os
import platform
from pathlib import Path

from reliability import GUNICORN


def markdown_table(header, rows):
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_facts(ctx):
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    system = platform.platform()
    with contextlib.suppress(OSError):
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        system = f"{release.get('PRETTY_NAME', '').strip(chr(34))}, Linux {platform.release()}"

    def version(name):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            return importlib.metadata.version(name)
        return "?"

    return [
        ["CPU", f"{cpu}, {len(os.sched_getaffinity(0))} cores available"],
        ["load average (1, 5, 15 min) when the run started", ctx.load_at_start],
        ["memory", memory],
        ["system", system],
        ["Python / Django / gunicorn", f"{platform.python_version()} / {version('django')} / {version('gunicorn')}"],
        ["PostgreSQL", f"PostgreSQL {ctx.postgres.version} (throwaway cluster, fsync off, synchronous_commit on)"],
        ["Redis", ctx.redis.version],
        [
            "gunicorn",
            f"gthread, {GUNICORN['workers']} workers x {GUNICORN['threads']} threads, timeout {GUNICORN['timeout']} s, "
            "DEBUG off, CONN_MAX_AGE=60 with health checks",
        ],
    ]


def render(ctx, results, started_at, elapsed):
    verdict = "every check passed" if all(r.ok for r in results) else "SOME CHECKS FAILED"
    out = [
        "# Reliability: load and fault scenarios",
        "",
        "Written by `make stress` (`scripts/stress`; code in `reliability/`, a module per scenario in "
        "`reliability/scenarios/`): the figures below are those "
        f"of the run of {started_at:%Y-%m-%d %H:%M} UTC, which took {elapsed:.0f} s; {verdict}.",
        "",
        "## Summary",
        "",
        markdown_table(
            ["scenario", *results[0].headline, "checks"],
            [
                [r.title.split(". ", 1)[-1], *r.headline.values(), "pass" if r.ok else "**FAIL**"]
                for r in results
                if r.headline
            ],
        ),
        "",
        "*Sent*: submissions posted; *acknowledged*: answered with the redirect to the status page; *lost*: "
        "acknowledged but not in the database (must be 0); *orphan files*: files in the private store that no "
        "record names (must be 0, counted over the whole store); *5xx after recovery*: from the first submission "
        "acknowledged after the restart to the end of the stream.",
        "",
        "## How to run",
        "",
        "```sh",
        "make stress                      # all three scenarios; prints the figures and rewrites this file",
        "scripts/stress --doc /tmp/r.md   # the same, the report elsewhere; --help for durations and sizes",
        "STRESS=1 .venv/bin/pytest -m stress   # the same run as a test (skipped without STRESS=1)",
        "```",
        "",
        "Needs Debian's `postgresql-15` (initdb, pg_ctl) and `redis-server`; runs as root too (the cluster then "
        "runs as the `postgres` user). Everything listens on 127.0.0.1 on free ports and lives in one temporary "
        "folder, removed at the end, also on failure or Ctrl-C. The site runs as in production: gunicorn, DEBUG "
        "off, PostgreSQL, Redis as the cache, receipts queued in the database (`TASKS_BACKEND=database`, no worker "
        "runs: a queued receipt is a row in `django_tasks_database_dbtaskresult` addressed to the submitter), "
        "`SUBMISSION_RATE_LIMIT` and `SUBMISSION_ATTEMPT_LIMIT` raised so that one address may send them all. The "
        "stress call is a copy of the demo call, open, accepting PDF files up to 1 MB.",
        "",
        "What is counted: *acknowledged* is a 302 from the form to the submitter's status page; *stored* is a "
        "submission row with the visitor's unique e-mail address; *lost* is acknowledged but not stored; an "
        "*orphan file* is a file under `PRIVATE_MEDIA_ROOT` that no `SubmissionFile` row names; every stored file "
        "is also compared, by SHA-256, with what the visitor sent.",
        "",
        "Not exercised here: nginx in front (requests go straight to gunicorn, with the `X-Forwarded-Proto: https` "
        "header nginx adds), the task worker sending the receipts, a crash of the machine itself (the cluster runs "
        "with fsync off), and a crash at the very moment of a commit, when PostgreSQL has committed but the reply "
        "never reaches the app (a window of microseconds that a 10-second outage is unlikely to hit).",
        "",
        "## Machine",
        "",
        markdown_table(["", ""], machine_facts(ctx)),
        "",
    ]
    for result in results:
        out += [f"## {result.title}", "", result.summary, ""]
        for heading, header, rows in result.tables:
            if heading:
                out += [f"**{heading}**", ""]
            out += [markdown_table(header, rows), ""]
        if result.notes:
            out += [*result.notes, ""]
        out += ["**Checks**", ""]
        out += [
            f"- {'pass' if check.ok else 'FAIL'}: {check.label}"
            + ("" if check.ok or not check.detail else f" ({check.detail})")
            for check in result.checks
        ]
        out.append("")
    return "\n".join(out)

"""Turn the wrk outputs of ``scripts/bench`` into a Markdown report: the table, the goals, the machine.

    python bench/report.py OUT_DIR REPORT.md

OUT_DIR holds ``targets.tsv`` (one target a line: name, label, method, address, via, headers seen, other load,
app and PostgreSQL CPU per request in ms, page key and archive size of the goal 1 pages), ``<name>.txt`` (the
output of ``wrk --latency``), ``queries.tsv`` (page key, size, SQL queries, status), ``sizes.tsv`` (size, row
counts, seconds to generate, database bytes) and ``meta.txt`` (``key=value`` lines). The report is printed and
written to REPORT.md; ``goals()`` is what it concludes, a row per goal of issue 17 with its measured ratio.
"""

import os
import platform
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match[1]) * UNITS_MS[match[2]] if match else None


def parse_wrk(text):
    result = {"rps": None, "p50": None, "p99": None, "requests": 0, "bad": 0, "errors": 0, "statuses": {}}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = float(match[1])
    for percent, key in (("50", "p50"), ("99", "p99")):
        if match := re.search(rf"^\s+{percent}%\s+(\S+)", text, re.MULTILINE):
            result[key] = to_ms(match[1])
    if match := re.search(r"(\d+) requests in", text):
        result["requests"] = int(match[1])
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        result["bad"] = int(match[1])
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        result["errors"] = sum(int(group) for group in match.groups())
    for status, count in re.findall(r"^status (\d+): (\d+)$", text, re.MULTILINE):
        result["statuses"][int(status)] = int(count)
    return result


def ms(value):
    if value is None:
        return "–"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def ratio(a, b):
    return a / b if a and b else None


def command_version(*command, pattern=r"[\d.]+\d"):
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "not installed"
    match = re.search(pattern, completed.stdout + completed.stderr)
    return match[0] if match else "?"


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine_memory():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "?"


def optional(value, digits=2):
    """A number for a TSV cell, empty when unknown."""
    return "" if value is None else f"{value:.{digits}f}"


def read_float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


# Between a goal 1 page's name and the number of one of its rounds at a size (bench/run.py Bench.flat).
ROUND = ".round"


def merge_rounds(targets):
    """``targets`` with the rounds of a page at a size (``flat-<key>-<size>.round<n>``) made one target of the
    name without the round: its p50 the median of theirs, its p99 the highest, its requests and failures added,
    its requests per second the requests over the time they took, its CPU per request their mean weighted by
    requests, the other load the highest."""
    groups = {}
    for target in targets:
        name, found, _turn = target["name"].rpartition(ROUND)
        groups.setdefault(name if found else target["name"], []).append(target)
    return [rounds_merged(name, runs) if ROUND in runs[0]["name"] else runs[0] for name, runs in groups.items()]


def rounds_merged(name, runs):
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["requests"] / run["rps"] for run in runs if run["rps"])

    def per_request(key):
        weighed = [(run[key], run["requests"]) for run in runs if run[key] is not None and run["requests"]]
        total = sum(count for _value, count in weighed)
        return sum(value * count for value, count in weighed) / total if total else None

    p50s = [run["p50"] for run in runs if run["p50"] is not None]
    return {
        **runs[0], "name": name, "rps": requests / seconds if seconds else None, "requests": requests,
        "p50": statistics.median(p50s) if p50s else None,
        "p99": max((run["p99"] for run in runs if run["p99"] is not None), default=None),
        "bad": sum(run["bad"] for run in runs), "errors": sum(run["errors"] for run in runs),
        "statuses": dict(sum((Counter(run["statuses"]) for run in runs), Counter())),
        "app_ms": per_request("app_ms"), "pg_ms": per_request("pg_ms"),
        "others": max((run["others"] for run in runs), key=lambda others: read_float(others.rstrip("%")) or 0),
    }  # fmt: skip


def read_targets(out):
    """Every line of targets.tsv with its wrk figures: name, label, method, address, via, cache, others,
    app_ms, pg_ms (CPU per request), group and size (of the goal 1 pages)."""
    targets = []
    for line in (out / "targets.tsv").read_text().splitlines():
        cells = line.split("\t") + [""] * 5
        name, label, method, address, via, cache_seen, others, app_ms, pg_ms, group, size, connections = cells[:12]
        raw = out / f"{name}.txt"
        result = parse_wrk(raw.read_text()) if raw.exists() else parse_wrk("")
        targets.append({
            "name": name, "label": label, "method": method, "address": address, "via": via, "cache": cache_seen,
            "others": others, "app_ms": read_float(app_ms), "pg_ms": read_float(pg_ms), "group": group,
            "size": int(size) if size.isdigit() else None, "connections": connections, **result,
        })  # fmt: skip
    return merge_rounds(targets)


def read_queries(out):
    """{(page key, size): number of SQL queries} from queries.tsv."""
    path = out / "queries.tsv"
    counts = {}
    for line in path.read_text().splitlines() if path.exists() else ():
        key, size, queries, _status = [*line.split("\t"), "", ""][:4]
        if queries.isdigit() and size.isdigit():
            counts[key, int(size)] = int(queries)
    return counts


def failed(target):
    """Did a run get answers that make its figures meaningless (errors, or not one good answer)?"""
    return target is None or bool(target["bad"] or target["errors"]) or not target["requests"]


def goal_row(goal, description, value, shown, target, met, *targets):
    """One line of the Goals table. ``met`` is a test of ``value``; a target whose run failed makes it "no"."""
    broken = [t["name"] if t else "not measured" for t in targets if failed(t)]
    if broken:
        verdict = False
        shown = f"{shown} (failed runs: {', '.join(broken)})"
    else:
        verdict = None if value is None else bool(met(value))
    return {"goal": goal, "description": description, "value": value, "shown": shown, "target": target,
            "met": verdict}  # fmt: skip


# The most memory a gunicorn worker of the site may hold once every run is done (resident, RSS).
WORKER_MEMORY = 256 * 2**20


def mib(value):
    return "–" if value is None else f"{value / 2**20:,.0f} MiB"


def read_memory(out):
    """Each gunicorn's workers once every run was done (bench/run.py, Bench.memory): its name -> (workers, the
    largest resident memory of a worker (RSS), the largest own (USS)), in bytes."""
    path = out / "memory.tsv"
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text().splitlines() if line.strip())
    return {name: (int(workers), int(rss), int(uss)) for name, workers, rss, uss in rows}


def times(value, digits=2, bound=None):
    """``value`` as a ratio, "1.32" and the multiplication sign; with one more decimal where ``digits`` would show it
    equal to ``bound`` (its goal's) without being it: 1.503 misses a bound of 1.5 that "1.50" seems to meet."""
    if value is None:
        return "–"
    if bound is not None and value != bound and round(value, digits) == bound:
        digits += 1
    return f"{value:.{digits}f}×"


# Lists measured at each size beside the pages goal 1 names (bench/run.py FLAT_PAGES): the size table shows them
# with their ratio; the goals table keeps to the issue's own list.
OTHER_LISTS = ("events", "calls", "submissions-feed", "documents-api")


def goals(targets, queries, sizes, memory=None):
    """The goals of issue 17 from one run's figures (``memory``: read_memory's), a list of goal_row dicts, in the
    order of the issue."""
    by_name = {target["name"]: target for target in targets}
    flat_keys = [
        key
        for key in dict.fromkeys(t["group"] for t in targets if t["name"].startswith("flat-"))
        if key not in OTHER_LISTS
    ]
    rows = []
    small, large = (min(sizes), max(sizes)) if sizes else (None, None)
    for key in flat_keys:
        first, last = by_name.get(f"flat-{key}-{small}"), by_name.get(f"flat-{key}-{large}")
        label = (first or last)["label"]
        value = ratio(last and last["p50"], first and first["p50"]) if large != small else None
        shown = f"{times(value, bound=1.5)} ({ms(first and first['p50'])} → {ms(last and last['p50'])})"
        rows.append(goal_row(1, f"{label}: p50 at {large:,} documents ÷ at {small:,}", value, shown, "≤ 1.5×",
                             lambda v: v <= 1.5, first, last))  # fmt: skip
    wagtail = by_name.get("wagtail")
    for name in [t["name"] for t in targets if t["name"].startswith("cold-")]:
        cold = by_name[name]
        shown = f"{ms(cold['app_ms'])} (PostgreSQL {ms(cold['pg_ms'])})"
        rows.append(goal_row(3, f"{cold['label']}: app CPU per request", cold["app_ms"], shown, "≤ 5 ms",
                             lambda v: v <= 5, cold))  # fmt: skip
    for name, description, least in (
        ("cold-event", "event page, every cache cold ÷ the Wagtail page, requests/s", 1),
        ("warm-event", "event page, page cache off, fragments warm ÷ the Wagtail page, requests/s", 3),
    ):
        target = by_name.get(name)
        value = ratio(target and target["rps"], wagtail and wagtail["rps"])
        shown = (
            f"{times(value, bound=least)} ({number(target and target['rps'])} vs {number(wagtail and wagtail['rps'])})"
        )
        rows.append(goal_row(3, description, value, shown, f"≥ {least}×", lambda v, least=least: v >= least,
                             target, wagtail))  # fmt: skip
    for key in ("dashboard", "translations-status", "translations-todo"):
        first, last = queries.get((key, small)), queries.get((key, large))
        if key not in flat_keys or large == small:
            continue
        label = by_name[f"flat-{key}-{small}"]["label"] if f"flat-{key}-{small}" in by_name else key
        value = None if first is None or last is None else last - first
        shown = f"{'–' if first is None else first} → {'–' if last is None else last} queries"
        rows.append(goal_row(4, f"{label}: SQL queries at {small:,} → {large:,} documents (counts in SQL)", value,
                             shown, "no more at scale", lambda v: v <= 0))  # fmt: skip
    cached, limit = by_name.get("event-nginx-gzip"), by_name.get("nginx-static-gzip")
    value = ratio(cached and cached["rps"], limit and limit["rps"])
    shown = f"{times(value, bound=0.5)} ({number(cached and cached['rps'])} vs {number(limit and limit['rps'])})"
    rows.append(goal_row(5, "event page through nginx's micro-cache, gzip ÷ nginx's precompressed copy (gzip_static), "
                         "requests/s", value, shown, "≥ 0.5×", lambda v: v >= 0.5, cached, limit))  # fmt: skip
    submit = by_name.get("submit")
    if submit:
        rows.append(goal_row("–", "submission POST with a 1 MB PDF, 16 concurrent uploads, p99 (kept from before)",
                             submit["p99"], ms(submit["p99"]), "< 1 s", lambda v: v < 1000, submit))  # fmt: skip
    ours = {name: figures for name, figures in (memory or {}).items() if name != "wagtail"}
    if ours:
        name, (_workers, rss, uss) = max(ours.items(), key=lambda item: item[1][1])
        rows.append(goal_row("–", "a gunicorn worker's memory once every run is done: the largest, resident (RSS)",
                             rss, f"{mib(rss)} ({name}; {mib(uss)} its own, USS)", f"≤ {mib(WORKER_MEMORY)}",
                             lambda v: v <= WORKER_MEMORY))  # fmt: skip
    return rows


def goals_table(rows):
    lines = ["| goal | what | measured | target | met |", "| --- | --- | ---: | --- | --- |"]
    for row in rows:
        verdict = {True: "yes", False: "**no**", None: "–"}[row["met"]]
        lines.append(f"| {row['goal']} | {row['description']} | {row['shown']} | {row['target']} | {verdict} |")
    met = sum(row["met"] is True for row in rows)
    lines += ["", f"{met} of {len(rows)} met."]
    return lines


def goals_section(text):
    """The Goals section of a report's text (what ``make bench`` prints again at the end)."""
    start = text.index("## Goals")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)].rstrip()


def main(out_dir, report_path, *, echo=True):
    out = Path(out_dir)
    meta = dict(line.split("=", 1) for line in (out / "meta.txt").read_text().splitlines() if "=" in line)
    targets = read_targets(out)
    queries = read_queries(out)
    sizes = [int(size) for size in meta.get("sizes", "").split(",") if size.isdigit()]
    archives = [line.split("\t") for line in (out / "sizes.tsv").read_text().splitlines()] if (
        out / "sizes.tsv").exists() else []  # fmt: skip
    by_name = {target["name"]: target for target in targets}
    workers = read_memory(out)

    duration, connections, threads = meta["duration"], meta["connections"], meta["threads"]
    wrk_command = f"wrk -t{threads} -c{connections} -d{duration} --latency --timeout {meta['timeout']}"
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (`scripts/bench`) on {meta['date']}, commit `{meta['commit']}`, in "
        f"{int(meta.get('elapsed', 0)) // 60} min. Every number below comes from that one run; run it again to "
        "refresh this page. The goals are those of issue 17.",
        "",
        "## Goals (measured, not asserted)",
        "",
        *goals_table(goals(targets, queries, sizes, workers)),
        "",
        "## Flat with size (goals 1 and 4)",
        "",
        "p50 of each page straight to gunicorn with every cache cold, app + PostgreSQL CPU per request, and the SQL "
        "queries it costs an editor, at each archive size: each size's database on a gunicorn of its own, and a "
        "page measured at every size one after the other, in rounds (the median of their p50s is shown), so that "
        "both ends of a ratio see the machine at the same pace. The last rows are lists the issue does not name (the "
        "goals table leaves them out): their pages hold a few rows at ten documents and full pages of 20 to 50 "
        "rows from a hundred thousand on, so their ratio is mostly that of the rows shown.",
        "",
        "| page | request | " + " | ".join(f"{size:,} documents" for size in sizes) + " | ratio |",
        "| --- | --- | " + " | ".join("---:" for _ in sizes) + " | ---: |",
    ]
    for key in dict.fromkeys(t["group"] for t in targets if t["name"].startswith("flat-")):
        cells, first = [], None
        for size in sizes:
            target = by_name.get(f"flat-{key}-{size}")
            first = first or target
            if target is None:
                cells.append("–")
                continue
            cpu_text = f"{ms(target['app_ms'])} + {ms(target['pg_ms'])}"
            failed_text = " (failed)" if failed(target) else ""
            cells.append(f"{ms(target['p50'])}{failed_text}<br>CPU {cpu_text}<br>{queries.get((key, size), '–')} "
                         "queries")  # fmt: skip
        last = by_name.get(f"flat-{key}-{max(sizes)}") if sizes else None
        value = ratio(last and last["p50"], first and first["p50"]) if len(sizes) > 1 else None
        lines.append(f"| {first['label']} | `{first['address']}` | {' | '.join(cells)} | {times(value)} |")
    lines += [
        "",
        "| archive | rows | generated in | VACUUM ANALYZE, database size |",
        "| ---: | --- | ---: | ---: |",
    ]
    for size, counts, seconds, database_bytes in (row[:4] for row in archives if len(row) >= 4):
        lines.append(f"| {int(size):,} | {counts} | {seconds} s | {int(database_bytes) / 2**20:,.0f} MiB |")
    lines += [
        "",
        "## Every run",
        "",
        "| target | request | through | requests/s | p50 | p99 | CPU per request, app + PostgreSQL | not 2xx/3xx "
        "| socket errors | headers seen | other load |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for target in targets:
        at_size = "" if target["size"] is None else f" ({target['size']:,})"
        lines.append(
            f"| {target['label']}{at_size} "
            f"| `{target['method']} {target['address']}` | {target['via']} "
            f"| {number(target['rps'])} | {ms(target['p50'])} | {ms(target['p99'])} "
            f"| {ms(target['app_ms'])} + {ms(target['pg_ms'])} "
            f"| {target['bad']} | {target['errors']} | {target['cache']} | {target['others']} |"
        )
    if workers:
        lines += [
            "",
            "## Memory",
            "",
            "Each gunicorn's workers once every run is done (psutil): resident (RSS, which counts the pages a worker "
            "shares with its master) and its own (USS: what stopping it gives back, with the processes it started: "
            "the fork server of its upload parsers and multiprocessing's resource tracker, once it took an upload).",
            "",
            "| gunicorn | workers | largest worker, resident (RSS) | largest worker, its own (USS) |",
            "| --- | ---: | ---: | ---: |",
            *(f"| {name} | {count} | {mib(rss)} | {mib(uss)} |" for name, (count, rss, uss) in workers.items()),
        ]
    statuses = by_name.get("submit", {}).get("statuses") or {}
    if statuses:
        seen = ", ".join(f"{count} × {status}" for status, count in sorted(statuses.items()))
        lines += ["", f"Submission responses: {seen} (302 is a stored submission)."]

    nginx_version = command_version("nginx", "-v")
    wrk_version = command_version("wrk", "--version", pattern=r"\d+\.\d[\d.]*")
    redis_version = ""
    if meta.get("cache") == "Redis":
        redis_version = "Redis " + command_version("redis-server", "--version", pattern=r"(?<=v=)[\d.]+") + ", "
    lines += [
        "",
        "## How it was measured",
        "",
        f"- Goal 1 pages, at each size: a warm-up of 1 s, then {meta.get('size_rounds', 1)} runs of "
        f"`wrk -c{meta.get('size_connections', connections)} -d{meta.get('size_duration', duration)} --latency`, "
        "the page's sizes in turn and again, so that a slow spell of the machine falls on all of them: the p50 "
        f"shown is the median of the runs' p50s. Every other target: a warm-up of {meta['warmup']}, "
        f"then `{wrk_command}`. wrk keeps its connections open; gunicorn's sync workers close theirs after each "
        "response, so the runs straight to gunicorn open a connection per request.",
        "- Archives: `manage.py generate_archive` grows one database from size to size (documents with E/F/S "
        "versions, events, submissions; COPY on PostgreSQL), then `VACUUM ANALYZE`. The ratios divide each "
        "page's p50 at the largest size by its p50 at the smallest.",
        "- *every cache cold*: straight to a gunicorn started with `FRAGMENT_CACHE_SECONDS=0`, requests carrying "
        "`Cookie: sessionid=bench` (no such session): the page cache passes them through, as it does for editors. "
        "*fragments warm*: a second gunicorn with the fragment caches as configured, the same cookie. The admin "
        "pages are requested with a signed-in superuser's session.",
        "- *CPU per request*: the CPU time (`/proc/<pid>/stat`: utime + stime, with ended children) of the gunicorn "
        "master and its workers, and of the PostgreSQL server and its backends, over the measured run, divided "
        "by the requests wrk counted. Through nginx the app figure is gunicorn's only.",
        "- *queries*: the SQL queries of a second request of each page by a signed-in superuser through Django's "
        "test client with the fragment caches off (`bench/django_side.py`).",
        f"- The Wagtail peer: `bench/wagtail_peer`, Wagtail {meta.get('wagtail', '?')} in its own virtualenv "
        "(`~/.cache/hldportal/wagtail-venv`), "
        f"one published page of {int(meta.get('wagtail_bytes', 0)):,} bytes of HTML "
        "(a rich-text body, a base template with nav and footer), its own database on the same PostgreSQL, "
        f"gunicorn with the same {meta['workers']} sync workers, DEBUG off. The event page is "
        f"{int(meta.get('event_bytes', 0)):,} bytes.",
        f"- nginx: `deploy/nginx.conf` rendered as `make serve` renders it, micro-cache {meta['micro_cache']}, "
        "access log off; plus one location serving the saved copy of the event page with `gzip_static on` and "
        f"its gzip'd twin ({int(meta.get('event_gzip_bytes', 0)):,} bytes, level 9) beside it.",
        f"- gunicorn: `deploy/gunicorn.conf.py`, {meta['workers']} {meta['worker_class']} workers, access log off, "
        "no recycling of workers (`GUNICORN_MAX_REQUESTS=0`).",
        f"- Django: `DEBUG` off, cache: {meta['cache']}, emails queued in the database (no worker running), "
        f"rate limit of submissions raised to {int(meta['rate_limit']):,} an hour. Floor view: {meta['floor']}.",
        f"- *other load*: the CPU time that processes outside the benchmark (a test suite, another server) used "
        f"during the measured run, in % of one core out of {meta['nproc']} (`bench/cpu.py`); "
        f"{meta.get('others_before', '?')} just before the first run. Anything but a few % makes that row "
        "slower than the machine can do: run `make bench` again on a quiet machine.",
        "- PostgreSQL: a throwaway cluster (`localservices.Postgres`: fsync and synchronous commit off).",
        "- The submission POST is multipart/form-data with every field of the form and one PDF of "
        f"{int(meta['pdf_bytes']):,} bytes, sent through nginx to an open call; a success is a 302 to the status page.",
        "",
        "## Machine",
        "",
        f"- {meta['nproc']} cores ({cpu_model()}), {machine_memory()} of memory, Linux {platform.release()}",
        f"- Python {platform.python_version()}, Django {meta['django']}, gunicorn {meta['gunicorn']}, "
        f"nginx {nginx_version}, PostgreSQL {meta['postgres']}, {redis_version}wrk {wrk_version}",
        "",
    ]
    report = "\n".join(lines)
    if echo:
        print(report)
    Path(report_path).write_text(report, encoding="utf-8")
    return report


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    os.environ.setdefault("TZ", "UTC")
    main(sys.argv[1], sys.argv[2])

"""Turn the wrk outputs of ``scripts/bench`` into a Markdown report: the table, the goals, the machine.

    python bench/report.py OUT_DIR REPORT.md

OUT_DIR holds ``targets.tsv`` (one target a line: name, label, method, address, via, cache header seen),
``<name>.txt`` (the output of ``wrk --latency``) and ``meta.txt`` (``key=value`` lines). The report is
printed and written to REPORT.md.
"""

import os
import platform
import re
import subprocess
import sys
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


def memory():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "?"


def main(out_dir, report_path):
    out = Path(out_dir)
    meta = dict(line.split("=", 1) for line in (out / "meta.txt").read_text().splitlines() if "=" in line)
    targets = []
    for line in (out / "targets.tsv").read_text().splitlines():
        name, label, method, address, via, cache_seen, others = line.split("\t")
        raw = out / f"{name}.txt"
        result = parse_wrk(raw.read_text()) if raw.exists() else parse_wrk("")
        targets.append(
            {
                "name": name,
                "label": label,
                "method": method,
                "address": address,
                "via": via,
                "cache": cache_seen,
                "others": others,
                **result,
            }
        )
    by_name = {target["name"]: target for target in targets}

    def get(name, key):
        return by_name.get(name, {}).get(key)

    duration, connections, threads = meta["duration"], meta["connections"], meta["threads"]
    wrk_command = f"wrk -t{threads} -c{connections} -d{duration} --latency --timeout {meta['timeout']}"
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` (`scripts/bench`) on {meta['date']}, commit `{meta['commit']}`. "
        "Every number below comes from that one run; run it again to refresh this page.",
        "",
        "## Results",
        "",
        "| target | request | through | requests/s | p50 | p99 | not 2xx/3xx | socket errors | cache | other load |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for target in targets:
        lines.append(
            f"| {target['label']} | `{target['method']} {target['address']}` | {target['via']} "
            f"| {number(target['rps'])} | {ms(target['p50'])} | {ms(target['p99'])} "
            f"| {target['bad']} | {target['errors']} | {target['cache']} | {target['others']} |"
        )

    def goal(description, value, shown, target, met):
        verdict = "–" if value is None else ("yes" if met(value) else "**no**")
        return f"| {description} | {shown} | {target} | {verdict} |"

    micro = ratio(get("event-nginx", "rps"), get("nginx-static", "rps"))
    django_cached = ratio(get("event-cached", "rps"), get("nginx-static", "rps"))
    uncached = ratio(get("event-uncached", "rps"), get("floor", "rps"))
    library = ratio(get("library-5000", "p50"), get("library-10", "p50"))
    library99 = ratio(get("library-5000", "p99"), get("library-10", "p99"))
    submit = get("submit", "p99")
    lines += [
        "",
        "## Goals (measured, not asserted)",
        "",
        "| goal | measured | target | met |",
        "| --- | ---: | --- | --- |",
        goal(
            "cached event page (nginx micro-cache) ÷ nginx serving a saved copy, requests/s",
            micro,
            number(micro, 2) + "×",
            "≥ 0.5×",
            lambda v: v >= 0.5,
        ),
        goal(
            "cached event page (Django page cache, straight to gunicorn) ÷ nginx saved copy, requests/s",
            django_cached,
            number(django_cached, 2) + "×",
            "≥ 0.5×",
            lambda v: v >= 0.5,
        ),
        goal(
            "uncached event page ÷ bare Django view (floor), requests/s",
            uncached,
            number(uncached, 2) + "×",
            "≥ 0.7×",
            lambda v: v >= 0.7,
        ),
        goal(
            f"library with {meta.get('documents_large', '5,000')} documents ÷ with {meta.get('documents_small', 10)}, "
            "p50 latency",
            library,
            number(library, 2) + "×",
            "≤ 1.5×",
            lambda v: v <= 1.5,
        ),
        goal("the same, p99 latency", library99, number(library99, 2) + "×", "(≤ 1.5×)", lambda v: v <= 1.5),
        goal(
            f"submission POST with a 1 MB PDF, {connections} concurrent uploads, p99",
            submit,
            ms(submit),
            "< 1 s",
            lambda v: v < 1000,
        ),
    ]
    statuses = get("submit", "statuses") or {}
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
        f"- Every target: a warm-up of {meta['warmup']} (`wrk -t{threads} -c{connections} -d{meta['warmup']}`, "
        f"not counted), then `{wrk_command}`. wrk keeps its connections open; gunicorn's sync workers close "
        "theirs after each response, so the runs straight to gunicorn open a connection per request.",
        "- All traffic on 127.0.0.1: wrk, nginx, gunicorn, PostgreSQL"
        + (" and Redis" if meta.get("cache") == "Redis" else "")
        + " share the machine's cores, so every number includes the load generator's own CPU time.",
        f"- nginx: `deploy/nginx.conf` rendered as `make serve` renders it, micro-cache {meta['micro_cache']}, "
        "access log off; plus one location serving the saved copy of the event page.",
        f"- gunicorn: `deploy/gunicorn.conf.py`, {meta['workers']} {meta['worker_class']} workers, access log off, "
        "no recycling of workers (`GUNICORN_MAX_REQUESTS=0`).",
        f"- Django: `DEBUG` off, cache: {meta['cache']}, emails queued in the database (no worker running), "
        f"rate limit of submissions raised to {int(meta['rate_limit']):,} an hour. Floor view: {meta['floor']}.",
        f"- *other load*: the CPU time that processes outside the benchmark (a test suite, another server) used "
        f"during the measured run, in % of one core out of {meta['nproc']} (`bench/cpu.py`); "
        f"{meta.get('others_before', '?')} just before the first run. Anything but a few % makes that row "
        "slower than the machine can do: run `make bench` again on a quiet machine.",
        "- *uncached* requests carry `Cookie: sessionid=bench` (no such session): nginx's micro-cache and "
        "Django's page cache both pass such a request through, as they do for editors.",
        "- PostgreSQL: a throwaway cluster (`localservices.Postgres`: fsync and synchronous commit off).",
        f"- Data: the demo content plus a generated archive (`manage.py generate_archive`): {meta['counts']}. "
        f"The library with {meta.get('documents_small', 10)} documents was measured on the same database "
        "before the archive was generated.",
        "- The submission POST is multipart/form-data with every field of the form and one PDF of "
        f"{int(meta['pdf_bytes']):,} bytes, sent through nginx to an open call; a success is a 302 to the status page.",
        "",
        "## Machine",
        "",
        f"- {meta['nproc']} cores ({cpu_model()}), {memory()} of memory, Linux {platform.release()}",
        f"- Python {platform.python_version()}, Django {meta['django']}, gunicorn {meta['gunicorn']}, "
        f"nginx {nginx_version}, PostgreSQL {meta['postgres']}, {redis_version}wrk {wrk_version}",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    Path(report_path).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    os.environ.setdefault("TZ", "UTC")
    main(sys.argv[1], sys.argv[2])

"""Measure HLD Portal against the goals of issue 17 and write docs/benchmarks.md: ``make bench``.

On a throwaway PostgreSQL cluster and, unless NO_REDIS, a throwaway Redis (localservices): migrate, load the demo,
collect the static files, then start on free ports of 127.0.0.1:

  "app"      gunicorn (deploy/gunicorn.conf.py) with FRAGMENT_CACHE_SECONDS=0: every cache cold for requests
             carrying ``Cookie: sessionid=bench`` (no such session: the page cache passes them through)
  "warm"     the same gunicorn with the fragment caches as configured (the page cache still bypassed by that cookie)
  "nginx"    deploy/nginx.conf in front of "warm", plus a saved copy of the event page and its gzip'd twin
  "wagtail"  a minimal Wagtail 7.4 site (bench/wagtail_peer, bench/peer.py) in its own virtualenv and database,
             gunicorn with the same workers and settings

Then the archive of each size of BENCH_SIZES (``manage.py generate_archive`` grows the same database, then VACUUM
ANALYZE; each size but the largest is kept as a copy, ``size_<N>``, served by an "app" of its own, ``app-<N>``),
and for each page of goal 1, its short wrk runs at every size one after the other, in rounds, so that the
machine's pace (a shared machine's drifts by a fifth over the half hour the largest archive takes to make, and
slows for seconds at a time) is the same for a ratio's two ends: the app and PostgreSQL CPU per request, and
the number of SQL queries it costs; at the largest size, the pages of goal 3 (cold and with warm fragments)
against the Wagtail page, the cached path of goal 5 (nginx micro-cache vs gzip_static copy), the floor view and
a submission POST with a 1 MB PDF. bench/report.py turns it into docs/benchmarks.md and the Goals table printed
at the end.

Every request goes to 127.0.0.1; every wrk run is bounded by its duration (and a timeout), the whole run by
BENCH_TIME_LIMIT. Everything started here is stopped at the end, also on failure or Ctrl-C.

Environment (all optional):
  BENCH_SIZES (10,100000)   archive sizes, in documents; the first is the reference of the ratios (1000000 works:
                            about 10 minutes more and a few GB of disk)
  BENCH_SECONDS (10)        length of each measured run of the goal 3 and 5 targets
  BENCH_SIZE_SECONDS (6)    measured time of each goal 1 page at each size, in BENCH_SIZE_ROUNDS (3) runs of equal
                            length: the page's sizes in turn, then again, so that a slow spell of the machine
                            falls on all of them
  BENCH_SIZE_CONNECTIONS (2)  wrk's connections for those: a latency, not a queue behind the workers
  BENCH_WARMUP (3)          length of the warm-up before each run, in seconds (1 for the goal 1 pages)
  BENCH_CONNECTIONS (16)    wrk's connections (-c), BENCH_THREADS (2) its threads (-t)
  BENCH_TIME_LIMIT (2400)   seconds after which the whole run is stopped
  BENCH_REPORT              where the Markdown goes (docs/benchmarks.md)
  NO_REDIS=1                keep Django's local-memory cache
  BENCH_QUIET_WAIT (0)      before each run, wait up to this many seconds until processes outside the
                            benchmark use at most BENCH_QUIET_MAX (15) % of a core (a shared machine)
"""

import datetime
import gzip
import http.client
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import django
import gunicorn
import psutil
import psycopg
from mirakuru.exceptions import ExecutorError

from bench import cpu, peer, report
from localservices import Postgres, Redis, ServiceError, Services, exit_on_signals, free_port, site
from localservices.processes import say as _say
from tests.document_files import pdf_of_size

ROOT = site.ROOT
OUT = ROOT / "var" / "bench"
# Kept between runs (everything else in OUT is deleted at the start of a run).
# Outside the checkout: a third-party virtualenv inside it would be read by every tool that walks the project
# (linters, translation checks).
WAGTAIL_VENV = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hldportal" / "wagtail-venv"
EVENT_PATH = "/en/events/hld-2013/"
DOCUMENT_PATH = "/en/documents/a-68-292/"
UNCACHED = "Cookie: sessionid=bench"
SUBMIT_PATH = "/en/calls/bench-open-call/submit/"
PDF_BYTES = 1024 * 1024
# Written over by bench/submit.lua with each request's own number, of the same width: the same submission sent
# again is received once (submissions.services), and each POST must be a new one.
SUBMISSION_NUMBER = "#000000000000"
# Fewer requests than this in a wrk run make no p50: the page is then timed one request at a time.
SLOW_REQUESTS = 3

# Goal 1 (and 4): each page at each archive size. (key, label, path, signed in as an editor)
FLAT_PAGES = [
    ("library", "library", "/en/documents/", False),
    ("library-filtered", "library, filtered by type", "/en/documents/?type=resolution", False),
    # The first archive event: 2 documents at 10, 2,000 at 100,000 and at a million (archive_arguments).
    ("library-event", "library, filtered by an event", "/en/documents/?event=archive-event-000", False),
    ("library-searched", "library, searched", "/en/documents/?q=migration", False),
    ("document", "a document page", DOCUMENT_PATH, False),
    ("search-selective", "search, a selective word", "/en/search/?q=verbale", False),
    ("search-common", "search, a word in most documents", "/en/search/?q=assembly", False),
    ("search-two-words", "search, two words", "/en/search/?q=protection+migrants", False),
    ("search-unaccented", "search, unaccented (fr)", "/fr/search/?q=developpement", False),
    ("sitemap", "sitemap, documents, first page", "/sitemap-documents-1.xml", False),
    ("admin-documents", "admin document list", "/admin/documents/document/", True),
    ("dashboard", "admin dashboard", "/admin/", True),
    ("translations-status", "translations status", "/admin/translations/status/", True),
    ("translations-todo", "translations to do", "/admin/translations/", True),
    # Beyond the pages the issue names (bench/report.py OTHER_LISTS): the other lists a visitor or a client reads.
    # (The calendar subscription and the sitemap index grow by design up to their bounds, 100 events and one entry
    # per sitemap page: docs/scaling.md measures them.)
    ("events", "events list", "/en/events/", False),
    ("calls", "calls for submissions", "/en/calls/", False),
    ("submissions-feed", "submissions feed", "/en/feeds/submissions.rss", False),
    ("documents-api", "documents API, first page", "/en/api/documents/", False),
]
# Goal 3: the pages that must cost at most 5 ms of app CPU with every cache cold.
COLD_PAGES = [
    ("event", "event page", EVENT_PATH),
    ("home", "home", "/en/"),
    ("library", "library", "/en/documents/"),
    ("document", "a document page", DOCUMENT_PATH),
]


def say(message):
    _say("bench", message)


def get(port, path, headers=(), method="GET", body=None, timeout=60):
    """(status, headers, body) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(h.split(": ", 1) for h in headers))
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def archive_arguments(size, demo_documents):
    """generate_archive's counts for an archive of about ``size`` documents (the demo's included)."""
    documents = max(size - demo_documents, 0) if size < 1000 else size
    events = max(1, min(500, size // 2000))
    submissions = min(size // 50, 20_000)
    return ["--events", str(events), "--documents", str(documents), "--submissions", str(submissions)]


class Bench:
    def __init__(self, environment, postgres):
        self.environment = environment
        self.postgres = postgres
        self.pg_port = postgres.port
        self.ports = {}
        self.pids = {}
        # What differs in the environment of each size's copy of the database (see keep); the largest size is the
        # database itself.
        self.sized = {}
        self.seconds = int(os.environ.get("BENCH_SECONDS", "10"))
        self.size_seconds = int(os.environ.get("BENCH_SIZE_SECONDS", "6"))
        self.size_rounds = max(1, int(os.environ.get("BENCH_SIZE_ROUNDS", "3")))
        self.size_connections = int(os.environ.get("BENCH_SIZE_CONNECTIONS", "2"))
        self.warmup = int(os.environ.get("BENCH_WARMUP", "3"))
        self.connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
        self.threads = int(os.environ.get("BENCH_THREADS", "2"))
        self.timeout = "10s"

    def serve(self, name, server):
        self.ports[name] = server.port
        self.pids[name] = server.pid

    def memory(self):
        """Each gunicorn's workers' memory once every run is done, into memory.tsv (bench/report.py, read_memory):
        how many, the largest resident memory (RSS) and the largest own (USS, from /proc/<pid>/smaps), a worker's
        own with that of the processes it started (the upload parsers' fork server and its resource tracker)."""
        with (OUT / "memory.tsv").open("w") as file:
            for name, pid in self.pids.items():
                try:
                    workers = psutil.Process(pid).children()
                    rss = [worker.memory_info().rss for worker in workers]
                    uss = [sum(p.memory_full_info().uss for p in [w, *w.children(recursive=True)]) for w in workers]
                except psutil.Error:
                    continue
                if name != "nginx" and workers:
                    file.write("\t".join(map(str, [name, len(workers), max(rss), max(uss)])) + "\n")

    def meta(self, key, value):
        with (OUT / "meta.txt").open("a") as file:
            file.write(f"{key}={value}\n")

    def django(self, code, **environment):
        environment = {**self.environment, **{key: str(value) for key, value in environment.items()}}
        return site.manage(environment, "shell", "--no-imports", "-c", code, capture=True).strip()

    def snapshot(self):
        return cpu.measure(os.getpid(), self.pg_port)

    def others(self, before):
        return cpu.others_share(before, self.snapshot())

    def wait_quiet(self):
        """On a shared machine, wait (BENCH_QUIET_WAIT s at most) until other processes use little CPU."""
        deadline = time.monotonic() + int(os.environ.get("BENCH_QUIET_WAIT", "0"))
        while time.monotonic() < deadline:
            before = self.snapshot()
            time.sleep(2)
            others = int(self.others(before).rstrip("%").replace("?", "0"))
            if others <= int(os.environ.get("BENCH_QUIET_MAX", "15")):
                return
            say(f"waiting for a quieter machine: other processes use {others}% of a core")

    def wrk(self, seconds, url, arguments, output, *, latency=False, connections=None):
        connections = connections or self.connections
        threads = min(self.threads, connections)
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", self.timeout,
                   *(["--latency"] if latency else []), *arguments, url]  # fmt: skip
        with output.open("w") as file:
            try:
                status = subprocess.run(command, stdout=file, stderr=subprocess.STDOUT, env=self.environment,
                                        timeout=seconds + 30, check=False).returncode  # fmt: skip
            except subprocess.TimeoutExpired:
                status = "timeout"
        if status != 0:
            say(f"{output.stem}: wrk exited with {status}")

    def sequential(self, via, path, headers, output):
        """SLOW_REQUESTS requests one after the other (each up to 5 minutes), written as wrk would write them."""
        took, bad, started = [], 0, time.monotonic()
        for _n in range(SLOW_REQUESTS):
            start = time.monotonic()
            try:
                status, _headers, _body = get(self.ports[via], path, headers, timeout=300)
            except OSError:
                status = 599
            took.append((time.monotonic() - start) * 1000)
            bad += status >= 400
        elapsed = time.monotonic() - started
        took.sort()
        output.write_text(
            f"Timed one request at a time by bench/run.py (wrk completed too few), {SLOW_REQUESTS} requests\n"
            f"  Latency Distribution\n     50%    {took[len(took) // 2]:.2f}ms\n     99%    {took[-1]:.2f}ms\n"
            f"  {len(took)} requests in {elapsed:.2f}s\n"
            + (f"  Non-2xx or 3xx responses: {bad}\n" if bad else "")
            + f"Requests/sec: {len(took) / elapsed:.2f}\n"
        )
        return report.parse_wrk(output.read_text())

    def headers_seen(self, via, path, headers):
        """The cache and compression headers of one request (and a warning when it is not answered 2xx/3xx)."""
        try:
            status, response, _body = get(self.ports[via], path, headers)
        except OSError as error:
            say(f"  {path}: {error}")
            return "no answer"
        if status >= 400:
            say(f"  warning: {path} answered {status}")
        seen = ("x-cache", "x-micro-cache", "content-encoding")
        return "; ".join(f"{k}: {v}" for k, v in response.items() if k.lower() in seen) or "none"

    @staticmethod
    def settle(pid, limit=60):
        """Wait until the server ``pid`` is idle: the requests wrk left queued when it stopped are served
        before the next run, whose CPU they would otherwise count."""
        deadline = time.monotonic() + limit
        last = cpu.tree_ticks(pid)
        while last is not None and time.monotonic() < deadline:
            time.sleep(0.3)
            now = cpu.tree_ticks(pid)
            if now is None or now - last <= 1:
                return
            last = now

    def measure(self, name, label, method, via, path, headers=(), script=None, *, seconds=None, warmup=None,
                group="", size="", connections=None):  # fmt: skip
        """One target: a warm-up, then a measured wrk run with the CPU that the server behind ``via`` (the app
        server, not nginx) and PostgreSQL spent per request; a line of targets.tsv."""
        seconds, warmup = seconds or self.seconds, self.warmup if warmup is None else warmup
        url = f"http://127.0.0.1:{self.ports[via]}{path}"
        arguments = [part for header in headers for part in ("-H", header)] + (["-s", str(script)] if script else [])
        self.wait_quiet()
        say(f"{label}: {method} {path} ({via}), warm-up {warmup}s, then {seconds}s")
        app_pid = self.pids.get("warm" if via == "nginx" else via)
        if warmup:
            self.wrk(warmup, url, arguments, OUT / f"{name}.warmup.txt", connections=connections)
            self.settle(app_pid)
        # After the warm-up: the headers of a request as the measured ones are answered (a cache hit, say).
        cache = self.headers_seen(via, path, headers) if method == "GET" else "–"
        pg_pid = cpu.postmaster(self.pg_port)
        before = self.snapshot()
        app_before, pg_before = cpu.tree_ticks(app_pid), cpu.tree_ticks(pg_pid)
        self.wrk(seconds, url, arguments, OUT / f"{name}.txt", latency=True, connections=connections)
        app_after, pg_after = cpu.tree_ticks(app_pid), cpu.tree_ticks(pg_pid)
        others = self.others(before)
        self.settle(app_pid)
        result = report.parse_wrk((OUT / f"{name}.txt").read_text())
        if result["requests"] < SLOW_REQUESTS and method == "GET" and not result["bad"]:
            # A page slower than the run's length (or wrk's timeout): time a few requests one after the other.
            say(f"  {name}: wrk completed {result['requests']} requests; timing {SLOW_REQUESTS} one at a time")
            app_before, pg_before = cpu.tree_ticks(app_pid), cpu.tree_ticks(pg_pid)
            result = self.sequential(via, path, headers, OUT / f"{name}.txt")
            app_after, pg_after = cpu.tree_ticks(app_pid), cpu.tree_ticks(pg_pid)
        app_ms = cpu.ms_per_request(app_before, app_after, result["requests"])
        pg_ms = cpu.ms_per_request(pg_before, pg_after, result["requests"])
        row = (name, label, method, path, via, cache, others, report.optional(app_ms), report.optional(pg_ms),
               group, str(size), str(connections or self.connections))  # fmt: skip
        with (OUT / "targets.tsv").open("a") as file:
            file.write("\t".join(row) + "\n")
        figures = f"{result['rps'] or 0:,.0f} requests/s, p50 {result['p50'] or 0:.1f} ms"
        if app_ms is not None:
            figures += f", CPU {app_ms:.1f} ms app" + (f" + {pg_ms:.1f} ms PostgreSQL" if pg_ms is not None else "")
        say(f"  {name}: {figures} per request (other processes: {others} of a core)")
        if result["bad"] or result["errors"]:
            say(f"  {name}: {result['bad']} answers not 2xx/3xx, {result['errors']} socket errors")

    def submission_body(self):
        """The form's CSRF cookie and field from one GET, a 1 MB PDF, every field of the form: the POST's body."""
        status, headers, form = get(self.ports["nginx"], SUBMIT_PATH)
        cookie = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or ():
            cookie.load(value)
        field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if status != 200 or "csrftoken" not in cookie or not field:
            raise ServiceError(f"the form answered {status} without a CSRF cookie and field")
        boundary = "----hldbench" + os.urandom(8).hex()
        pdf = pdf_of_size(PDF_BYTES)  # a real PDF: the intake parses every file
        fields = {
            "csrfmiddlewaretoken": field[1].decode(), "organisation": "Benchmark Civil Society Network",
            "category": "cso", "country": "", "contact_name": "Load Test", "email": "bench@example.org", "phone": "",
            "title": f"A written submission sent by the benchmark, {SUBMISSION_NUMBER}", "language": "en",
            "consent_to_publish": "yes",
            "website": "",
        }  # fmt: skip
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="submission.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + pdf
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        (OUT / "submit.body").write_bytes(b"".join(parts))
        return boundary, cookie["csrftoken"].value

    def sql(self, statement, dbname="postgres"):
        with self.postgres.connect(dbname) as db:
            cursor = db.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def grow(self, size, demo_documents):
        """Grow the archive to ``size`` documents, then VACUUM ANALYZE (as autovacuum would have by then)."""
        arguments = archive_arguments(size, demo_documents)
        say(f"generating the archive for {size:,} documents: generate_archive {' '.join(arguments)}")
        started = time.monotonic()
        site.manage(self.environment, "generate_archive", *arguments)
        generated = time.monotonic() - started
        self.sql("VACUUM ANALYZE")
        (database_bytes,) = self.sql("SELECT pg_database_size(current_database())")[0]
        counts = self.django(
            "from documents.models import Document, Version\nfrom events.models import Event\n"
            "from submissions.models import Submission\n"
            "print(f'{Document.objects.count():,} documents, {Version.objects.count():,} language versions, '"
            "f'{Event.objects.count():,} events, {Submission.objects.count():,} submissions')"
        )
        vacuumed = time.monotonic() - started - generated
        say(f"  {counts}; generated in {generated:.0f} s, VACUUM ANALYZE in {vacuumed:.0f} s; "
            f"database {database_bytes / 2**20:,.0f} MiB")  # fmt: skip
        with (OUT / "sizes.tsv").open("a") as file:
            file.write(f"{size}\t{counts}\t{generated:.0f}\t{database_bytes}\n")

    def keep(self, size):
        """A copy of the database as it is at ``size`` documents (``size_<N>``), for its own app server, and what
        the environment of that server and of Django's shell changes: that database, and a Redis database of its
        own."""
        for attempt in range(30):
            try:
                # From another database: the copied one must have no connection, not even this one.
                self.sql(f"CREATE DATABASE size_{size} TEMPLATE postgres", dbname="template1")
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 29:
                    raise
                time.sleep(1)  # autovacuum, still on the tables the archive just grew
        changes = {"DATABASE_URL": self.postgres.url(f"size_{size}")}
        if redis := self.environment.get("REDIS_URL"):
            changes["REDIS_URL"] = redis.rsplit("/", 1)[0] + f"/{len(self.sized) + 1}"
        self.sized[size] = changes

    @property
    def round_seconds(self):
        """The length of one round of a goal 1 page at one size (see flat)."""
        return max(1, round(self.size_seconds / self.size_rounds))

    def size_server(self, size):
        return f"app-{size}" if size in self.sized else "app"

    def flat(self, sizes, admin_cookie):
        """Goal 1 and 4: every page of FLAT_PAGES at each size, on that size's "app" server (caches cold), one
        size after the other, in rounds (report.merge_rounds makes them one target per size); then the SQL queries
        of each page at each size."""
        for key, label, path, staff in FLAT_PAGES:
            headers = [admin_cookie if staff else UNCACHED]
            for turn in range(self.size_rounds):
                for size in sizes:
                    self.measure(f"flat-{key}-{size}{report.ROUND}{turn + 1}", label, "GET", self.size_server(size),
                                 path, headers, seconds=self.round_seconds, warmup=0 if turn else min(self.warmup, 1),
                                 group=key, size=size, connections=self.size_connections)  # fmt: skip
        paths = [path for _key, _label, path, _staff in FLAT_PAGES]
        for size in sizes:
            counted = self.django(f"from bench import django_side; django_side.queries(*{paths!r})",
                                  FRAGMENT_CACHE_SECONDS=0, **self.sized.get(size, {}))  # fmt: skip
            lines = re.findall(r"^\{.*\}$", counted, re.MULTILINE)
            by_path = {entry["path"]: entry for entry in map(json.loads, lines)}
            with (OUT / "queries.tsv").open("a") as file:
                for key, _label, path, _staff in FLAT_PAGES:
                    entry = by_path.get(path, {})
                    file.write(f"{key}\t{size}\t{entry.get('queries', '')}\t{entry.get('status', '')}\n")


def run(services):
    sizes = sorted({int(size) for size in os.environ.get("BENCH_SIZES", "10,100000").split(",") if size.strip()})
    postgres = services.start(Postgres.throwaway(settings={"synchronous_commit": "off"}))
    say(str(postgres))
    nginx_port, app_port, warm_port, wagtail_port = free_port(), free_port(), free_port(), free_port()
    redis = None
    if not os.environ.get("NO_REDIS"):
        redis = services.start(Redis(folder=OUT, log=OUT / "redis.log"))
    workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * len(os.sched_getaffinity(0)) + 1)
    environment = site.production_environment(
        port=nginx_port, app_port=warm_port, database_url=postgres.url(), var=OUT / "site", run_dir=OUT,
        redis_url=redis and redis.url(), SUBMISSION_RATE_LIMIT=1000000, SUBMISSION_ATTEMPT_LIMIT=1000000,
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{nginx_port},http://127.0.0.1:{app_port},http://127.0.0.1:{warm_port}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # The floor view of bench/floor.py at /__bench__/floor/, beside the site's URLs.
        DJANGO_SETTINGS_MODULE="bench.settings", BENCH_FLOOR_HTML=OUT / "copy" / "__bench__" / "event.html",
        GUNICORN_ACCESS_LOG="false", LOG_LEVEL="WARNING", GUNICORN_WORKERS=workers,
        # No worker recycling: at these rates each worker would restart every few seconds, cold caches and all.
        GUNICORN_MAX_REQUESTS=0,
    )  # fmt: skip
    bench = Bench(environment, postgres)
    bench.meta("cache", "Redis" if redis else "local memory (one per gunicorn worker)")
    bench.meta("floor", "bench/floor.py, through DJANGO_SETTINGS_MODULE=bench.settings")
    bench.meta("sizes", ",".join(map(str, sizes)))

    # The Wagtail peer first: its virtualenv may take a minute the first time.
    peer_python = peer.virtualenv(WAGTAIL_VENV, sys.executable, say)
    bench.sql("CREATE DATABASE wagtailpeer")
    say("Wagtail peer: migrate, create its page")
    peer.prepare(peer_python, postgres.url("wagtailpeer"))

    say("migrate, collectstatic, load_demo")
    site.prepare(environment)
    demo_documents = int(bench.django("from documents.models import Document; print(Document.objects.count())"))
    bench.grow(sizes[0], demo_documents)
    admin_cookie = "Cookie: sessionid=" + bench.django("from bench import django_side; django_side.staff_session()")
    site.manage(environment, "generate_archive", "--events", "1", "--documents", "0", "--submissions", "0",
                "--open-call")  # fmt: skip
    for smaller, size in itertools.pairwise(sizes):
        bench.keep(smaller)
        bench.grow(size, demo_documents)
    for size, changes in bench.sized.items():
        name, port = f"app-{size}", free_port()
        (OUT / name).mkdir()
        server = site.gunicorn({**environment, **changes, "GUNICORN_BIND": f"127.0.0.1:{port}",
                                "FRAGMENT_CACHE_SECONDS": "0", "GUNICORN_RUN_DIR": str(OUT / name)},
                               port=port, log=OUT / f"gunicorn-{name}.log")  # fmt: skip
        bench.serve(name, services.start(server))

    app = services.start(
        site.gunicorn({**environment, "GUNICORN_BIND": f"127.0.0.1:{app_port}", "FRAGMENT_CACHE_SECONDS": "0",
                       "GUNICORN_RUN_DIR": str(OUT / "app")},
                      port=app_port, log=OUT / "gunicorn-app.log")
    )  # fmt: skip
    bench.serve("app", app)
    warm = services.start(site.gunicorn(environment, port=warm_port, log=OUT / "gunicorn-warm.log"))
    bench.serve("warm", warm)
    wagtail = services.start(
        peer.WagtailPeer(peer_python, port=wagtail_port, database_url=postgres.url("wagtailpeer"), workers=workers,
                         log=OUT / "gunicorn-wagtail.log")
    )  # fmt: skip
    bench.serve("wagtail", wagtail)
    copy = OUT / "copy"
    nginx = services.start(
        site.nginx(port=nginx_port, app_port=warm_port, run_dir=OUT / "nginx", static_root=OUT / "site" / "static",
                   micro_cache="5s", readable=copy,
                   # The physical limit: nginx sending a file, the saved copy of the event page, as is or
                   # precompressed (event.html.gz beside it) for a client that accepts gzip.
                   extra=f"location = /__bench__/event.html {{\n    root {copy};\n    default_type text/html;\n"
                         "    gzip_static on;\n}\n")
    )  # fmt: skip
    bench.serve("nginx", nginx)

    before = bench.snapshot()
    time.sleep(2)
    others = bench.others(before)
    bench.meta("others_before", others)
    if others.rstrip("%").isdigit() and int(others.rstrip("%")) > 25:
        say(f"warning: other processes use {others} of a core: they will show in the numbers (see BENCH_QUIET_WAIT)")
    status, _headers, page = get(warm_port, EVENT_PATH, [UNCACHED])
    if status != 200:
        raise ServiceError(f"could not fetch the event page ({status})")
    saved = copy / "__bench__" / "event.html"
    saved.write_bytes(page)
    saved.with_suffix(".html.gz").write_bytes(gzip.compress(page, compresslevel=9, mtime=0))
    for file in (saved, saved.with_suffix(".html.gz")):
        file.chmod(0o644)
    status, _headers, wagtail_page = get(wagtail_port, peer.PATH)
    if status != 200:
        raise ServiceError(f"the Wagtail peer answered {status}")
    bench.meta("event_bytes", len(page))
    bench.meta("event_gzip_bytes", saved.with_suffix(".html.gz").stat().st_size)
    bench.meta("wagtail_bytes", len(wagtail_page))
    status, _headers, _body = get(app_port, "/admin/", [admin_cookie])
    if status != 200:
        raise ServiceError(f"the admin answered {status} to the benchmark's staff session")

    bench.flat(sizes, admin_cookie)

    # Goal 3, at the largest size: every cache cold ("app"), then fragments warm ("warm"), against Wagtail.
    bench.measure("wagtail", "Wagtail 7.4 page (peer)", "GET", "wagtail", peer.PATH)
    for key, label, path in COLD_PAGES:
        bench.measure(f"cold-{key}", f"{label}, every cache cold", "GET", "app", path, [UNCACHED], group=key)
    bench.measure("warm-event", "event page, page cache off, fragments warm", "GET", "warm", EVENT_PATH, [UNCACHED])
    bench.measure("floor", "bare Django view, same HTML through a template", "GET", "app", "/__bench__/floor/",
                  [UNCACHED])  # fmt: skip
    bench.measure("event-cached", "event page, Django's page cache", "GET", "warm", EVENT_PATH)
    # Goal 5: the cached path as browsers ask for it, against nginx's precompressed copy.
    gzip_header = "Accept-Encoding: gzip"
    bench.measure("nginx-static", "nginx, saved copy of the event page", "GET", "nginx", "/__bench__/event.html")
    bench.measure("nginx-static-gzip", "nginx, saved copy, precompressed (gzip_static)", "GET", "nginx",
                  "/__bench__/event.html", [gzip_header])  # fmt: skip
    bench.measure("event-nginx", "event page, nginx micro-cache", "GET", "nginx", EVENT_PATH)
    bench.measure("event-nginx-gzip", "event page, nginx micro-cache, gzip (as browsers ask)", "GET", "nginx",
                  EVENT_PATH, [gzip_header])  # fmt: skip

    boundary, csrf_cookie = bench.submission_body()
    environment.update(BENCH_SUBMIT_BODY=str(OUT / "submit.body"), BENCH_SUBMIT_BOUNDARY=boundary,
                       BENCH_CSRF_COOKIE=csrf_cookie)  # fmt: skip
    check, _headers, _body = get(
        nginx_port, SUBMIT_PATH, [f"Content-Type: multipart/form-data; boundary={boundary}",
                                  f"Cookie: csrftoken={csrf_cookie}"],
        method="POST", body=(OUT / "submit.body").read_bytes(),
    )  # fmt: skip
    if check != 302:
        say(f"warning: a test submission was answered {check}, not 302; the run below counts it")
    bench.measure(
        "submit", "submission POST, 1 MB PDF", "POST", "nginx", SUBMIT_PATH, script=ROOT / "bench" / "submit.lua"
    )
    bench.memory()

    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True).stdout.strip():
        commit += " + uncommitted changes"
    wagtail_version = subprocess.run([str(peer_python), "-c", "import wagtail; print(wagtail.__version__)"],
                                     capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    for key, value in {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit or "unknown",
        "nproc": os.cpu_count(), "workers": workers, "worker_class": os.environ.get("GUNICORN_WORKER_CLASS", "sync"),
        "rate_limit": 1000000, "micro_cache": "5s", "pdf_bytes": PDF_BYTES, "duration": f"{bench.seconds}s",
        "size_duration": f"{bench.round_seconds}s",
        "size_rounds": bench.size_rounds, "size_connections": bench.size_connections,
        "warmup": f"{bench.warmup}s", "connections": bench.connections,
        "threads": bench.threads, "timeout": bench.timeout, "django": django.get_version(),
        "gunicorn": gunicorn.__version__, "postgres": postgres.version, "wagtail": wagtail_version or "?",
        "elapsed": f"{time.monotonic() - STARTED:.0f}",
    }.items():  # fmt: skip
        bench.meta(key, value)
    destination = Path(os.environ.get("BENCH_REPORT") or ROOT / "docs" / "benchmarks.md")
    destination.parent.mkdir(parents=True, exist_ok=True)
    print(file=sys.stderr)
    text = report.main(OUT, destination, echo=False)
    print(text)
    print("\n" + report.goals_section(text))
    say(f"written to {destination}; wrk outputs and logs in var/bench/")


STARTED = time.monotonic()


def _time_limit(signum, frame):
    raise ServiceError(f"stopped after BENCH_TIME_LIMIT ({os.environ.get('BENCH_TIME_LIMIT', '2400')} s)")


def main():
    site.require_venv("bench")
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not shutil.which(tool, path="/usr/sbin"):
            say(f"{tool} not found: apt-get install wrk nginx")
            return 1
    OUT.mkdir(parents=True, exist_ok=True)
    for entry in OUT.iterdir():
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for folder in (OUT / "site", OUT / "app", OUT / "copy" / "__bench__"):
        folder.mkdir(parents=True)
    for name in ("targets.tsv", "meta.txt", "sizes.tsv", "queries.tsv"):
        (OUT / name).touch()
    exit_on_signals()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(int(os.environ.get("BENCH_TIME_LIMIT", "2400")))
    try:
        with Services("bench") as services:
            # The uploaded PDFs and generated files: hundreds of megabytes nobody needs. Logs and wrk outputs stay.
            for leftover in ("site/private", "site/media", "site/static"):
                services.callback(shutil.rmtree, OUT / leftover, ignore_errors=True)
            services.callback((OUT / "submit.body").unlink, missing_ok=True)
            run(services)
        return 0
    except (ServiceError, ExecutorError) as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())

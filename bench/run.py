"""Measure HLD Portal as ``make serve`` runs it and write the table to docs/benchmarks.md: ``make bench``.

On a throwaway PostgreSQL cluster and, unless NO_REDIS, a throwaway Redis (localservices): migrate, load the demo,
collect the static files, start gunicorn (deploy/gunicorn.conf.py) and nginx (deploy/nginx.conf) on free ports of
127.0.0.1, then for each target a warm-up and a fixed-length wrk run:

  nginx serving a saved copy of the event page (the physical limit)
  the bare Django view rendering that copy through a template (bench/floor.py: the floor of any Django page)
  the event page: uncached, through nginx's micro-cache, and from Django's page cache
  the document library with 10 documents, then with 5,000 (after ``manage.py generate_archive``)
  a document page and a search, uncached
  a submission POST with a 1 MB PDF, 16 at a time, through nginx

Every request goes to 127.0.0.1; every wrk run is bounded by its duration (and a timeout), the whole run by
BENCH_TIME_LIMIT. Everything started here is stopped at the end, also on failure or Ctrl-C.

Environment (all optional):
  BENCH_SECONDS (10)       length of each measured run
  BENCH_WARMUP (3)         length of the warm-up before each run, in seconds
  BENCH_CONNECTIONS (16)   wrk's connections (-c), BENCH_THREADS (2) its threads (-t)
  BENCH_TIME_LIMIT (600)   seconds after which the whole run is stopped
  BENCH_REPORT             where the Markdown goes (docs/benchmarks.md)
  NO_REDIS=1               keep Django's local-memory cache
  BENCH_QUIET_WAIT (0)     before each run, wait up to this many seconds until processes outside the
                           benchmark use at most BENCH_QUIET_MAX (15) % of a core (a shared machine)
"""

import datetime
import http.client
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

from bench import cpu, report
from localservices import Postgres, Redis, ServiceError, Services, exit_on_signals, free_port, site
from localservices.processes import say as _say
from tests.document_files import pdf_of_size

ROOT = site.ROOT
OUT = ROOT / "var" / "bench"
EVENT_PATH = "/en/events/hld-2013/"
UNCACHED = "Cookie: sessionid=bench"
SUBMIT_PATH = "/en/calls/bench-open-call/submit/"
PDF_BYTES = 1024 * 1024


def say(message):
    _say("bench", message)


def get(port, path, headers=(), method="GET", body=None):
    """(status, headers, body) of one request to 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=dict(h.split(": ", 1) for h in headers))
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Bench:
    def __init__(self, environment, pg_port, nginx_port, app_port):
        self.environment = environment
        self.pg_port = pg_port
        self.ports = {"nginx": nginx_port, "gunicorn": app_port}
        self.seconds = int(os.environ.get("BENCH_SECONDS", "10"))
        self.warmup = int(os.environ.get("BENCH_WARMUP", "3"))
        self.connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
        self.threads = int(os.environ.get("BENCH_THREADS", "2"))
        self.timeout = "10s"

    def meta(self, key, value):
        with (OUT / "meta.txt").open("a") as file:
            file.write(f"{key}={value}\n")

    def django(self, code):
        return site.manage(self.environment, "shell", "--no-imports", "-c", code, capture=True).strip()

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

    def wrk(self, seconds, url, arguments, output, *, latency=False):
        command = ["wrk", f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds}s", "--timeout", self.timeout,
                   *(["--latency"] if latency else []), *arguments, url]  # fmt: skip
        with output.open("w") as file:
            try:
                status = subprocess.run(command, stdout=file, stderr=subprocess.STDOUT, env=self.environment,
                                        timeout=seconds + 30, check=False).returncode  # fmt: skip
            except subprocess.TimeoutExpired:
                status = "timeout"
        if status != 0:
            say(f"{output.stem}: wrk exited with {status}")

    def measure(self, name, label, method, via, path, headers=(), script=None):
        url = f"http://127.0.0.1:{self.ports[via]}{path}"
        arguments = [part for header in headers for part in ("-H", header)] + (["-s", str(script)] if script else [])
        self.wait_quiet()
        say(f"{label}: {method} {path} ({via}), warm-up {self.warmup}s, then {self.seconds}s")
        self.wrk(self.warmup, url, arguments, OUT / f"{name}.warmup.txt")
        before = self.snapshot()
        self.wrk(self.seconds, url, arguments, OUT / f"{name}.txt", latency=True)
        others = self.others(before)
        cache = "–"
        if method == "GET":
            _status, response, _body = get(self.ports[via], path, headers)
            cache = "; ".join(f"{k}: {v}" for k, v in response.items() if k.lower() in ("x-cache", "x-micro-cache"))
            cache = cache or "none"
        with (OUT / "targets.tsv").open("a") as file:
            file.write("\t".join((name, label, method, path, via, cache, others)) + "\n")
        result = report.parse_wrk((OUT / f"{name}.txt").read_text())
        figures = f"{result['rps']:,.0f} requests/s, p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms"
        say(f"  {name}: {figures} (other processes: {others} of a core)")

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
            "title": "A written submission sent by the benchmark", "language": "en", "consent_to_publish": "yes",
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


def run(services):
    postgres = services.start(Postgres.throwaway(settings={"synchronous_commit": "off"}))
    say(str(postgres))
    nginx_port, app_port = free_port(), free_port()
    redis = None
    if not os.environ.get("NO_REDIS"):
        redis = services.start(Redis(folder=OUT, log=OUT / "redis.log"))
    environment = site.production_environment(
        port=nginx_port, app_port=app_port, database_url=postgres.url(), var=OUT / "site", run_dir=OUT,
        redis_url=redis and redis.url(), CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{nginx_port},http://127.0.0.1:{app_port}",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", SUBMISSION_RATE_LIMIT=1000000,
        # The floor view of bench/floor.py at /__bench__/floor/, beside the site's URLs.
        DJANGO_SETTINGS_MODULE="bench.settings", BENCH_FLOOR_HTML=OUT / "copy" / "__bench__" / "event.html",
        GUNICORN_ACCESS_LOG="false", LOG_LEVEL="WARNING",
        # No worker recycling: at these rates each worker would restart every few seconds, cold caches and all.
        GUNICORN_MAX_REQUESTS=0,
    )  # fmt: skip
    bench = Bench(environment, postgres.port, nginx_port, app_port)
    bench.meta("cache", "Redis" if redis else "local memory (one per gunicorn worker)")
    bench.meta("floor", "bench/floor.py, through DJANGO_SETTINGS_MODULE=bench.settings")

    say("migrate, collectstatic, load_demo")
    site.prepare(environment)
    demo_documents = int(bench.django("from documents.models import Document; print(Document.objects.count())"))
    small = max(10 - demo_documents, 0)
    site.manage(environment, "generate_archive", "--events", "1", "--documents", str(small), "--submissions", "0")
    published = "from documents.models import Document; print(f'{Document.objects.published().count():,}')"
    documents_small = bench.django(published)

    services.start(site.gunicorn(environment, port=app_port, log=OUT / "gunicorn.log"))
    copy = OUT / "copy"
    services.start(
        site.nginx(port=nginx_port, app_port=app_port, run_dir=OUT / "nginx", static_root=OUT / "site" / "static",
                   micro_cache="5s", readable=copy,
                   # The physical limit: nginx sending a file, the saved copy of the event page.
                   extra=f"location = /__bench__/event.html {{\n    root {copy};\n    default_type text/html;\n}}\n")
    )  # fmt: skip

    before = bench.snapshot()
    time.sleep(2)
    others = bench.others(before)
    bench.meta("others_before", others)
    if others.rstrip("%").isdigit() and int(others.rstrip("%")) > 25:
        say(f"warning: other processes use {others} of a core: they will show in the numbers (see BENCH_QUIET_WAIT)")
    status, _headers, page = get(app_port, EVENT_PATH, [UNCACHED])
    if status != 200:
        raise ServiceError(f"could not fetch the event page ({status})")
    (copy / "__bench__" / "event.html").write_bytes(page)
    (copy / "__bench__" / "event.html").chmod(0o644)

    bench.measure("library-10", f"library, {documents_small} documents, uncached", "GET", "gunicorn", "/en/documents/",
                  [UNCACHED])  # fmt: skip
    say("generating the archive: 50 events, 5,000 documents with E/F/S versions, 2,000 submissions")
    site.manage(environment, "generate_archive", "--events", "50", "--documents", "5000", "--submissions", "2000",
                "--open-call")  # fmt: skip
    counts = bench.django(
        "from documents.models import Document, Version\nfrom events.models import Event\n"
        "from submissions.models import Submission\n"
        "print(f'{Event.objects.count():,} events, {Document.objects.count():,} documents, '"
        "f'{Version.objects.count():,} language versions, {Submission.objects.count():,} submissions')"
    )
    documents_large = bench.django(published)

    bench.measure("nginx-static", "nginx, saved copy of the event page", "GET", "nginx", "/__bench__/event.html")
    bench.measure("floor", "bare Django view, same HTML through a template", "GET", "gunicorn", "/__bench__/floor/",
                  [UNCACHED])  # fmt: skip
    bench.measure("event-uncached", "event page, uncached", "GET", "gunicorn", EVENT_PATH, [UNCACHED])
    bench.measure("event-uncached-nginx", "event page, uncached, through nginx", "GET", "nginx", EVENT_PATH, [UNCACHED])
    bench.measure("event-cached", "event page, Django's page cache", "GET", "gunicorn", EVENT_PATH)
    bench.measure("event-nginx", "event page, nginx micro-cache", "GET", "nginx", EVENT_PATH)
    bench.measure("event-nginx-gzip", "event page, nginx micro-cache, gzip (as browsers ask)", "GET", "nginx",
                  EVENT_PATH, ["Accept-Encoding: gzip"])  # fmt: skip
    bench.measure("library-5000", f"library, {documents_large} documents, uncached", "GET", "gunicorn",
                  "/en/documents/", [UNCACHED])  # fmt: skip
    bench.measure("document", "document page, uncached", "GET", "gunicorn", "/en/documents/a-68-292/", [UNCACHED])
    bench.measure("search", "search ?q=migration, uncached", "GET", "gunicorn", "/en/search/?q=migration", [UNCACHED])

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

    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    if subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True).stdout.strip():
        commit += " + uncommitted changes"
    workers = os.environ.get("GUNICORN_WORKERS") or 2 * len(os.sched_getaffinity(0)) + 1
    for key, value in {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": commit or "unknown",
        "nproc": os.cpu_count(), "workers": workers, "worker_class": os.environ.get("GUNICORN_WORKER_CLASS", "sync"),
        "rate_limit": 1000000, "micro_cache": "5s", "counts": counts, "documents_small": documents_small,
        "documents_large": documents_large, "pdf_bytes": PDF_BYTES, "duration": f"{bench.seconds}s",
        "warmup": f"{bench.warmup}s", "connections": bench.connections, "threads": bench.threads,
        "timeout": bench.timeout, "django": django.get_version(), "gunicorn": gunicorn.__version__,
        "postgres": postgres.version,
    }.items():  # fmt: skip
        bench.meta(key, value)
    destination = Path(os.environ.get("BENCH_REPORT") or ROOT / "docs" / "benchmarks.md")
    destination.parent.mkdir(parents=True, exist_ok=True)
    print(file=sys.stderr)
    report.main(OUT, destination)
    say(f"written to {destination}; wrk outputs and logs in var/bench/")


def _time_limit(signum, frame):
    raise ServiceError(f"stopped after BENCH_TIME_LIMIT ({os.environ.get('BENCH_TIME_LIMIT', '600')} s)")


def main():
    site.require_venv("bench")
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not shutil.which(tool, path="/usr/sbin"):
            say(f"{tool} not found: apt-get install wrk nginx")
            return 1
    shutil.rmtree(OUT, ignore_errors=True)
    for folder in (OUT / "site", OUT / "copy" / "__bench__"):
        folder.mkdir(parents=True)
    (OUT / "targets.tsv").touch()
    (OUT / "meta.txt").touch()
    exit_on_signals()
    signal.signal(signal.SIGALRM, _time_limit)
    signal.alarm(int(os.environ.get("BENCH_TIME_LIMIT", "600")))
    try:
        with Services("bench") as services:
            # The uploaded PDFs and generated files: hundreds of megabytes nobody needs. Logs and wrk outputs stay.
            for leftover in ("site/private", "site/media", "site/static"):
                services.callback(shutil.rmtree, OUT / leftover, ignore_errors=True)
            services.callback((OUT / "submit.body").unlink, missing_ok=True)
            run(services)
        return 0
    except ServiceError as error:
        say(str(error))
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())

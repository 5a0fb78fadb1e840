"""Gunicorn for HLD Portal behind nginx: ``gunicorn -c deploy/gunicorn.conf.py hldportal.wsgi``.

Read from the environment:

- ``GUNICORN_BIND``: address to listen on (default ``127.0.0.1:8081``; nginx is in front);
- ``GUNICORN_WORKERS``: worker processes (default 2 x cores + 1, the cores this process may run on);
- ``GUNICORN_WORKER_CLASS``, ``GUNICORN_THREADS``: ``sync`` with 1 thread by default; nginx buffers
  slow clients, so a sync worker is only ever busy with Django;
- ``GUNICORN_TIMEOUT``: seconds a request may take before its worker is killed (default 30);
- ``GUNICORN_ACCESS_LOG``: ``false`` for no access log (benchmarks), else to stderr;
- ``GUNICORN_RUN_DIR``: folder for the pid file (default: none is written).
"""

import gc
import os
import sys
from pathlib import Path

# The project's own modules, wherever gunicorn was started from (it reads this file before any --chdir).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from delivery.environment import flag, number
from delivery.trust import trusted_proxies


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "hldportal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8081").split(",")
workers = number(os.environ, "GUNICORN_WORKERS", 2 * _cores() + 1, minimum=1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = number(os.environ, "GUNICORN_THREADS", 1, minimum=1)
backlog = 1024

# The heartbeat file on a RAM disk: a worker never blocks on a disk-backed fchmod.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

timeout = number(os.environ, "GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 20
keepalive = 5
# Load Django once in the master; workers fork with it already imported (fast start, shared memory).
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound; jitter keeps them apart.
max_requests = number(os.environ, "GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# Requests come from nginx; gunicorn believes X-Forwarded-Proto (and SCRIPT_NAME) only from the proxies Django
# trusts: none when BEHIND_PROXY is false, so that no local process chooses the scheme or the address prefix.
forwarded_allow_ips = ",".join(trusted_proxies(os.environ))
limit_request_line = 8190

proc_name = "hldportal"
accesslog = "-" if flag(os.environ, "GUNICORN_ACCESS_LOG", True) else None
# Submitters' private status links are masked in the access log (delivery/access_logs.py).
logger_class = "delivery.access_logs.MaskedGunicornLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("GUNICORN_RUN_DIR"):
    pidfile = os.path.join(os.environ["GUNICORN_RUN_DIR"], "gunicorn.pid")
# Gunicorn 25+ opens a control socket in the home folder by default, one for every instance on the machine.
control_socket_disable = True


# Garbage collection in a worker. A page leaves some hundreds of objects in reference cycles (requests, templates'
# contexts, model instances); a worker also holds some 140,000 long-lived objects (Django, compiled templates and
# queries) that every full collection scans again, about 70 ms each (docs/scaling.md). So:
# - the master freezes what it imported before each fork: no worker's collection scans or writes to them, and their
#   memory pages stay shared;
# - a worker collects and freezes once it is warm (its templates and queries compiled), after WARM_REQUESTS;
# - a worker collects its youngest objects every GC_YOUNG allocations, not Python's 700: the same objects scanned
#   in fewer, larger passes, and none promoted to be scanned again by the next generation while a page is built.
WARM_REQUESTS = 100
GC_YOUNG = 10_000


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def post_request(worker, req, environ, resp):
    if worker.nr == WARM_REQUESTS:
        gc.collect()
        gc.freeze()

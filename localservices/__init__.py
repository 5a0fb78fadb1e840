"""The local services HLD Portal's scripts, stress scenarios, benchmark and tests start on 127.0.0.1.

One place for finding a server's binary, choosing a free loopback port, starting it, waiting until it answers and
stopping it again, also when the caller fails or is interrupted:

- ``Postgres``: a cluster run by ``pg_ctl`` (by the ``postgres`` OS user when root), throwaway or kept in a folder;
- ``Redis``, ``Clamd``, ``Gunicorn``, ``Nginx``: child processes, each a mirakuru executor that knows how to tell
  that its server answers (PING, an HTTP status);
- ``Services``: starts services and stops them in reverse order at the end, on an error, Ctrl-C, TERM or HUP.

``python -m localservices.with_postgres COMMAND`` (``scripts/with-postgres``) runs a command beside a throwaway
cluster; ``python -m localservices.install`` installs with apt the servers the test suite needs.
"""

from localservices.postgres import Postgres, find_pg_binary
from localservices.processes import ServiceError, Services, exit_on_signals, free_port
from localservices.servers import Clamd, Gunicorn, Nginx, Redis

__all__ = [
    "Clamd",
    "Gunicorn",
    "Nginx",
    "Postgres",
    "Redis",
    "ServiceError",
    "Services",
    "exit_on_signals",
    "find_pg_binary",
    "free_port",
]

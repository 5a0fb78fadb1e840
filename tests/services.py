"""What a test does when a server it needs (chromium, clamd, redis-server) is not installed.

`make test` installs them first (localservices/install.py) and sets TEST_SERVICES=required, and CI sets CI: there a
missing server fails the test, since a skipped test would prove nothing. Elsewhere (a bare `pytest`) it is skipped.
"""

import os

import pytest


def missing(reason):
    if os.environ.get("CI") or os.environ.get("TEST_SERVICES") == "required":
        pytest.fail(f"{reason}; `make test` installs it (localservices/install.py)")
    pytest.skip(reason)

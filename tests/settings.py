"""Settings for the test suite: the project's settings with test-only shortcuts."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "0123456789" * 3)

from hldportal.settings import *  # noqa: F403

# No virus scanning unless a test asks for it, whatever the environment says.
CLAMD_SOCKET = CLAMD_HOST = ""

# Speed: password hashing strength is irrelevant to what the tests check.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests don't run collectstatic; the manifest storage would fail on every {% static %}.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Serve static files from the apps' folders, as in development; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Most tests look at pages as Django renders them; the page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0

# Tests run over plain HTTP, as a developer's machine does.
SECURE_SSL_REDIRECT = False

# An address unlike the test client's Host, so a link built from the request instead of the setting shows.
SITE_URL = "https://portal.example.org"

# A cache of the suite's own, one per pytest-xdist worker, whatever REDIS_URL says: every test empties it
# (tests/conftest.py), and a rate limit counted by one worker's test must not refuse another's, nor a test empty the
# cache of `make run`. The tests of Redis start their own.
CACHES = {
    "default": {
        "BACKEND": "delivery.cache.SharedFileCache",
        "LOCATION": VAR_DIR / "test-cache" / os.environ.get("PYTEST_XDIST_WORKER", "main"),  # noqa: F405
    }
}

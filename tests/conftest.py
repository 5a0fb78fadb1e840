import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

pytest_plugins = ["tests.submission_fixtures"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached pages of one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own folder, removed with it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Submitted files go to a private folder of each test's own."""
    storage = settings.STORAGES["submissions"]
    location = tmp_path / "private"
    settings.STORAGES = {**settings.STORAGES, "submissions": {**storage, "OPTIONS": {"location": location}}}
    return location


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request in another language leaves that language active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def demo(media_root):
    """The demo content that ``make run`` shows: the seed pages' events, sessions, documents and submissions (its
    files, the stand-in lead photo among them, in a temporary MEDIA_ROOT)."""
    call_command("load_demo", stdout=io.StringIO())

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from common.compiled import forget_compiled

pytest_plugins = ["tests.submission_fixtures", "tests.scanner_fixtures"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached pages of one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_compiled_queries():
    """A test may replace a constant a compiled query was built with (common/compiled.py)."""
    forget_compiled()


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


@pytest.fixture
def programme(demo):
    """The Dialogue's sessions with dates and times, as an editor enters them from a programme.

    The demo states none (the seeds give none); the calendar and schema.org tests need timed sessions: plenary
    meetings and round tables 1-2 on 3 October 2013, 3-4 on 4 October, 10 a.m.-1 p.m. and 3-6 p.m.
    """
    from events.models import Session

    for session in Session.objects.filter(event__slug="hld-2013"):
        day = 3 if session.number <= 2 else 4
        morning = session.number % 2 == 1
        session.date = datetime.date(2013, 10, day)
        session.start_time = datetime.time(10 if morning else 15)
        session.end_time = datetime.time(13 if morning else 18)
        session.save()

"""The Redis cache (REDIS_URL): one redis-py client per server, shared by every operation and by forked workers."""

import multiprocessing

import pytest
from django.core.cache import caches

from delivery.cache import cache_get_many
from localservices import Redis, ServiceError, Services
from tests.services import missing


@pytest.fixture
def redis_cache(tmp_path, settings):
    try:
        redis = Redis(folder=tmp_path)
    except ServiceError as error:
        missing(str(error))
    with Services() as services:
        url = services.start(redis).url()
        settings.CACHES = {"default": {"BACKEND": "delivery.cache.SharedRedisCache", "LOCATION": url}}
        yield caches["default"]


def _set_in_child(key):
    caches["default"].set(key, "from the child", 60)


def test_every_operation_uses_the_same_client_and_a_forked_worker_its_own_connections(redis_cache):
    redis_cache.set("page", "cached", 60)
    client = redis_cache._cache.get_client()

    assert cache_get_many(["page", "missing"]) == {"page": "cached"}
    assert redis_cache._cache.get_client(write=True) is client
    # gunicorn forks its workers from a master that loaded Django (preload_app): a client made before the fork
    # must not hand the child the parent's sockets.
    child = multiprocessing.get_context("fork").Process(target=_set_in_child, args=("child",))
    child.start()
    child.join(timeout=30)

    assert child.exitcode == 0
    assert redis_cache.get("child") == "from the child"
    assert redis_cache.get("page") == "cached"

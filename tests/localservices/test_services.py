"""localservices against the real servers: each answers once started, and nothing of it is left once stopped."""

import socket

import pytest

from localservices import Postgres, Redis, ServiceError, Services
from localservices.processes import port_is_free
from localservices.servers import answers
from tests.services import missing


@pytest.fixture
def postgres():
    try:
        return Postgres.throwaway()
    except ServiceError as error:
        missing(str(error))


def test_a_throwaway_cluster_answers_then_leaves_nothing(postgres):
    with Services() as services:
        services.start(postgres)
        with postgres.connect() as db:
            assert db.execute("SELECT 1").fetchone() == (1,)

    assert not postgres.data.parent.exists()
    assert port_is_free(postgres.port)


def test_a_stopped_cluster_starts_again_on_its_port(postgres):
    with Services() as services:
        services.start(postgres)
        port = postgres.port
        postgres.stop("immediate")
        assert port_is_free(port)

        postgres.start()

        assert postgres.port == port
        with postgres.connect() as db:
            assert db.execute("SELECT 1").fetchone() == (1,)


def test_redis_answers_ping_then_stops_with_its_port_freed(tmp_path):
    try:
        redis = Redis(folder=tmp_path, log=tmp_path / "redis.log", maxmemory="8mb")
    except ServiceError as error:
        missing(str(error))
    with Services() as services:
        services.start(redis)
        assert answers(socket.AF_INET, ("127.0.0.1", redis.port), b"PING\r\n", b"+PONG")
        assert redis.url() == f"redis://127.0.0.1:{redis.port}/0"

    assert not redis.running()
    assert port_is_free(redis.port)


class Recorder:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def start(self):
        self.log.append(f"start {self.name}")

    def stop(self):
        self.log.append(f"stop {self.name}")


def test_services_stop_in_reverse_order_when_the_block_fails():
    log = []

    def fail():
        with Services() as services:
            services.start(Recorder("database", log))
            services.start(Recorder("cache", log))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()

    assert log == ["start database", "start cache", "stop cache", "stop database"]

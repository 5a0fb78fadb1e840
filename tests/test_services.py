"""tests/services.py: a missing server skips a test only outside `make test` and CI."""

import pytest

from tests.services import missing


@pytest.mark.parametrize(("name", "value"), [("TEST_SERVICES", "required"), ("CI", "true")])
def test_under_make_test_or_ci_a_missing_server_fails(monkeypatch, name, value):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TEST_SERVICES", raising=False)
    monkeypatch.setenv(name, value)

    with pytest.raises(pytest.fail.Exception, match="no clamd; `make test` installs it"):
        missing("no clamd")


def test_elsewhere_a_missing_server_skips(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TEST_SERVICES", raising=False)

    with pytest.raises(pytest.skip.Exception, match="no clamd"):
        missing("no clamd")

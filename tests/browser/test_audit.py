"""The accessibility check itself: axe-core really runs in the browser and its report names what to fix."""

import pytest

from tests.browser.conftest import EXT

pytestmark = pytest.mark.browser


def test_audit_reports_what_axe_finds(page, audit, tmp_path):
    audit.folder = tmp_path
    page.set_content('<html lang="en"><title>Test</title><main><h1>Test</h1><img src="x.png"></main></html>')

    audit.check(page, "broken")

    assert (tmp_path / f"broken{EXT}").exists()
    with pytest.raises(AssertionError) as failure:
        audit.assert_clean()
    report = str(failure.value)
    assert "broken (about:blank)" in report
    assert "image-alt [critical]" in report
    assert "target: img" in report
    assert 'html:   <img src="x.png">' in report


def test_audit_reports_a_page_wider_than_a_phone(page, audit, tmp_path):
    audit.folder = tmp_path
    page.set_content('<html lang="en"><title>Test</title><main><h1>Test</h1><pre>' + "x" * 200 + "</pre></main></html>")

    audit.visit(page, "wide", phone=True)

    assert {path.name for path in tmp_path.iterdir()} == {f"wide{EXT}", f"wide-phone{EXT}"}
    with pytest.raises(AssertionError, match=r"wide-phone \(about:blank\): \d+px wider than a 320px screen"):
        audit.assert_clean()

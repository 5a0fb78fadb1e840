"""Real-browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Every test here is marked `browser` (`pytest -m "not browser"` leaves them out). Without a `chromium` on PATH they
are skipped, except under `make test` (which installs Debian's package with apt) and in CI, where they fail.
`playwright install` is neither needed nor used.

Each page a test visits goes through `audit.visit(page, name)`: a full-page screenshot in SCREENSHOTS/<name>.png
and an axe-core check (with `phone=True`, also at 390x844: `<name>-phone.png`, axe again; and at 320 px wide, no
sideways scrolling). The findings are collected; `audit.assert_clean()` at the end of the test fails with all of
them, rule by rule.
"""

import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.services import missing

# Playwright's sync API keeps an event loop running in the main thread for the rest of the session (its fixtures are
# session scoped), so without this Django refuses every ORM call with SynchronousOnlyOperation: in these tests and in
# every test that runs after them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# `make screenshots` sets SCREENSHOTS_DIR=docs/screenshots; other runs keep the tree clean.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR") or Path(tempfile.gettempdir()) / "hldportal-screenshots")
# Screenshots for docs/ are JPEG to keep the repository small; other runs keep lossless PNG to look at.
IMAGE = {"type": "jpeg", "quality": 70} if os.environ.get("SCREENSHOTS_DIR") else {"type": "png"}
EXT = ".jpg" if IMAGE["type"] == "jpeg" else ".png"
PHONE = {"width": 390, "height": 844}
# The narrowest width content must fit without scrolling sideways (WCAG 1.4.10, reflow): 320 CSS pixels.
REFLOW = {"width": 320, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_runtest_setup(item):
    if CHROMIUM is None:
        missing("no `chromium` on PATH: install Debian's package (apt-get install chromium) to run browser tests")


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """pytest-playwright's own `base_url` (used when pytest-base-url is not installed), as a plain function.

    pytest-playwright 0.10 defines it as an instance method, which pytest 9.2 deprecates with a PytestRemovedIn10Warning
    (an error here); this override gives the same value (`--base-url` or the `base_url` ini setting) without it.
    """
    return pytestconfig.getoption("base_url") or pytestconfig.getini("base_url")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def site(live_server):
    """The live server's address, with the demo content in its database (emptied after each test)."""
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


class Audit:
    """Screenshots and axe-core checks of the pages a test visits; the findings are reported together at the end."""

    axe = Axe()

    def __init__(self, folder=SCREENSHOTS):
        self.folder = folder
        self.failures = []

    def visit(self, page, name, *, phone=False):
        """Screenshot and check the page; with `phone`, also at a phone's width (`<name>-phone.png`)."""
        self.check(page, name)
        if phone:
            page.set_viewport_size(PHONE)
            self.check(page, f"{name}-phone")
            page.set_viewport_size(REFLOW)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                self.failures.append(f"{name}-phone ({page.url}): {overflow}px wider than a {REFLOW['width']}px screen")
            page.set_viewport_size(DESKTOP)

    def check(self, page, name, *, rules_off=()):
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.folder / f"{name}{EXT}", full_page=True, **IMAGE)
        off = {rule: {"enabled": False} for rule in rules_off}
        results = self.axe.run(page, options={"resultTypes": ["violations"], "rules": off})
        if results.violations_count:
            self.failures.append(self.describe(name, page.url, results.response["violations"]))

    @staticmethod
    def describe(name, url, violations):
        lines = [f"{name} ({url}): {len(violations)} axe violation(s)"]
        for violation in violations:
            lines.append(f"  {violation['id']} [{violation['impact']}] {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                lines.append(f"    target: {', '.join(map(str, node['target']))}")
                lines.append(f"    html:   {' '.join(node['html'].split())}")
                summary = " ".join((node.get("failureSummary") or "").split())
                if summary:
                    lines.append(f"    why:    {summary}")
        return "\n".join(lines)

    def assert_clean(self):
        report = "\n\n".join(self.failures)
        if report:
            print(report)
        assert not self.failures, "accessibility violations found by axe-core:\n" + report


@pytest.fixture
def audit():
    return Audit()


@pytest.fixture
def editor_page(page, site):
    output = io.StringIO()
    call_command("create_demo_editor", "--force", stdout=output)
    password = output.getvalue().split("password: ")[1].strip()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    return page

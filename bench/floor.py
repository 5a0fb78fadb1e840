"""The floor of any Django page: the saved HTML of the event page, rendered through a template, no database.

``scripts/bench`` (bench/run.py) runs the site with ``DJANGO_SETTINGS_MODULE=bench.settings``, whose URLs
add this view at ``/__bench__/floor/``. The request goes through every middleware and context processor, as a
real page does.
"""

import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template import engines


@cache
def _template():
    path = Path(os.environ.get("BENCH_FLOOR_HTML") or Path(settings.VAR_DIR) / "event.html")
    # Compiled once per process, like a template from the cached loader; its text has no tags to run.
    return engines["django"].from_string(path.read_text(encoding="utf-8"))


def floor(request):
    return HttpResponse(_template().render({}, request))

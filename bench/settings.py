"""The site's settings with the benchmark's URLs (see ``bench/floor.py``); used only by ``scripts/bench``."""

from hldportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

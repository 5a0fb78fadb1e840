"""The load and fault scenarios of ``make stress``: ``stress`` runs them (the services, the site, the report),
``scenarios/`` holds one module per scenario, ``visitors`` the HTTP side, ``figures`` and ``stream`` what they
measure, ``report`` the Markdown of docs/reliability.md."""

import sys

# gunicorn as the scenarios run it (reliability.stress), as the report states it.
GUNICORN = {"workers": 3, "threads": 4, "timeout": 60}


def say(message):
    print(f"stress: {message}", file=sys.stderr, flush=True)

#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hldportal.settings")
    # A checkout without a secret key is a developer's: manage.py runs there with nothing set. Production sets
    # SECRET_KEY, so DEBUG stays off by default; the web server (wsgi.py) never takes this shortcut.
    if "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "true")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

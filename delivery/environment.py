"""Settings read from the environment, strictly: a value that is not understood stops the site with a message naming
the variable. Read loosely, a typo in a yes-or-no setting (``SECURE_SSL_REDIRECT=ture``) turned a protection off
without a word, and a malformed number (``PAGE_CACHE_SECONDS=10m``) stopped the site with a bare ValueError.

Without Django's settings (deploy/gunicorn.conf.py reads these before any exist): the environment only.
"""

from django.core.exceptions import ImproperlyConfigured

YES = frozenset({"1", "true", "yes", "on"})
NO = frozenset({"0", "false", "no", "off"})


def flag(environ, name, default):
    """The yes-or-no setting ``name``: ``default`` if it is unset or blank."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in YES | NO:
        return value.lower() in YES
    raise ImproperlyConfigured(f"{name}={value!r} is neither yes nor no: write true or false (1 or 0, on or off).")


def number(environ, name, default, *, minimum=0, kind=int):
    """The number ``name`` (a whole one, or of ``kind``), at least ``minimum``: ``default`` if it is unset or blank."""
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        result = kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number: write one, e.g. {name}={default}.") from None
    if not result >= minimum:  # also NaN
        raise ImproperlyConfigured(f"{name}={value!r} is below {minimum}.")
    return result


def listed(environ, name, default=""):
    """The comma-separated list ``name``, its items without their spaces."""
    return [item.strip() for item in environ.get(name, default).split(",") if item.strip()]

"""Which proxies may name the visitor's address and scheme: one decision, for Django's settings and gunicorn's.

Without Django (deploy/gunicorn.conf.py reads it before any settings exist): the environment only.
"""

from .environment import flag, listed

LOOPBACK = "127.0.0.1,::1"


def trusted_proxies(environ):
    """``TRUSTED_PROXIES`` (addresses or networks) if set; else loopback when BEHIND_PROXY (by default when DEBUG is
    off: nginx on the same machine), and nothing when the app server faces visitors itself."""
    default = LOOPBACK if flag(environ, "BEHIND_PROXY", not flag(environ, "DEBUG", False)) else ""
    return listed(environ, "TRUSTED_PROXIES", default)

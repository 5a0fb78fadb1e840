"""Access logs without private links: the token of a submitter's status address never reaches a log.

The status page's address is the only key to it (only its hash is stored), so gunicorn's access log and
Django's development server log it as ``/en/submissions/status/[masked]/``. deploy/nginx.conf does the same
with a ``map``.
"""

import logging
import re

from gunicorn.glogging import Logger

STATUS_TOKEN = re.compile(r"(/submissions/status/)[^/?\s\"]+")


def mask(text):
    return STATUS_TOKEN.sub(r"\1[masked]", text)


class MaskedGunicornLogger(Logger):
    """Gunicorn's logger with the status token masked in the request line, path and referer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        return atoms


class MaskStatusTokens(logging.Filter):
    """For Django's development server log (``django.server``): the same masking, on the formatted line."""

    def filter(self, record):
        record.msg = mask(record.getMessage())
        record.args = ()
        return True

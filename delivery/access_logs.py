"""Access logs without private links: the token of a submitter's status address never reaches a log.

The status page's address is the only key to it (only its hash is stored), so every log shows it as
``/en/submissions/status/[masked]/``: gunicorn's access and error logs, and every record of Django's logging
(a CSRF refusal or a request's warning names the path). deploy/nginx.conf does the same with a ``map``.
"""

import logging
import re

from gunicorn.glogging import Logger

STATUS_TOKEN = re.compile(r"(/submissions/status/)[^/?\s\"]+")


def mask(text):
    return STATUS_TOKEN.sub(r"\1[masked]", text)


class MaskedGunicornLogger(Logger):
    """Gunicorn's logger with the status token masked in the request line, path and referer, and in its errors."""

    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn.error does not propagate to Django's handlers: "Error handling request <path>" is masked here.
        # One filter, whatever the number of setups (gunicorn sets its logger up again on each reload).
        self.error_log.addFilter(MASK_STATUS_TOKENS)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask(atoms[key])
        return atoms


class MaskStatusTokens(logging.Filter):
    """The same masking on a whole log record: its message with its arguments, its traceback and its stack.

    On every handler in LOGGING (a handler's filter sees the records of every logger that reaches it).
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: the handler reports that, still masked
            message = str(record.msg)
        record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class WithoutTraceback(logging.Filter):
    """A record said in one line, without its traceback: for refusals that are not the site's own error."""

    def filter(self, record):
        record.exc_info = record.exc_text = None
        return True


MASK_STATUS_TOKENS = MaskStatusTokens()

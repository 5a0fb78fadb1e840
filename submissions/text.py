"""What text a submitter may type: valid Unicode, one line where one line is asked, addresses of legal length."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# RFC 5321, 4.5.3.1: a local part of at most 64 octets, a domain of at most 255, a path of at most 256 with
# its angle brackets, so an address of at most 254.
MAX_LOCAL_PART = 64
MAX_DOMAIN = 255
MAX_ADDRESS = 254
# Characters that reorder the text around them (embeddings, overrides, isolates).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_text(value):
    """Refuse text that was not valid UTF-8 when sent: the decoder turned those bytes into U+FFFD."""
    if "\ufffd" in value:
        raise ValidationError(
            _("This text holds characters that could not be read (it was not sent as valid UTF-8): type it again."),
            code="invalid_utf8",
        )


def check_single_line(value):
    """Refuse control characters (line breaks, tabs, NUL...), Unicode's line and paragraph separators and direction
    overrides in a one-line field."""
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _("This field must be one line of text, without line breaks or control characters."), code="control"
        )


def check_email_lengths(address):
    local, _at, domain = address.rpartition("@")
    if len(local.encode()) > MAX_LOCAL_PART or len(domain.encode()) > MAX_DOMAIN or len(address.encode()) > MAX_ADDRESS:
        raise ValidationError(
            _("This email address is longer than email allows (64 characters before the @, 254 in all)."),
            code="email_length",
        )
    return address


def header_safe(text):
    """``text`` fit for an email subject: no control or direction characters, whitespace folded."""
    kept = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text if ch not in BIDI_CONTROLS)
    return " ".join(kept.split())

"""UN document symbols: "A/RES/63/225", "A/68/292/Add.1", "S/RES/2118 (2013)".

A symbol is an organ's letters followed by slash-separated parts; reissues end
in ``/Add.N``, ``/Corr.N``, ``/Rev.N`` or ``/Amend.N``. Symbols are stored in
their normal form: upper case, no spaces around slashes, title-case suffixes.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REISSUE_SUFFIXES = ("Add", "Corr", "Rev", "Amend")

SYMBOL_RE = re.compile(
    r"""
    ^[A-Z]{1,10}                                   # the organ: A, E, S, ST, CCPR...
    (?:/(?!(?:ADD|CORR|REV|AMEND)\.)[A-Z0-9]+(?:[.\-][A-Z0-9]+)*)+  # series, session, number: RES, C.3, L.21
    (?:/(?:Add|Corr|Rev|Amend)\.\d{1,3})*          # reissues, possibly stacked: /Rev.1/Add.2
    (?:\ \(\d{4}\))?$                              # Security Council resolutions: " (2013)"
    """,
    re.VERBOSE,
)

_SUFFIX_RE = re.compile(r"^(ADD|CORR|REV|AMEND)\.(\d{1,3})$")


def normalise_symbol(value):
    """Return the normal form of a symbol as typed ("a/res/63/225 " -> "A/RES/63/225")."""
    value = re.sub(r"\s*/\s*", "/", (value or "").strip())
    value = re.sub(r"\s+", " ", value).upper()
    value = re.sub(r"\s*\(\s*(\d{4})\s*\)$", r" (\1)", value)
    parts = value.split("/")
    for index, part in enumerate(parts):
        if match := _SUFFIX_RE.match(part):
            parts[index] = f"{match[1].title()}.{match[2]}"
    return "/".join(parts)


def validate_symbol(value):
    if not SYMBOL_RE.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a UN document symbol. Write it as in A/RES/63/225, A/68/292 or A/68/292/Add.1."),
            code="invalid_symbol",
            params={"value": value},
        )


def looks_like_symbol(text):
    """Whether a search text is a symbol, so that search can go straight to its document."""
    return bool(text) and "/" in text and bool(SYMBOL_RE.match(normalise_symbol(text)))


def symbol_slug(symbol):
    """The symbol as a file-name part: "A/68/292/Add.1" -> "A-68-292-Add.1"."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", symbol).strip("-")

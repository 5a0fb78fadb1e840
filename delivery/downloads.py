"""Stored files as responses: typed by their checked content, never sniffed, never able to run script in our origin."""

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def stored_file_response(file, *, content_type, filename=None, as_attachment=True, language=None):
    """``file`` (a stored FieldFile) served with its checked type, ``nosniff`` and a sandboxing CSP, and the
    ``language`` it is written in, if known (else the page's, as Django's LocaleMiddleware adds it); a 404 if its
    row names a file the storage no longer holds."""
    try:
        opened = file.open("rb")
    except FileNotFoundError:
        # The visitor gets the page for a missing page, not a server error; the operator learns which file is gone
        # (`make backup` names them all).
        logger.error("A row names %s, which is not in its storage.", file.name)
        raise Http404 from None
    response = FileResponse(
        opened,
        as_attachment=as_attachment,
        filename=filename or "",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even a file a browser renders (a PDF, an image) runs no script and reaches nothing in our origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if language:
        # The file's own: the Spanish version, downloaded from a French page, is not French.
        response["Content-Language"] = language
    return response

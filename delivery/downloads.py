"""Stored files as responses: typed by their checked content, never sniffed, never able to run script in our origin."""

from django.http import FileResponse


def stored_file_response(file, *, content_type, filename=None, as_attachment=True, language=None):
    """``file`` (a stored FieldFile) served with its checked type, ``nosniff`` and a sandboxing CSP, and the
    ``language`` it is written in, if known (else the page's, as Django's LocaleMiddleware adds it)."""
    response = FileResponse(
        file.open("rb"),
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

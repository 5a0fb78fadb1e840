"""The two inline pieces the admin's rich-text editor needs, allowed by their hashes, never by 'unsafe-inline'."""

import base64
import functools
import hashlib

from django_prose_editor.widgets import importmap

# Tiptap, inside django-prose-editor, injects its base CSS as a <style> element. Its hash for the pinned
# django-prose-editor 0.28.0; tests/security/test_deploy.py recomputes it from the shipped editor.js.
TIPTAP_STYLE_SOURCE = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


@functools.cache
def importmap_source():
    """The CSP source of the rich-text editor's import map: its content's SHA-256.

    The content only holds static file addresses, fixed for the life of a
    deployment, so the hash is worked out once per process.
    """
    rendered = str(importmap.render())
    content = rendered.split(">", 1)[1].rsplit("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
    return f"'sha256-{digest}'"


class AdminEditorCSPMiddleware:
    """On admin pages, allow the rich-text editor's import map and Tiptap's style element, by hash."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_update = {"script-src": [importmap_source()], "style-src": [TIPTAP_STYLE_SOURCE]}
        return response

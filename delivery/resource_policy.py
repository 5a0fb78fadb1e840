"""Cross-Origin-Resource-Policy: no other site may load the site's answers into its own pages.

A page elsewhere could otherwise embed a download, a submission's file or a lead photo (an ``<img>``, a
``<script>``) and have the browser fetch it with the visitor's cookies. The API says ``cross-origin`` itself
(common/api.py): other sites read it, by CORS.
"""


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy: same-origin`` on every answer that names no policy of its own.

    Outside the page cache and WhiteNoise, so that cached pages and static files carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

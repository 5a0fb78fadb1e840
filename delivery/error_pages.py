"""The site's own page for an error that a view answered with no body: a method the address does not take (405)
comes from Django's views and decorators as an empty response, which a browser shows as a blank page."""

from django.template.loader import render_to_string

# The empty answers a visitor can meet, and the page that explains each.
PAGES = {405: "405.html"}


class ErrorPageMiddleware:
    """Fill an empty error response with the site's page for its status, in the language of the address (the
    API's answers have a body of their own, JSON, and are left as they are)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in PAGES and not response.streaming and not response.content:
            response.content = render_to_string(PAGES[response.status_code])
            response["Content-Type"] = "text/html; charset=utf-8"
            # CommonMiddleware, inside this one, measured the empty body: servers send what the header says.
            response["Content-Length"] = str(len(response.content))
        return response

"""Not Modified answers for what carries its own validator."""

from django.middleware.http import ConditionalGetMiddleware


class ValidatedResponsesMiddleware(ConditionalGetMiddleware):
    """A 304 for a response whose ETag or Last-Modified the client already holds: feeds, calendars and sitemaps
    carry one (common.views.with_content_etag) for the readers and calendar apps that poll them. nginx answered
    those questions in front of gunicorn; without it (make run) every poll downloaded the whole file.

    It makes no ETag of its own: hashing every page would cost each request, for pages nobody polls."""

    def needs_etag(self, response):
        return False

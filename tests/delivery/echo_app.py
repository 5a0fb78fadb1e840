"""A WSGI application that answers every request with 200, for tests of the servers' own logging."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]

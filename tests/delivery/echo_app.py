"""A WSGI application that answers every request with 200, for tests of the servers' own logging; at /gc/, with
the worker's garbage collector settings (its frozen objects and its young generation's threshold)."""

import gc
import json


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    if environ["PATH_INFO"] == "/gc/":
        return [json.dumps({"frozen": gc.get_freeze_count(), "young": gc.get_threshold()[0]}).encode()]
    return [b"ok"]

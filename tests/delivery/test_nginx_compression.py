"""deploy/nginx.conf compresses a page once, on its way into the micro-cache, and serves the compressed copy
to every browser that accepts gzip; a client that does not gets the page as it is. What the site reads of the
request (Host, X-Forwarded-For, X-Forwarded-Proto, X-Real-IP) reaches it unchanged through the extra hop. A page
is kept no longer than MICRO_CACHE: once that is over, nobody gets the old copy. What nginx answers itself (static
files, its own 404s) carries the headers that Django's responses carry. Only nginx reaches the internal server, with
GET and HEAD only; a Host that is not the site's gets no answer."""

import gzip
import http.client
import json
import shutil
import socket
import stat
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from localservices import Nginx, Services, free_port
from localservices.servers import nginx_user
from tests.services import missing

PAGE = ("<!DOCTYPE html><html><body>" + "<p>High-level dialogue on migration and development.</p>" * 400
        + "</body></html>").encode()  # fmt: skip


class Upstream(BaseHTTPRequestHandler):
    """Stands for gunicorn: a page at /page/, the headers of every request it was sent at /seen/."""

    seen = []
    # What /now/ says: the page as the site has it at this moment.
    now = b"published"

    def do_GET(self):
        if self.path == "/seen/":
            body, kind = json.dumps(Upstream.seen).encode(), "application/json"
        elif self.path == "/now/":
            body, kind = Upstream.now, "text/plain"
        else:
            Upstream.seen.append({key.lower(): value for key, value in self.headers.items()})
            body, kind = PAGE, "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path, request):
    micro_cache = getattr(request, "param", "60s")
    if not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")):
        missing("nginx is not installed")
    Upstream.seen, Upstream.now = [], b"published"
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port()), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    server = Nginx(
        port=port, run_dir=tmp_path / "nginx", ready_path="/seen/",
        values={"NGINX_USER": nginx_user(tmp_path), "UPSTREAM": f"127.0.0.1:{upstream.server_port}",
                "STATIC_ROOT": tmp_path, "MICRO_CACHE": micro_cache, "MAX_BODY": "1m", "ADMIN_MAX_BODY": "1m",
                "ACCESS_LOG": "off", "SERVER_NAME": "127.0.0.1 portal.example.org"},
    )  # fmt: skip
    try:
        with Services() as services:
            services.start(server)
            Upstream.seen = []
            yield port
    finally:
        upstream.shutdown()
        upstream.server_close()


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def test_a_browser_gets_the_compressed_page_from_the_cache_compressed_once(nginx):
    first, first_body = get(nginx, "/page/", **{"Accept-Encoding": "gzip, deflate, br"})
    second, second_body = get(nginx, "/page/", **{"Accept-Encoding": "gzip, deflate, br"})

    assert first.getheader("Content-Encoding") == second.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(second_body) == PAGE
    assert second.getheader("X-Micro-Cache") == "HIT"
    assert "Accept-Encoding" in second.getheader("Vary")
    # Another browser's way of saying it is answered from the same copy.
    other, other_body = get(nginx, "/page/", **{"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert other.getheader("X-Micro-Cache") == "HIT"
    assert other_body == first_body
    # gunicorn was asked once, for a gzip copy, and the cache stores the copy nginx compressed.
    assert [request["accept-encoding"] for request in Upstream.seen] == ["gzip"]
    assert second_body == first_body


def test_a_client_without_gzip_gets_the_page_as_it_is(nginx):
    get(nginx, "/page/", **{"Accept-Encoding": "gzip"})
    response, body = get(nginx, "/page/")
    again, _body = get(nginx, "/page/", **{"Accept-Encoding": "identity"})

    assert response.getheader("Content-Encoding") is None
    assert body == PAGE
    assert again.getheader("X-Micro-Cache") == "HIT"
    assert [request.get("accept-encoding", "") for request in Upstream.seen] == ["gzip", ""]


def test_what_the_site_reads_of_the_request_passes_the_extra_hop_unchanged(nginx):
    get(nginx, "/page/?who", **{"X-Forwarded-For": "203.0.113.9", "Host": "portal.example.org"})

    (request,) = Upstream.seen
    assert request["host"] == "portal.example.org"
    assert request["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert request["x-real-ip"] == "127.0.0.1"
    assert request["x-forwarded-proto"] == "http"


@pytest.mark.parametrize("nginx", ["1s"], indirect=True)
def test_once_the_micro_cache_time_is_over_nobody_gets_the_old_page(nginx):
    cached, cached_body = get(nginx, "/now/")
    time.sleep(3)  # the page was unpublished meanwhile; nobody asked for it since
    Upstream.now = b"unpublished"

    response, body = get(nginx, "/now/")

    assert (cached_body, cached.getheader("X-Micro-Cache")) == (b"published", "MISS")
    assert (body, response.getheader("X-Micro-Cache")) == (b"unpublished", "EXPIRED")


@pytest.mark.parametrize("name", ["img/logo.svg", "img/logo.0123456789ab.svg"])
def test_a_static_file_opened_on_its_own_runs_no_script_and_goes_in_no_frame(nginx, tmp_path, name):
    """nginx serves the collected files itself: an SVG is a document that could hold a script."""
    (tmp_path / "img").mkdir(exist_ok=True)
    (tmp_path / name).write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

    response, _body = get(nginx, f"/static/{name}")

    assert response.status == 200
    assert response.getheader("Content-Security-Policy").startswith("default-src 'none';")
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("X-Content-Type-Options") == "nosniff"


SITE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@pytest.mark.parametrize("path", ["/static/css/site.0123456789ab.css", "/static/css/site.css"])
def test_a_static_file_carries_every_header_of_the_site(nginx, tmp_path, path):
    (tmp_path / "css").mkdir(exist_ok=True)
    (tmp_path / path.removeprefix("/static/")).write_text("body { margin: 0 }")

    response, _body = get(nginx, path)

    assert response.status == 200
    assert {name: response.getheader(name) for name in SITE_HEADERS} == SITE_HEADERS


@pytest.mark.parametrize(
    "path", ["/media/lead-images/x.jpg", "/-/submissions/x.pdf", "/static/staticfiles.json", "/static/missing.css"]
)
def test_what_nginx_refuses_itself_is_not_found_with_every_header_of_the_site(nginx, tmp_path, path):
    (tmp_path / "staticfiles.json").write_text('{"paths": {}}')

    response, body = get(nginx, path)

    assert response.status == 404
    assert b"paths" not in body
    assert {name: response.getheader(name) for name in SITE_HEADERS} == SITE_HEADERS
    assert response.getheader("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'"
    assert Upstream.seen == []


def test_a_host_that_is_not_the_site_s_gets_no_answer(nginx):
    with pytest.raises(http.client.RemoteDisconnected):
        get(nginx, "/page/", Host="evil.example")

    assert Upstream.seen == []


def test_only_nginx_s_workers_may_enter_the_internal_server_s_folder(nginx, tmp_path):
    folder = tmp_path / "nginx" / "internal"

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert folder.owner() == nginx_user(tmp_path)
    assert stat.S_ISSOCK((folder / "compress.sock").stat().st_mode)


@pytest.mark.parametrize(("method", "status"), [("GET", 200), ("POST", 403), ("PUT", 403), ("DELETE", 403)])
def test_the_internal_server_takes_only_get_and_head(nginx, tmp_path, method, status):
    connection = http.client.HTTPConnection("localhost", timeout=10)
    connection.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.sock.connect(str(tmp_path / "nginx" / "internal" / "compress.sock"))
    try:
        connection.request(method, "/page/", headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()

    assert response.status == status
    assert len(Upstream.seen) == (1 if status == 200 else 0)

"""The visitor's address and scheme, taken from proxy headers only when a trusted proxy sent them.

Behind nginx every connection comes from nginx, which passes the visitor's
address in ``X-Real-IP`` and ``X-Forwarded-For`` and the scheme in
``X-Forwarded-Proto``. Anyone who reaches the app server directly could send
the same headers, so they count only when the connection comes from an
address in ``TRUSTED_PROXIES``. The submission rate limit and the sign-in
lockout (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) both use
``client_ip()``.
"""

import functools
import ipaddress

from django.conf import settings

# Headers only a trusted proxy may set; from anyone else they are removed before Django reads them.
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP")


@functools.cache
def networks(entries):
    """``entries`` (addresses or networks, e.g. "127.0.0.1", "10.0.0.0/8") as ip_network objects."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def parse_address(value):
    """``value`` as a normalised IP address string, or None when it is not one address."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def is_trusted_proxy(address):
    address = parse_address(address)
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks(tuple(settings.TRUSTED_PROXIES)))


def client_network(request):
    """What one visitor's limits count by: their address, or for IPv6 its /64, which a single connection (a home, an
    office) is given whole and may use any address of."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    # The network's first address: what counts must still be an address (django-axes stores it as one).
    return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) if ip.version == 6 else address


def client_ip(request):
    """The visitor's address: the connection's, unless it comes from a trusted proxy that names another.

    From a trusted proxy, ``X-Real-IP`` wins when it holds one valid address; else ``X-Forwarded-For`` is read
    from the right, past every trusted proxy, to the first address that is not one. A header holding anything
    but addresses is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return parse_address(remote) or remote
    real_ip = parse_address(request.META.get("HTTP_X_REAL_IP"))
    if real_ip and not is_trusted_proxy(real_ip):
        return real_ip
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_address(hop)
        if address is None:
            break
        if not is_trusted_proxy(address):
            return address
    return real_ip or parse_address(remote)


class TrustedProxyMiddleware:
    """Drop proxy headers (scheme, host, addresses) from connections that do not come from a trusted proxy.

    First in MIDDLEWARE, so that ``SECURE_PROXY_SSL_HEADER`` is honoured only from a trusted proxy: a request
    straight to gunicorn saying ``X-Forwarded-Proto: https`` is treated as the plain HTTP it is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)

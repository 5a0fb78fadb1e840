"""How pages reach visitors: the page cache, security headers (CSP), proxies and client addresses, access logs."""

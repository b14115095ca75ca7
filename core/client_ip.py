"""The address a request comes from: the one place that decides it, for the
rate limits of the pages (core/ratelimit.py) and of the API
(api/throttling.py). Nothing else reads X-Forwarded-For.

``settings.TRUSTED_PROXIES`` says how many reverse proxies stand in front of
the app. Each appends the address it was connected from to X-Forwarded-For,
so with N of them the N-th entry from the right is the address the outermost
one saw: the client. Entries further left were written by the client itself
and prove nothing. With no trusted proxy (the default) the header is ignored
and the client is ``REMOTE_ADDR``. A value that is not an address, or a header
with fewer entries than there are proxies (a request that came another way
in), is ignored too: the request then counts as coming from ``REMOTE_ADDR``,
the nearest proxy, rather than from whatever it claimed.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Longer than any address with a port; anything longer is not worth parsing.
LONGEST_ENTRY = 64
# An IPv6 client is usually given a whole /64 and can pick any address in it;
# counted per address, it could start afresh with every request.
IPV6_CLIENT_PREFIX = 64


def client_ip(request: HttpRequest) -> str:
    # Set by the server from its socket, not by the client: taken as it is.
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies: int = settings.TRUSTED_PROXIES
    if proxies < 1:
        return remote
    entries = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    if len(entries) < proxies:
        return remote
    return _address(entries[-proxies]) or remote


def rate_limit_ident(request: HttpRequest) -> str:
    """What the rate limits count a request under: the client's IPv4 address,
    or the /64 network of its IPv6 one."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # "unknown", or whatever a test server put there
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # ::ffff:203.0.113.7 is an IPv4 client
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(parsed)


def _address(entry: str) -> str | None:
    """The address in one entry, normalised ("2001:DB8::1" and
    "[2001:db8::1]:443" are both "2001:db8::1"), or None if it holds none."""
    entry = entry.strip()
    if not entry or len(entry) > LONGEST_ENTRY:
        return None
    if entry.startswith("["):  # [IPv6] or [IPv6]:port
        entry, bracket, port = entry[1:].partition("]")
        if not bracket or (port and not (port[0] == ":" and _is_port(port[1:]))):
            return None
    elif entry.count(":") == 1:  # IPv4:port
        entry, _, port = entry.partition(":")
        if not _is_port(port):
            return None
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit()

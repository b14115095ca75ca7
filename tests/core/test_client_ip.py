"""core/client_ip.py: the one place that decides a request's client address.
With no trusted proxy it is REMOTE_ADDR whatever X-Forwarded-For says; with N
trusted proxies it is the N-th address from the right of X-Forwarded-For (the
one the outermost trusted proxy wrote), and values that are not an address
are ignored rather than believed."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from core.client_ip import client_ip, rate_limit_ident

PROXY = "10.0.0.2"


def request_from(remote_addr: str | None = PROXY, forwarded_for: str | None = None):
    request = RequestFactory().get("/")
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


@pytest.fixture
def proxies(settings):
    def trust(count: int) -> None:
        settings.TRUSTED_PROXIES = count

    return trust


@pytest.mark.parametrize("forwarded_for", [None, "203.0.113.7", "1.1.1.1, 203.0.113.7"])
def test_with_no_trusted_proxy_the_header_is_ignored(proxies, forwarded_for):
    proxies(0)
    assert client_ip(request_from("198.51.100.20", forwarded_for)) == "198.51.100.20"


def test_no_trusted_proxy_is_the_default(settings):
    assert settings.TRUSTED_PROXIES == 0
    assert client_ip(request_from("198.51.100.20", "203.0.113.7")) == "198.51.100.20"


@pytest.mark.parametrize(
    ("count", "forwarded_for", "client"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # What a client wrote itself stays on the left: the proxy appends.
        (1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        (1, "1.1.1.1,203.0.113.7", "203.0.113.7"),
        (1, "  203.0.113.7  ", "203.0.113.7"),
        # Two proxies: the outer one wrote the client, the inner one the outer.
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (3, "203.0.113.7, 10.0.0.8, 10.0.0.9", "203.0.113.7"),
        # Written in the forms some proxies use: normalised, port dropped.
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:4711", "2001:db8::1"),
        (1, "[2001:db8::1]", "2001:db8::1"),
        (1, "203.0.113.7:4711", "203.0.113.7"),
    ],
)
def test_with_trusted_proxies_the_outermost_ones_entry_is_the_client(
    proxies, count, forwarded_for, client
):
    proxies(count)
    assert client_ip(request_from(PROXY, forwarded_for)) == client


@pytest.mark.parametrize(
    "forwarded_for",
    [
        None,  # a request that did not come through the proxy
        "",
        "   ",
        "unknown",
        "not-an-address",
        "203.0.113.999",
        "1.1.1.1, ",  # the proxy's own entry is empty
        "203.0.113.7, <script>",
        "::ffff:zz",
        "1" * 10_000,
        "[2001:db8::1",
        "203.0.113.7:port",
    ],
)
def test_a_header_value_that_is_not_an_address_is_ignored(proxies, forwarded_for):
    proxies(1)
    assert client_ip(request_from(PROXY, forwarded_for)) == PROXY


def test_a_header_with_fewer_entries_than_proxies_is_ignored(proxies):
    # Two proxies should have written two entries: with one the request took
    # another way in, and its single entry may be anyone's.
    proxies(2)
    assert client_ip(request_from(PROXY, "203.0.113.7")) == PROXY


def test_without_remote_addr_the_client_is_unknown(proxies):
    proxies(0)
    assert client_ip(request_from(None)) == "unknown"
    proxies(1)
    assert client_ip(request_from(None, "garbage")) == "unknown"
    assert client_ip(request_from(None, "203.0.113.7")) == "203.0.113.7"


# request.META["HTTP_X_FORWARDED_FOR"] or request.headers["X-Forwarded-For"]
READS_THE_HEADER = re.compile(r"X_FORWARDED_FOR|[\[(]\s*[\"']x-forwarded-for", re.IGNORECASE)


def test_nothing_else_reads_the_forwarded_for_header():
    root = Path(__file__).resolve().parents[2]
    readers = {
        str(path.relative_to(root))
        for folder in ("accounts", "api", "config", "core", "predictions", "sources", "reading")
        for path in (root / folder).rglob("*.py")
        if READS_THE_HEADER.search(path.read_text())
    }
    assert readers <= {"core/client_ip.py"}


@pytest.mark.parametrize(
    ("remote_addr", "ident"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
        ("unknown", "unknown"),
    ],
)
def test_the_rate_limits_count_an_ipv6_client_by_its_64(remote_addr, ident):
    # An IPv6 client may take any address of its /64: counted per address it
    # would start afresh with each one.
    assert rate_limit_ident(request_from(remote_addr)) == ident

"""fetch(): a real local server for what a page can do to us, and a table
resolver for where a name can point us. No test reaches the real network."""

import hashlib
import time
from datetime import UTC

import pytest

from sources.capture.fetch import (
    CaptureError,
    CaptureFailed,
    CaptureRefused,
    FetchPolicy,
    check_url,
    fetch,
    parse_content_type,
)
from tests.sources.capture.conftest import (
    ARTICLE_HTML,
    PLAIN_TEXT,
    CaptureServer,
    Resolver,
)

# The local server is on 127.0.0.1 and a random port.
LOCAL = FetchPolicy(allow_loopback=True, max_bytes=10_000, connect_timeout=1.0, read_timeout=1.0)
PUBLIC = FetchPolicy(connect_timeout=1.0, read_timeout=1.0)


def fails(url: str, policy: FetchPolicy) -> CaptureError:
    with pytest.raises(CaptureError) as caught:
        fetch(url, policy)
    return caught.value


# What comes back


def test_fetches_an_html_page(capture_server: CaptureServer) -> None:
    url = capture_server.url("/article")

    fetched = fetch(url, LOCAL)

    assert fetched.requested_url == url
    assert fetched.final_url == url
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.body == ARTICLE_HTML
    assert fetched.sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()
    assert fetched.fetched_at.tzinfo == UTC


def test_fetches_plain_text_without_a_charset(capture_server: CaptureServer) -> None:
    fetched = fetch(capture_server.url("/text"), LOCAL)

    assert (fetched.content_type, fetched.charset, fetched.body) == ("text/plain", None, PLAIN_TEXT)


def test_final_url_is_where_a_redirect_led(capture_server: CaptureServer) -> None:
    fetched = fetch(capture_server.url("/redirect-once"), LOCAL)

    assert fetched.requested_url == capture_server.url("/redirect-once")
    assert fetched.final_url == capture_server.url("/article")
    assert fetched.body == ARTICLE_HTML


def test_follows_as_many_redirects_as_allowed(capture_server: CaptureServer) -> None:
    fetched = fetch(capture_server.url("/chain/5"), LOCAL)

    assert fetched.final_url == capture_server.url("/chain/0")


def test_body_is_content_decoded(capture_server: CaptureServer) -> None:
    fetched = fetch(capture_server.url("/gzip"), LOCAL)

    assert fetched.body == ARTICLE_HTML
    assert fetched.sha256 == hashlib.sha256(ARTICLE_HTML).hexdigest()


def test_a_body_of_exactly_max_bytes_is_kept(capture_server: CaptureServer) -> None:
    assert len(fetch(capture_server.url("/sized/10000"), LOCAL).body) == 10_000


def test_sends_the_policy_user_agent_and_the_real_host(
    capture_server: CaptureServer, resolver: Resolver
) -> None:
    resolver.answers["news.test"] = ["127.0.0.1"]
    policy = FetchPolicy(allow_loopback=True, user_agent="TestCapture/2.0")

    fetch(f"http://news.test:{capture_server.port}/article", policy)

    [request] = capture_server.seen
    assert request.user_agent == "TestCapture/2.0"
    assert request.host == f"news.test:{capture_server.port}"


def test_ignores_proxies_from_the_environment(
    capture_server: CaptureServer,
    resolver: Resolver,
    connects: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A proxy would connect (and be address-checked) somewhere else.
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("http_proxy", "http://proxy.invalid:3128")

    fetch(capture_server.url("/article"), LOCAL)

    assert connects == ["127.0.0.1"]


# The URL itself


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "scheme"),
        ("ftp://example.com/file.txt", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("gopher://example.com/", "scheme"),
        ("example.com/no-scheme", "scheme"),
        ("http://user:pw@example.com/", "credentials"),
        ("http://user@example.com/", "credentials"),
        ("http://@example.com/", "credentials"),
        ("http://example.com:8080/", "port"),
        ("https://example.com:22/", "port"),
        ("http://example.com:http/", "invalid_url"),
        ("http:///no-host", "invalid_url"),
    ],
)
def test_refuses_by_the_url_alone(
    url: str, reason: str, resolver: Resolver, connects: list[str]
) -> None:
    error = fails(url, PUBLIC)

    assert isinstance(error, CaptureRefused)
    assert error.reason == reason
    assert not error.retryable
    assert resolver.lookups == []
    assert connects == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/",
        "https://example.com/a?b=c",
        "HTTPS://Example.com:443/",
        "http://e.com:80",
    ],
)
def test_check_url_lets_web_addresses_through(url: str) -> None:
    check_url(url, PUBLIC)


def test_check_url_lets_any_port_through_for_loopback_tests() -> None:
    check_url("http://127.0.0.1:8000/", LOCAL)
    with pytest.raises(CaptureRefused):
        check_url("file:///etc/passwd", LOCAL)


# Where the name points


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.0.0.1",  # private
        "192.168.1.1",  # private
        "169.254.169.254",  # link-local: cloud metadata
        "0.0.0.0",  # unspecified
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "100.64.0.1",  # carrier-grade NAT
        "::1",  # IPv6 loopback
        "fd00::1",  # IPv6 unique local
        "fe80::1",  # IPv6 link-local
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
    ],
)
def test_refuses_a_name_that_resolves_inward_before_connecting(
    address: str, resolver: Resolver, connects: list[str]
) -> None:
    resolver.answers["internal.test"] = [address]

    error = fails("http://internal.test/", PUBLIC)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "blocked_address"
    assert resolver.lookups == ["internal.test"]
    assert connects == []  # not a byte sent


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/"]
)
def test_refuses_an_inward_ip_literal(url: str, resolver: Resolver, connects: list[str]) -> None:
    error = fails(url, PUBLIC)

    assert error.reason == "blocked_address"
    assert connects == []


def test_refuses_the_local_server_itself_without_allow_loopback(
    capture_server: CaptureServer, connects: list[str]
) -> None:
    # The server the other tests read from, refused once the policy is the
    # production one: on its own port by the port rule, on port 80 by address.
    policy = FetchPolicy(allow_loopback=False)

    assert fails(capture_server.url("/article"), policy).reason == "port"
    assert fails("http://127.0.0.1/article", policy).reason == "blocked_address"
    assert capture_server.seen == []
    assert connects == []


def test_allow_loopback_still_refuses_private_addresses(
    capture_server: CaptureServer, resolver: Resolver, connects: list[str]
) -> None:
    resolver.answers["private.test"] = ["10.0.0.1"]

    error = fails(f"http://private.test:{capture_server.port}/article", LOCAL)

    assert error.reason == "blocked_address"
    assert connects == []


def test_connects_to_the_address_it_checked(
    capture_server: CaptureServer, resolver: Resolver, connects: list[str]
) -> None:
    # DNS rebinding: the name answers a permitted address once, then an
    # inward one. The connection must go where the check looked.
    resolver.answers["flip.test"] = ["127.0.0.1", "10.0.0.1"]

    fetched = fetch(f"http://flip.test:{capture_server.port}/article", LOCAL)

    assert fetched.body == ARTICLE_HTML
    assert resolver.lookups.count("flip.test") == 1
    assert connects == ["127.0.0.1"]


def test_an_unknown_name_is_a_transient_failure(resolver: Resolver, connects: list[str]) -> None:
    error = fails("http://nowhere.test/", PUBLIC)

    assert isinstance(error, CaptureFailed)
    assert error.reason == "connection"
    assert error.retryable


# Every redirect hop


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "ftp://example.com/",
        "http://user:pw@example.com/",
        "http://example.com:6379/",
        "gopher://127.0.0.1:11211/",
    ],
)
def test_the_url_check_refuses_redirect_targets(location: str) -> None:
    # fetch() puts every Location through check_url before following it.
    with pytest.raises(CaptureRefused):
        check_url(location, PUBLIC)


def test_refuses_a_redirect_to_a_file(capture_server: CaptureServer, connects: list[str]) -> None:
    error = fails(capture_server.url("/to-file"), LOCAL)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "scheme"
    assert capture_server.paths() == ["/to-file"]


def test_refuses_a_redirect_with_credentials(capture_server: CaptureServer) -> None:
    error = fails(capture_server.url("/to-creds"), LOCAL)

    assert error.reason == "credentials"
    assert capture_server.paths() == ["/to-creds"]


def test_checks_the_address_of_a_redirect_target(
    capture_server: CaptureServer, resolver: Resolver, connects: list[str]
) -> None:
    # The first hop is allowed (loopback, under LOCAL); the server sends us on
    # to a name that resolves to a private address, refused at connection.
    resolver.answers["private.test"] = ["10.0.0.1"]

    error = fails(capture_server.url("/to-private"), LOCAL)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "blocked_address"
    assert "private.test" in resolver.lookups
    assert connects == ["127.0.0.1"]  # the first hop only


def test_a_redirect_loop_ends(capture_server: CaptureServer) -> None:
    error = fails(capture_server.url("/loop-a"), LOCAL)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "too_many_redirects"
    assert len(capture_server.seen) == LOCAL.max_redirects + 1


def test_a_chain_longer_than_allowed_is_refused(capture_server: CaptureServer) -> None:
    error = fails(capture_server.url("/chain/6"), LOCAL)

    assert error.reason == "too_many_redirects"
    assert "/chain/0" not in capture_server.paths()


# What the server sends


@pytest.mark.parametrize("path", ["/image", "/no-type"])
def test_refuses_what_is_not_a_page(capture_server: CaptureServer, path: str) -> None:
    error = fails(capture_server.url(path), LOCAL)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "wrong_type"


@pytest.mark.parametrize(
    "path",
    [
        "/sized/10001",  # declared one byte too many
        "/big-declared",  # declared, refused before reading
        "/big-stream",  # no length, ends when the server closes
        "/big-chunked",  # chunked
        "/gzip-bomb",  # small on the wire, 5 MB decoded
    ],
)
def test_refuses_a_page_over_the_cap(capture_server: CaptureServer, path: str) -> None:
    error = fails(capture_server.url(path), LOCAL)

    assert isinstance(error, CaptureRefused)
    assert error.reason == "too_large"


@pytest.mark.parametrize(
    ("path", "refused"),
    [("/missing", True), ("/busy", False), ("/unavailable", False)],
)
def test_an_error_status(capture_server: CaptureServer, path: str, refused: bool) -> None:
    error = fails(capture_server.url(path), LOCAL)

    assert error.reason == "http_error"
    assert isinstance(error, CaptureRefused if refused else CaptureFailed)
    assert error.retryable is not refused


def test_a_slow_server_times_out(capture_server: CaptureServer) -> None:
    policy = FetchPolicy(allow_loopback=True, read_timeout=0.3)
    started = time.monotonic()

    error = fails(capture_server.url("/slow"), policy)

    assert isinstance(error, CaptureFailed)
    assert error.reason == "timeout"
    assert time.monotonic() - started < 0.9


def test_a_dripping_server_meets_the_deadline(capture_server: CaptureServer) -> None:
    # Every piece arrives inside the read timeout; only the total stops it.
    policy = FetchPolicy(allow_loopback=True, read_timeout=1.0, total_timeout=0.4)
    started = time.monotonic()

    error = fails(capture_server.url("/drip"), policy)

    assert isinstance(error, CaptureFailed)
    assert error.reason == "timeout"
    assert time.monotonic() - started < 1.0


# Headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('Text/HTML;Charset="windows-1252"', ("text/html", "windows-1252")),
        ("text/plain", ("text/plain", None)),
        ("text/html; boundary=x; charset=", ("text/html", None)),
        ("", ("", None)),
    ],
)
def test_parse_content_type(header: str, expected: tuple[str, str | None]) -> None:
    assert parse_content_type(header) == expected

"""Fetch one web page for source capture, safely.

A reader gives us the address; we go and get it. That makes this an open door
into our own network unless every hop is checked, so: web schemes and ports
only, no credentials, and the address actually connected to (after DNS, on
every redirect) must be a public one. The body is read as a stream under a
byte cap and a deadline, and only HTML or plain text is kept.

Pure: no Django and no settings; everything comes in as parameters.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

ALLOWED_SCHEMES = frozenset({"http", "https"})
ALLOWED_PORTS = frozenset({80, 443})
ALLOWED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
# Client errors that say "not now" rather than "never".
RETRYABLE_CLIENT_ERRORS = frozenset({408, 429})
# Small enough that a slow server is noticed between reads, large enough to be cheap.
CHUNK_SIZE = 16 * 1024


@dataclass(frozen=True)
class Fetched:
    requested_url: str
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lowercased, e.g. "text/html"
    charset: str | None  # from the Content-Type header, if any
    body: bytes  # after transfer and content decoding, at most max_bytes
    sha256: str  # hex digest of body
    fetched_at: datetime  # timezone-aware UTC


class CaptureError(Exception):
    """A page we could not capture. ``reason`` is a short slug for the record;
    ``str()`` is a sentence for a person."""

    retryable: ClassVar[bool] = False

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class CaptureRefused(CaptureError):
    """Permanent: asking again would get the same answer."""

    retryable = False


class CaptureFailed(CaptureError):
    """Transient: a timeout, a dropped connection, a busy server."""

    retryable = True


@dataclass(frozen=True)
class FetchPolicy:
    # Tests only: lets loopback addresses (127.0.0.0/8, ::1) and any port
    # through. Private ranges (10/8, 192.168/16, fc00::/7, ...) stay refused:
    # requests-hardened's switch exempts loopback and nothing else.
    allow_loopback: bool = False
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    connect_timeout: float = 5.0
    read_timeout: float = 10.0  # the longest wait for any one read
    # The whole fetch, every hop included: a server dripping a byte at a time
    # never trips the read timeout, so it is stopped by this instead.
    total_timeout: float = 30.0
    # The caller names its site (sources.services.capture.capture_policy).
    user_agent: str = "HindsightCapture/1.0"


DEFAULT_POLICY = FetchPolicy()


def fetch(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> Fetched:
    """GET ``url`` under ``policy``. Raises CaptureRefused or CaptureFailed."""
    deadline = time.monotonic() + policy.total_timeout
    with _session(policy) as session:
        response = _follow(session, url, policy, deadline)
        with response:
            content_type, charset = parse_content_type(response.headers.get("Content-Type", ""))
            _check_type(content_type)
            _check_declared_length(response, policy)
            body = _read_capped(response, policy, deadline)
            final_url = response.url
            status = response.status_code
    return Fetched(
        requested_url=url,
        final_url=final_url,
        status=status,
        content_type=content_type,
        charset=charset,
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=datetime.now(UTC),
    )


def check_url(url: str, policy: FetchPolicy = DEFAULT_POLICY) -> None:
    """Refuse a URL by its text alone: scheme, credentials, port. Applied to the
    first URL and to every redirect target. Whether the host is a public
    address needs DNS, so that is checked where the connection is made."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise CaptureRefused("invalid_url", f"Not a valid web address: {url!r}.") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise CaptureRefused("scheme", f"Only http and https addresses are fetched: {url!r}.")
    # "@" at all, even "http://@host/": what came before it is credentials.
    if "@" in parts.netloc:
        raise CaptureRefused("credentials", "Addresses with a user name or password are refused.")
    if not parts.hostname:
        raise CaptureRefused("invalid_url", f"No host in the address {url!r}.")
    if port is not None and port not in ALLOWED_PORTS and not policy.allow_loopback:
        raise CaptureRefused("port", f"Only ports 80 and 443 are fetched, not {port}.")


def parse_content_type(header: str) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"; charset None if absent."""
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media_type.strip().lower(), charset


def _session(policy: FetchPolicy) -> requests.Session:
    session: requests.Session = HTTPSession(
        Config(
            # Resolve once, refuse a non-public address, then connect to
            # exactly that address (Host header and TLS name kept), so a DNS
            # answer that changes between check and connect cannot slip by.
            ip_filter_enable=True,
            ip_filter_allow_loopback_ips=policy.allow_loopback,
            # Redirects are followed by hand so each target is checked first.
            never_redirect=True,
            default_timeout=(policy.connect_timeout, policy.read_timeout),
            user_agent_override=policy.user_agent,
        )
    )
    # No proxy or netrc from the environment: a proxy would make the
    # connection (and the address check) somewhere else.
    session.trust_env = False
    return session


def _follow(
    session: requests.Session, url: str, policy: FetchPolicy, deadline: float
) -> requests.Response:
    """The first response that is not a redirect, every hop checked; raises on
    an error status. The caller closes the response."""
    current = url
    for _hop in range(policy.max_redirects + 1):
        response = _get(session, current, policy, deadline)
        location = _redirect_location(response)
        if location is None:
            error = _status_error(response.status_code)
            if error is not None:
                response.close()
                raise error
            return response
        response.close()
        current = urljoin(response.url, location)
    raise CaptureRefused(
        "too_many_redirects", f"More than {policy.max_redirects} redirects from {url!r}."
    )


def _get(
    session: requests.Session, url: str, policy: FetchPolicy, deadline: float
) -> requests.Response:
    check_url(url, policy)
    try:
        request = session.prepare_request(requests.Request("GET", url, headers={"Accept": ACCEPT}))
        # Again on the URL as requests will send it (normalised, IDNA-encoded
        # host), so the two URL parsers cannot disagree about port or scheme.
        check_url(request.url or "", policy)
        timeout = (policy.connect_timeout, _time_left(policy.read_timeout, deadline))
        return session.send(request, stream=True, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise _translate(exc) from exc


def _redirect_location(response: requests.Response) -> str | None:
    if not response.is_redirect:
        return None
    location = response.headers["Location"]
    # http.client decodes headers as latin-1; servers nearly always mean UTF-8.
    try:
        return location.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return location


def _status_error(status: int) -> CaptureError | None:
    if 200 <= status < 300:
        return None
    message = f"The server answered HTTP {status}."
    if status in RETRYABLE_CLIENT_ERRORS or status >= 500:
        return CaptureFailed("http_error", message)
    # 4xx, and a 3xx that is not a redirect we can follow (304, no Location).
    return CaptureRefused("http_error", message)


def _check_type(content_type: str) -> None:
    if content_type not in ALLOWED_TYPES:
        shown = content_type or "no content type"
        raise CaptureRefused("wrong_type", f"Not a web page or text ({shown}).")


def _check_declared_length(response: requests.Response, policy: FetchPolicy) -> None:
    # A lying or missing Content-Length is caught while reading; this only
    # saves reading the start of a body we already know is too big.
    try:
        declared = int(response.headers.get("Content-Length", ""))
    except ValueError:
        return
    if declared > policy.max_bytes:
        raise _too_large(policy)


def _read_capped(response: requests.Response, policy: FetchPolicy, deadline: float) -> bytes:
    """The decoded body, refused once it passes max_bytes or the deadline."""
    raw: Any = response.raw  # urllib3's HTTPResponse
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise CaptureFailed("timeout", "The page took too long to arrive.")
        # read1 returns after one socket read, so a slow drip reaches the
        # deadline check above; read() would wait to fill the whole chunk.
        # The cap counts decoded bytes, so a small gzip bomb is stopped too.
        try:
            chunk = raw.read1(CHUNK_SIZE, decode_content=True)
        except urllib3.exceptions.HTTPError as exc:
            raise _translate_stream_error(exc) from exc
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > policy.max_bytes:
            raise _too_large(policy)


def _too_large(policy: FetchPolicy) -> CaptureRefused:
    return CaptureRefused("too_large", f"The page is larger than {policy.max_bytes} bytes.")


def _time_left(read_timeout: float, deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise CaptureFailed("timeout", "The page took too long to arrive.")
    return min(read_timeout, left)


def _translate(exc: requests.RequestException) -> CaptureError:
    """A requests exception as a CaptureError. Order matters: the blocked
    address and timeouts are subclasses of the broader errors below them."""
    if isinstance(exc, InvalidIPAddress):
        return CaptureRefused("blocked_address", "The address is not a public one.")
    if isinstance(exc, requests.Timeout):
        return CaptureFailed("timeout", "The server took too long to answer.")
    if isinstance(exc, requests.exceptions.SSLError):
        # Often a bad certificate (permanent), sometimes a dropped handshake:
        # retrying a few times costs little.
        return CaptureFailed("tls", "The secure connection failed.")
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema,
    ):
        return CaptureRefused("invalid_url", "Not a valid web address.")
    return CaptureFailed("connection", "Could not connect to the server.")


def _translate_stream_error(exc: urllib3.exceptions.HTTPError) -> CaptureError:
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return CaptureFailed("timeout", "The page stopped arriving.")
    if isinstance(exc, urllib3.exceptions.DecodeError):
        return CaptureRefused("decoding", "The page's compression is broken.")
    return CaptureFailed("connection", "The connection broke while the page arrived.")

"""A real HTTP server on 127.0.0.1 for the capture tests, a resolver that
answers from a table (no real DNS), and a record of every outgoing connection."""

import contextlib
import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock

import pytest

from sources import tasks

PARAGRAPHS = (
    "The city council voted on Tuesday to build a tram line across the river, "
    "ending a quarrel that has run for more than a decade and two elections.",
    "Work is to start next spring, the council said, and the first trams should "
    "carry passengers within four years, at a cost of about 300 million.",
    "Critics on the council called the timetable hopeful. Similar lines in other "
    "cities, they said, had taken twice as long and cost half as much again.",
)

ARTICLE_HTML = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council approves the river tram line | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-05-01T09:30:00+00:00">
</head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Council approves the river tram line</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)}
</article>
<footer>Copyright The Example Times</footer>
</body>
</html>
""".encode()

PLAIN_TEXT = b"  Plain words on a plain page.\nA second line.\n\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BIG = 50_000  # bytes the oversize routes send; tests cap at 10_000


@dataclass
class Seen:
    path: str
    host: str
    user_agent: str


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[Seen] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients in these tests hang up early on purpose (timeouts, caps).
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.seen.append(
            Seen(self.path, self.headers.get("Host", ""), self.headers.get("User-Agent", ""))
        )
        # The client may hang up mid-answer, as the test meant it to.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()()

    def _route(self) -> Callable[[], None]:
        routes: dict[str, Callable[[], None]] = {
            "/article": lambda: self._send(200, ARTICLE_HTML, "text/html; charset=utf-8"),
            "/text": lambda: self._send(200, PLAIN_TEXT, "text/plain"),
            "/redirect-once": lambda: self._redirect("/article"),
            "/loop-a": lambda: self._redirect("/loop-b"),
            "/loop-b": lambda: self._redirect("/loop-a"),
            "/to-file": lambda: self._redirect("file:///etc/passwd"),
            "/to-creds": lambda: self._redirect(f"http://user:pw@127.0.0.1:{self._port}/"),
            "/to-private": lambda: self._redirect(f"http://private.test:{self._port}/article"),
            "/missing": lambda: self._send(404, b"<h1>Not found</h1>", "text/html"),
            "/busy": lambda: self._send(429, b"<h1>Slow down</h1>", "text/html"),
            "/unavailable": lambda: self._send(503, b"<h1>Down</h1>", "text/html"),
            "/image": lambda: self._send(200, PNG, "image/png"),
            "/no-type": lambda: self._send(200, b"<p>what am I</p>", None),
            "/big-declared": lambda: self._send(200, b"x" * BIG, "text/plain"),
            "/big-stream": self._big_stream,
            "/big-chunked": self._big_chunked,
            "/gzip": lambda: self._gzipped(ARTICLE_HTML),
            "/gzip-bomb": lambda: self._gzipped(b" " * 5_000_000),
            "/slow": self._slow,
            "/drip": self._drip,
        }
        if self.path.startswith("/chain/"):
            left = int(self.path.removeprefix("/chain/"))
            return lambda: (
                self._redirect(f"/chain/{left - 1}")
                if left
                else self._send(200, ARTICLE_HTML, "text/html")
            )
        if self.path.startswith("/sized/"):
            size = int(self.path.removeprefix("/sized/"))
            return lambda: self._send(200, b"y" * size, "text/plain")
        return routes.get(self.path, lambda: self._send(404, b"no such route", "text/plain"))

    @property
    def _port(self) -> int:
        return self.server.server_address[1]

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/html", {"Location": location})

    def _gzipped(self, body: bytes) -> None:
        self._send(200, gzip.compress(body), "text/html", {"Content-Encoding": "gzip"})

    def _big_stream(self) -> None:
        # HTTP/1.0 and no Content-Length: the body ends when the server closes.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        for _ in range(BIG // 1000):
            self.wfile.write(b"z" * 1000)

    def _big_chunked(self) -> None:
        self.protocol_version = "HTTP/1.1"
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(BIG // 1000):
            self.wfile.write(b"3e8\r\n" + b"c" * 1000 + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def _slow(self) -> None:
        time.sleep(1.0)
        self._send(200, ARTICLE_HTML, "text/html")

    def _drip(self) -> None:
        # Each piece arrives well inside the read timeout; the whole never ends.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(60):
            self.wfile.write(b"<p>drip</p>")
            self.wfile.flush()
            time.sleep(0.05)


@dataclass
class CaptureServer:
    base: str
    seen: list[Seen]

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def paths(self) -> list[str]:
        return [request.path for request in self.seen]


@pytest.fixture(scope="session")
def _running_server() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def capture_server(_running_server: _Server) -> CaptureServer:
    """The local server, with an empty record of the requests it saw."""
    _running_server.seen.clear()
    host, port = _running_server.server_address[:2]
    return CaptureServer(base=f"http://{host!s}:{port}", seen=_running_server.seen)


@dataclass
class Resolver:
    """Answers for host names: each lookup takes the next answer, the last one
    repeating. IP literals go to the real getaddrinfo, which needs no DNS;
    any other name fails, so no test can reach real DNS."""

    answers: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def getaddrinfo(
        self,
        host: str | bytes | None,
        port: str | bytes | int | None,
        family: int = 0,
        type: int = 0,
        proto: int = 0,
        flags: int = 0,
    ) -> list[tuple[Any, ...]]:
        name = host.decode() if isinstance(host, bytes) else (host or "")
        self.lookups.append(name)
        if name in self.answers:
            return [self._entry(self._next(name), port)]
        try:
            ipaddress.ip_address(name)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"no DNS in tests: {name}") from None
        return _REAL_GETADDRINFO(host, port, family, type, proto, flags)

    def _next(self, name: str) -> str:
        answers = self.answers[name]
        return answers.pop(0) if len(answers) > 1 else answers[0]

    @staticmethod
    def _entry(address: str, port: str | bytes | int | None) -> tuple[Any, ...]:
        number = int(port or 0)
        if ipaddress.ip_address(address).version == 6:
            return (
                socket.AF_INET6,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, number, 0, 0),
            )
        return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, number))


_REAL_GETADDRINFO = socket.getaddrinfo


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    fake = Resolver()
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The address of every outgoing TCP connection the test makes."""
    seen: list[str] = []
    real_connect = socket.socket.connect

    def spy(sock: socket.socket, address: Any) -> None:
        seen.append(str(address[0]))
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", spy)
    return seen


@pytest.fixture
def loopback(settings):
    """The local server is on 127.0.0.1 and a random port: let the fetch reach it."""
    settings.CAPTURE_ALLOW_LOOPBACK = True
    settings.CAPTURE_MAX_BYTES = 10_000
    settings.CAPTURE_CONNECT_TIMEOUT = 1.0
    settings.CAPTURE_READ_TIMEOUT = 1.0
    settings.CAPTURE_TOTAL_TIMEOUT = 5.0


@pytest.fixture
def queued() -> Iterator[list[int]]:
    """The source ids the capture task was sent for, instead of a broker."""
    sent: list[int] = []
    with mock.patch.object(tasks.capture_source, "delay", sent.append):
        yield sent

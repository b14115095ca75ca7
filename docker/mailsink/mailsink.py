"""An SMTP sink with a small HTTP API: the stand-in for Mailpit where its image
cannot be pulled (docker-compose.host.yml).

It keeps the messages it receives in memory (the newest MAX_KEPT) and answers
the part of Mailpit's API that scripts/compose-smoke.sh reads, in Mailpit's
shape, so the same script works against either:

    GET    /api/v1/messages       {"total": n, "messages": [newest first]}
    GET    /api/v1/message/<ID>   one message, with its text body
    DELETE /api/v1/messages       forget them all
    GET    /livez                 200 once both servers listen

Settings come from the environment: BIND (127.0.0.1), SMTP_PORT (1025),
HTTP_PORT (8025). It relays nothing and checks no password: a test fixture,
not a mail server.
"""

import json
import os
import signal
import sys
import threading
import uuid
from collections import deque
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

MAX_KEPT = 1000

_lock = threading.Lock()
_messages: deque[dict[str, Any]] = deque(maxlen=MAX_KEPT)


def _addresses(header: str | None) -> list[dict[str, str]]:
    return [{"Name": name, "Address": address} for name, address in getaddresses([header or ""])]


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def _record(raw: bytes) -> None:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)  # what policy.default makes
    text = _text_of(message)
    entry = {
        "ID": uuid.uuid4().hex,
        "From": (_addresses(message["From"]) or [{}])[0],
        "To": _addresses(message["To"]),
        "Subject": str(message["Subject"] or ""),
        "Created": datetime.now(UTC).isoformat(),
        "Size": len(raw),
        "Snippet": " ".join(text.split())[:200],
        "Text": text,
    }
    with _lock:
        _messages.appendleft(entry)


class SinkHandler:
    """aiosmtpd calls this for each message: keep it, accept it."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        _record(envelope.original_content or envelope.content)
        return "250 Message accepted"


class ApiHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/livez":
            self._answer(200, {"ok": True})
        elif self.path.split("?")[0] == "/api/v1/messages":
            with _lock:
                listed = [{k: v for k, v in m.items() if k != "Text"} for m in _messages]
            self._answer(200, {"total": len(listed), "messages": listed})
        elif self.path.startswith("/api/v1/message/"):
            wanted = self.path.rsplit("/", 1)[-1]
            with _lock:
                found = next((m for m in _messages if m["ID"] == wanted), None)
            self._answer(200, found) if found else self._answer(404, {"error": "not found"})
        else:
            self._answer(404, {"error": "not found"})

    def do_DELETE(self) -> None:
        if self.path == "/api/v1/messages":
            with _lock:
                _messages.clear()
            self._answer(200, {"deleted": True})
        else:
            self._answer(404, {"error": "not found"})

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the smoke polls every second; its requests are not news


def main() -> None:
    bind = os.environ.get("BIND", "127.0.0.1")
    smtp = Controller(SinkHandler(), hostname=bind, port=int(os.environ.get("SMTP_PORT", "1025")))
    smtp.start()
    api = ThreadingHTTPServer((bind, int(os.environ.get("HTTP_PORT", "8025"))), ApiHandler)
    # As PID 1 in a container, SIGTERM does nothing unless handled: stop cleanly.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=api.shutdown).start())
    print(f"mailsink: SMTP on {bind}:{smtp.port}, HTTP on {bind}:{api.server_port}", flush=True)
    try:
        api.serve_forever()
    finally:
        smtp.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()

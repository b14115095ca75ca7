"""A real SMTP server on 127.0.0.1 for integration tests (aiosmtpd).

It accepts everything and keeps each message parsed, so a test can count what
a real worker delivered over SMTP and find repeats by their Message-ID. It can
be made slow, so that a worker killed during a batch is killed mid-way, and
started late on a port chosen earlier, to play a mail server that was down.
"""

import asyncio
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO; a batch of 200 would bury the
# test's own output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Received:
    """One message as the server accepted it."""

    envelope_to: tuple[str, ...]
    message: EmailMessage
    raw: bytes  # as it came over the wire, before any decoding

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def to(self) -> str:
        return str(self.message["To"])


class Inbox:
    """The aiosmtpd handler: keeps what it accepts, in order of acceptance.

    ``delay`` is spent before answering the DATA command. A message counts as
    received only once the server is about to say 250: aiosmtpd cancels the
    handler when the client goes, so a client killed while it waits has
    delivered nothing.
    """

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self._messages: list[Received] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self._messages.append(Received(tuple(envelope.rcpt_tos), message, envelope.content))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def __len__(self) -> int:
        with self._lock:
            return len(self._messages)

    def message_ids(self) -> Counter:
        """How many times each Message-ID arrived."""
        return Counter(received.message_id for received in self.messages)

    def duplicates(self) -> int:
        """Messages that repeat one already received (same Message-ID)."""
        return sum(count - 1 for count in self.message_ids().values())


class SmtpServer:
    """aiosmtpd on 127.0.0.1:``port``, in a thread of the test process.

    ``start()`` and ``stop()`` may alternate; each start serves the same inbox.
    """

    def __init__(self, port: int, inbox: Inbox | None = None):
        self.port = port
        self.inbox = inbox or Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The EMAIL_URL that points Hindsight's mailer here."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        # A loaded machine may take a while to answer the controller's probe.
        self._controller = Controller(
            self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=30
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

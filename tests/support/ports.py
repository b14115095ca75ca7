"""Local ports for servers the tests start (and ports nobody listens on)."""

import socket


def free_port() -> int:
    """A local port nothing listens on: bound to find it free, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

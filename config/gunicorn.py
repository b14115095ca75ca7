"""gunicorn's settings in production: `gunicorn config.wsgi --config config/gunicorn.py`
(Procfile, Dockerfile). Command-line options still win over these.

gunicorn writes a `Server: gunicorn` line into every response and has no
setting to leave it out (its maintainers declined one). Naming the software
only helps someone looking for servers to try a known flaw on, so the line is
dropped here; tests/integration/test_gunicorn.py notices if an upgrade of
gunicorn brings it back.
"""

import os

from gunicorn.http import wsgi  # type: ignore[import-untyped]  # no stubs

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
# gunicorn believes X-Forwarded-Proto from 127.0.0.1 unless told otherwise.
# With no trusted proxy (TRUSTED_PROXIES=0, as in the settings) nobody's is
# believed; behind one, Django's SECURE_PROXY_SSL_HEADER reads it.
if int(os.environ.get("TRUSTED_PROXIES", "0") or "0") == 0:
    forwarded_allow_ips = ""

_default_headers = wsgi.Response.default_headers


def _default_headers_without_server(self: wsgi.Response) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _default_headers_without_server

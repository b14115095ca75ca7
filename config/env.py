"""Read configuration from the environment, failing loudly on bad values.

Every helper raises ImproperlyConfigured naming the variable, so a typo in a
deployment stops start-up with a message instead of surfacing later as a
confusing error on the first request.
"""

import ipaddress
import os
import re
import secrets
from email.headerregistry import Address, HeaderRegistry
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "sqlite"}
REDIS_SCHEMES = {"redis", "rediss"}
# What DRF's throttles read: a count, then a period it knows by its first letter.
THROTTLE_RATE = re.compile(
    r"(?P<count>\d+)\s*/\s*(?P<period>s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)",
    re.IGNORECASE,
)
# A rate limit of the site's own forms: a count, then a window of some number
# of seconds, minutes, hours or days ("5/15min", "30/hour"), or "off".
RATE_LIMIT = re.compile(
    r"(?P<count>\d+)\s*/\s*(?P<size>\d+)?\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)",
    re.IGNORECASE,
)
SECONDS_IN = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _port(name: str, parts) -> int | None:
    try:
        return parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port: {parts.netloc!r}.") from None


def database_config(name: str, url: str) -> dict:
    """Django DATABASES entry for a postgres:// or sqlite:// URL."""
    parts = urlsplit(url)
    if parts.scheme not in DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// or sqlite:// (got {url!r})."
        )
    _port(name, parts)
    if parts.scheme != "sqlite" and not parts.path.strip("/"):
        raise ImproperlyConfigured(f"{name} names no database: {url!r} needs a /dbname path.")
    config = environ.Env.db_url_config(url)
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    if parts.scheme != "sqlite":
        # Lets psycopg prepare the statements a cursor asks it to (Django
        # disables it by default; its own cursors bind on the client and never
        # prepare): the API's list does (api/predictions/rows.py).
        config.setdefault("OPTIONS", {})["prepare_threshold"] = 5
    return config


def redis_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in REDIS_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(f"{name} must look like redis://host:6379/0 (got {url!r}).")
    _port(name, parts)
    db = parts.path.strip("/")
    if db and not db.isdigit():
        raise ImproperlyConfigured(f"{name} database must be a number, got {db!r}.")
    return url


def mailers_config(name: str, url: str, *, file_path: Path) -> dict:
    """Django 6.1 MAILERS from a URL.

    smtp://user:pass@host:587 (STARTTLS with ?tls=1), smtps://host:465 (implicit
    TLS), console://, file:// (under var/mail/), locmem://, dummy://.
    """
    parts = urlsplit(url)
    backends = "django.core.mail.backends"
    match parts.scheme:
        case "smtp" | "smtps":
            if not parts.hostname:
                raise ImproperlyConfigured(f"{name} needs a host: {url!r}.")
            query = parse_qs(parts.query)
            options = {
                "host": parts.hostname,
                "port": _port(name, parts) or (465 if parts.scheme == "smtps" else 25),
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_ssl": parts.scheme == "smtps",
                "use_tls": query.get("tls", ["0"])[0] in {"1", "true", "yes"},
                "timeout": 10,
            }
            return {"default": {"BACKEND": f"{backends}.smtp.EmailBackend", "OPTIONS": options}}
        case "console":
            return {"default": {"BACKEND": f"{backends}.console.EmailBackend"}}
        case "file":
            path = unquote(parts.path) or str(file_path)
            return {
                "default": {
                    "BACKEND": f"{backends}.filebased.EmailBackend",
                    "OPTIONS": {"file_path": path},
                }
            }
        case "locmem":
            return {"default": {"BACKEND": f"{backends}.locmem.EmailBackend"}}
        case "dummy":
            return {"default": {"BACKEND": f"{backends}.dummy.EmailBackend"}}
    raise ImproperlyConfigured(
        f"{name} must start with smtp://, smtps://, console://, file:// or locmem:// (got {url!r})."
    )


def bool_value(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def int_value(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def throttle_rate(name: str, default: str) -> str:
    """A DRF rate such as ``60/min`` (per s, min, hour or day), checked now:
    DRF itself reads it on the first throttled request, and a typo would
    fail every API request instead of start-up."""
    raw = os.environ.get(name, "").strip() or default
    match = THROTTLE_RATE.fullmatch(raw)
    if match is None or int(match["count"]) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f"like 60/min or 1000/day (got {raw!r})."
        )
    return f"{int(match['count'])}/{match['period'].lower()}"


def rate_limit(name: str, default: str) -> tuple[int, int] | None:
    """A limit such as ``5/15min`` as (count, window in seconds), or None
    for ``off``. core/ratelimit.py counts in fixed windows of that size."""
    raw = os.environ.get(name, "").strip() or default
    if raw.lower() == "off":
        return None
    match = RATE_LIMIT.fullmatch(raw)
    size = int(match["size"] or 1) if match else 0
    if match is None or int(match["count"]) < 1 or size < 1:
        raise ImproperlyConfigured(
            f"{name} must be a number of tries per period, like 5/15min, 30/hour or 100/day, "
            f"or off (got {raw!r})."
        )
    return int(match["count"]), size * SECONDS_IN[match["unit"][0].lower()]


def site_url(name: str, default: str) -> str:
    """The site's public origin, e.g. https://hindsight.example.com, without a
    trailing slash: links in emails are this followed by a path."""
    raw = os.environ.get(name, "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be the site's address, like https://hindsight.example.com (got {raw!r})."
        )
    _port(name, parts)
    if parts.username is not None or parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be only the scheme and host, like https://hindsight.example.com: "
            f"no user, path, query or fragment (got {raw!r})."
        )
    return f"{parts.scheme}://{parts.netloc}"


def is_loopback(url: str) -> bool:
    """Whether the URL's host is this machine (localhost, 127.0.0.0/8, ::1)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def from_email(name: str, default: str) -> str:
    """One sender address, bare or with a display name: ``Name <a@b.example>``,
    read as a From header is read."""
    raw = os.environ.get(name, "").strip() or default
    problem = f"{name} must be one email address, like Hindsight <hindsight@example.com>"
    if "\n" in raw or "\r" in raw:
        raise ImproperlyConfigured(f"{problem}, on one line (got {raw!r}).")
    header = HeaderRegistry()("From", raw)
    # A From header is an AddressHeader, which has addresses.
    addresses: tuple[Address, ...] = getattr(header, "addresses", ())
    if header.defects or len(addresses) != 1:
        raise ImproperlyConfigured(f"{problem} (got {raw!r}).")
    try:
        validate_email(addresses[0].addr_spec)
    except ValidationError:
        raise ImproperlyConfigured(f"{problem} (got {raw!r}).") from None
    return raw


def required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set {why}.")
    return value


def dev_secret_key(path: Path) -> str:
    """A random key kept on disk, so sessions survive restarts in development."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key

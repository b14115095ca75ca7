"""Canonical form of a source URL, so one page is one source."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that identify a click, not a document.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref_src"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments, tracking
    parameters and a trailing slash. Raises ValueError for a non-web URL."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("Enter a full web address starting with http:// or https://.")
    host = parts.hostname.lower().rstrip(".")
    port = parts.port  # raises ValueError on a malformed port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc, path, query, ""))

"""Reading a page's query parameters leniently: a mistyped link shows
everything rather than an error."""

from urllib.parse import urlsplit

SEARCH_MAX_LENGTH = 200


def search_text(query) -> str:
    """The ``q`` parameter, trimmed and capped, without NULs (which no text
    column, and so no search, can hold)."""
    return query.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


def choice(query, name: str, values, default: str = "") -> str:
    """The parameter's value when it is one of ``values``; ``default`` otherwise."""
    value = query.get(name, "")
    return value if value in values else default


def web_url(url: str) -> str:
    """``url`` when it is safe to link to (http or https); empty otherwise."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""

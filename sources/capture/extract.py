"""Read the article out of a fetched page: its main text and the few facts a
source record wants (title, author, publisher, date of publication).

Works on the bytes already fetched and nothing else: trafilatura is given a
parsed tree, never a URL, so neither it nor htmldate can fetch anything.
Pure: no Django; everything comes in as parameters.
"""

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from trafilatura import bare_extraction, extract_metadata, load_html
from trafilatura.settings import Document

logger = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})

# Where a page may declare its own encoding: in a <meta> near the top.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read a page labelled latin-1 or ascii as windows-1252 (the WHATWG
# Encoding standard), and so do the pages' authors, knowingly or not.
_AS_WINDOWS_1252 = frozenset({"iso8859-1", "ascii"})

# htmldate's settings. Only the markup (meta tags, JSON-LD, <time>, the URL)
# is searched: the "extensive" search through the text is slow on a large
# page, and would take a date the article merely mentions for its own.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}
# "www." or "w3." before a host name, as trafilatura strips it.
_HOST_PREFIX = re.compile(r"^(?:www|w\d+)\.")


@dataclass(frozen=True)
class Extracted:
    text: str  # the article's main text, "" if none found
    title: str
    author: str
    publisher: str  # the site's name
    published_on: date | None


EMPTY = Extracted(text="", title="", author="", publisher="", published_on=None)


def extract(body: bytes, *, url: str, content_type: str, charset: str | None) -> Extracted:
    """The article in ``body``, fetched from ``url`` with this Content-Type.
    Never raises on a broken page: what cannot be read comes back empty."""
    media_type = content_type.strip().lower()
    if media_type in HTML_TYPES:
        return _extract_html(decode_html(body, charset), url)
    if media_type in TEXT_TYPES:
        return Extracted(
            text=decode_text(body, charset).strip(),
            title="",
            author="",
            publisher="",
            published_on=None,
        )
    return EMPTY


def decode_html(body: bytes, charset: str | None) -> str:
    """An HTML page as text: a byte-order mark first, then the Content-Type
    charset, then a <meta> charset, then UTF-8 (bad bytes replaced)."""
    candidates = [_bom_encoding(body), charset, _meta_charset(body)]
    return _decode(body, candidates)


def decode_text(body: bytes, charset: str | None) -> str:
    """A plain-text page as text: as decode_html without the <meta> look."""
    return _decode(body, [_bom_encoding(body), charset])


def _decode(body: bytes, candidates: list[str | None]) -> str:
    for candidate in candidates:
        encoding = _known_encoding(candidate)
        if encoding is None:
            continue
        try:
            return body.decode(encoding, errors="replace")
        except LookupError:  # a codec that is not text-to-bytes, e.g. "rot13"
            continue
    return body.decode("utf-8", errors="replace")


def _known_encoding(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name


def _bom_encoding(body: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    if match is None:
        return None
    label = match.group(1).decode("ascii", errors="ignore")
    # A <meta> we could read as ASCII rules out UTF-16, whatever it says.
    if label.lower().startswith("utf-16"):
        return "utf-8"
    return label


def _extract_html(html: str, url: str) -> Extracted:
    try:
        tree = load_html(html)
        if tree is None:
            return EMPTY
        text = _main_text(tree, url)
        metadata = extract_metadata(tree, default_url=url, date_config=dict(_DATE_PARAMS))
    except Exception:
        # A third-party parser on whatever a stranger's server sent: a page
        # it chokes on is a page with nothing to read, not a crashed task.
        logger.warning("Could not read the article at %s", url, exc_info=True)
        return EMPTY
    return Extracted(
        text=text,
        title=_clean(metadata.title),
        author=_clean(metadata.author),
        publisher=_named_publisher(_clean(metadata.sitename), [url, metadata.url]),
        published_on=_parse_date(metadata.date),
    )


def _main_text(tree: Any, url: str) -> str:  # an lxml HtmlElement (lxml has no types)
    # The text and the metadata are read separately: trafilatura drops the
    # metadata too when it finds no text, and a paywalled page's title, author
    # and date are still worth keeping. bare_extraction works on a copy of
    # the tree, leaving it whole for extract_metadata.
    document = bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not isinstance(document, Document):
        return ""
    return _clean(document.text)


def _named_publisher(sitename: str, page_urls: list[str | None]) -> str:
    """The site's name as the page gives it. trafilatura falls back to the host
    name when the page names none; the caller has the URL and decides for
    itself, so a bare host name counts as no name."""
    for page_url in page_urls:
        try:
            netloc = urlsplit(page_url or "").netloc.lower()
        except ValueError:  # the page's own canonical URL may be malformed
            continue
        if netloc and sitename.lower() in {netloc, _HOST_PREFIX.sub("", netloc)}:
            return ""
    return sitename


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _parse_date(value: str | None) -> date | None:
    # htmldate answers in ISO form ("2024-05-01") by default.
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

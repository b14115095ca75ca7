"""extract(): the article and its facts out of bytes already fetched, with
the network shut, so that nothing in trafilatura or htmldate can fetch."""

import socket
from datetime import date
from typing import Any

import pytest

from sources.capture.extract import EMPTY, Extracted, decode_html, extract
from tests.sources.capture.conftest import ARTICLE_HTML, PARAGRAPHS

URL = "https://news.example/2024/05/tram"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every attempt at DNS or a connection, each refused."""
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args))
        raise OSError("no network in extract tests")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def html_page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_reads_the_article_and_its_facts(no_network: list[str]) -> None:
    extracted = extract(ARTICLE_HTML, url=URL, content_type="text/html", charset="utf-8")

    for paragraph in PARAGRAPHS:
        assert paragraph in extracted.text
    assert "Home" not in extracted.text  # the navigation is not the article
    assert "Council approves the river tram line" in extracted.title
    assert extracted.author == "Jane Doe"
    assert extracted.publisher == "The Example Times"
    assert extracted.published_on == date(2024, 5, 1)
    assert no_network == []


def test_xhtml_is_read_as_html() -> None:
    extracted = extract(ARTICLE_HTML, url=URL, content_type="application/xhtml+xml", charset=None)

    assert extracted.author == "Jane Doe"


def test_keeps_the_facts_of_a_page_with_no_article() -> None:
    # A paywalled page: no text to speak of, but its title and date are known.
    head = (
        "<title>Members only</title>"
        '<meta property="og:site_name" content="The Example Times">'
        '<meta property="article:published_time" content="2023-11-02">'
    )

    extracted = extract(
        html_page("", head).encode(), url=URL, content_type="text/html", charset=None
    )

    assert extracted.text == ""
    assert extracted.title == "Members only"
    assert extracted.publisher == "The Example Times"
    assert extracted.published_on == date(2023, 11, 2)


def test_a_host_name_is_not_a_publisher() -> None:
    # trafilatura would name the site after the URL's host; that is the
    # caller's call to make.
    page = html_page("<article><p>" + PARAGRAPHS[0] + "</p></article>", "<title>T</title>")

    extracted = extract(
        page.encode(), url="https://www.news.example/a", content_type="text/html", charset=None
    )

    assert extracted.publisher == ""


def test_reads_plain_text() -> None:
    extracted = extract(
        b"  Plain words.\nSecond line.\n\n", url=URL, content_type="text/plain", charset=None
    )

    assert extracted == Extracted(
        text="Plain words.\nSecond line.", title="", author="", publisher="", published_on=None
    )


def test_plain_text_in_its_charset() -> None:
    extracted = extract(
        "Caf\u00e9 \u2014 ouvert".encode("cp1252"),
        url=URL,
        content_type="text/plain",
        charset="windows-1252",
    )

    assert extracted.text == "Caf\u00e9 \u2014 ouvert"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"\x00\xff\xfe\x89 not a page",
        b"<html></html>",
        b"<<<>>><</",
        b"<p>",
        b"http://169.254.169.254/latest/meta-data/",  # htmldate would fetch a URL string
        b"<html><head><title></title></head><body><script>x()</script></body></html>",
    ],
)
def test_junk_gives_an_empty_result(body: bytes, no_network: list[str]) -> None:
    assert extract(body, url=URL, content_type="text/html", charset=None) == EMPTY
    assert no_network == []


def test_another_media_type_gives_an_empty_result() -> None:
    assert extract(b"\x89PNG", url=URL, content_type="image/png", charset=None) == EMPTY


# Decoding


def windows_1252_page() -> bytes:
    title = "Un caf\u00e9 \u00e0 2\u20ac"
    body = f"<article><h1>{title}</h1><p>{PARAGRAPHS[0]} Caf\u00e9 cr\u00e8me.</p></article>"
    return html_page(body, f"<title>{title}</title>").encode("cp1252")


def test_decodes_with_the_header_charset() -> None:
    extracted = extract(
        windows_1252_page(), url=URL, content_type="text/html", charset="windows-1252"
    )

    assert extracted.title == "Un caf\u00e9 \u00e0 2\u20ac"
    assert "Caf\u00e9 cr\u00e8me." in extracted.text


def test_decodes_with_a_meta_charset_when_the_header_has_none() -> None:
    page = windows_1252_page().replace(b"<head>", b'<head><meta charset="windows-1252">')

    extracted = extract(page, url=URL, content_type="text/html", charset=None)

    assert "Caf\u00e9 cr\u00e8me." in extracted.text


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        # latin-1 and ascii labels mean windows-1252, as in a browser.
        (b"<p>\x80 caf\xe9</p>", "iso-8859-1", "<p>\u20ac caf\u00e9</p>"),
        (b"<p>\x80</p>", "us-ascii", "<p>\u20ac</p>"),
        # The header wins over the page's own <meta>.
        (b'<meta charset="windows-1252"><p>caf\xc3\xa9</p>', "utf-8", "caf\u00e9"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">\xc1',
            None,
            "\u0430",
        ),
        # A byte-order mark wins over everything.
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "windows-1252", "<p>caf\u00e9</p>"),
        # Unknown or unusable labels fall back to UTF-8, bad bytes replaced.
        (b"<p>caf\xc3\xa9 \xff</p>", "no-such-charset", "<p>caf\u00e9 \ufffd</p>"),
        (b"<p>caf\xc3\xa9</p>", "rot13", "<p>caf\u00e9</p>"),
        (b"<p>caf\xe9</p>", None, "<p>caf\ufffd</p>"),
    ],
)
def test_decode_html(body: bytes, charset: str | None, expected: str) -> None:
    assert expected in decode_html(body, charset)

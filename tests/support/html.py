"""Reading the pages the tests fetch."""

from html.parser import HTMLParser


class Tables(HTMLParser):
    """The rows of a page's tables (header rows left out), each as the texts of
    its cells and the first link in it; every `<meta property>` of the head;
    the hrefs of the pagination links."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self.meta: dict[str, str] = {}
        self.pagination: dict[str, str] = {}
        self._cells: list[str] | None = None
        self._cell: list[str] | None = None
        self._link: str | None = None
        self._in_head = False
        self._in_pagination = 0
        self._in_record = False  # the track record's tables (calibration, overdue)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and attrs.get("id") == "record":
            self._in_record = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head and not self._in_record:
            self._cells, self._link = [], None
        elif tag in {"td", "th"} and self._cells is not None:
            self._cell = []
        elif tag == "a" and self._cells is not None and self._link is None:
            self._link = attrs.get("href")
        elif tag == "a" and self._in_pagination and attrs.get("rel"):
            self.pagination[attrs["rel"]] = attrs["href"]
        elif tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content", "")
        elif tag == "nav" and "pagination" in (attrs.get("class") or ""):
            self._in_pagination += 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "section":
            self._in_record = False
        if tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None and self._cells is not None:
            self._cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._cells is not None:
            self.rows.append({"cells": self._cells, "link": self._link})
            self._cells = None
        elif tag == "nav" and self._in_pagination:
            self._in_pagination -= 1


def tables(response) -> Tables:
    assert response.status_code == 200
    return Tables(response.content.decode())

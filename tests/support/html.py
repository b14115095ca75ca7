"""Reading the pages the tests fetch, as a reader sees them: the one HTML reader
of the tests, on BeautifulSoup. Texts are squashed (runs of white space become
one space) and entities decoded."""

import re
from functools import cached_property

from bs4 import BeautifulSoup, Tag


def squash(text: str) -> str:
    return " ".join(text.split())


def claim_of(cell: str) -> str:
    """A list row's claim, without the quote (“…”) or paraphrase shown under it."""
    return re.split(r" “| Paraphrased: ", cell, maxsplit=1)[0]


def text_of(element: Tag | None) -> str:
    return squash(element.get_text()) if element is not None else ""


def attribute(element: Tag, name: str, default: str | None = None) -> str:
    """The value of ``element``'s single-valued attribute ``name``, which it
    must have unless a ``default`` is given."""
    value = element.get(name, default)
    assert isinstance(value, str), f"<{element.name}> has no {name!r}: {value!r}"
    return value


def rel(link: Tag) -> str:
    """The first word of a link's ``rel`` (a multi-valued attribute)."""
    values = link.get_attribute_list("rel")
    assert values, f"<{link.name}> has no rel"
    return values[0]


class Page:
    """One fetched page. ``rows`` are the body rows of its tables, outside the
    track record's (calibration, overdue), each as ``{"cells": [texts],
    "link": the first href in it}``; ``table(caption)`` reads one table by
    its caption, keyed by its column headers."""

    def __init__(self, html: str):
        self.soup = BeautifulSoup(html, "html.parser")

    def select(self, css: str) -> list[Tag]:
        return self.soup.select(css)

    def one(self, css: str) -> Tag:
        found = self.soup.select(css)
        assert len(found) == 1, f"{len(found)} elements match {css!r}"
        return found[0]

    def form_values(self, css: str = "form") -> dict[str, str]:
        """What the form ``css`` would submit as it stands, as a browser
        would send it: inputs with their values, ticked boxes, textareas,
        chosen options (buttons left out)."""
        form = self.one(css)
        values: dict[str, str] = {}
        for field in form.select("input[name], textarea[name], select[name]"):
            name = attribute(field, "name")
            kind = field.get("type", "text")
            if field.name == "textarea":
                # The parser keeps the newline that follows <textarea>, which browsers drop.
                values[name] = field.get_text().removeprefix("\n")
            elif field.name == "select":
                chosen = field.select_one("option[selected]") or field.select_one("option")
                values[name] = attribute(chosen, "value", "") if chosen else ""
            elif kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    values[name] = attribute(field, "value", "on")
            elif kind not in ("submit", "button"):
                values[name] = attribute(field, "value", "")
        return values

    def texts(self, css: str) -> list[str]:
        return [text_of(element) for element in self.soup.select(css)]

    @cached_property
    def text(self) -> str:
        """Everything the page shows, in one line."""
        return text_of(self.soup.body or self.soup)

    @cached_property
    def headings(self) -> list[str]:
        return self.texts("h1")

    @cached_property
    def quotes(self) -> list[str]:
        return self.texts("blockquote")

    @cached_property
    def timeline(self) -> list[str]:
        """The entries of a prediction's history."""
        return self.texts("ol.timeline > li")

    @cached_property
    def marks(self) -> list[str]:
        """The highlighted passages (a source's text), unsquashed."""
        return [mark.get_text() for mark in self.soup.select("mark")]

    @cached_property
    def links(self) -> dict[str, str]:
        """Each link's text → its href (the first link with that text)."""
        found: dict[str, str] = {}
        for a in self.soup.select("a[href]"):
            found.setdefault(text_of(a), attribute(a, "href"))
        return found

    @cached_property
    def meta(self) -> dict[str, str]:
        """Every ``<meta property>`` (Open Graph) of the head."""
        return {
            attribute(m, "property"): attribute(m, "content") if m.has_attr("content") else ""
            for m in self.soup.select("meta[property]")
        }

    @cached_property
    def pagination(self) -> dict[str, str]:
        """rel (prev, next) → href of the pagination links; a later list's win."""
        return {rel(a): attribute(a, "href") for a in self.soup.select("nav.pagination a[rel]")}

    def pagination_of(self, label: str) -> dict[str, str]:
        """The pagination links of the list named ``label`` (its aria-label)."""
        nav = self.soup.find("nav", attrs={"class": "pagination", "aria-label": label})
        if nav is None:
            return {}
        return {rel(a): attribute(a, "href") for a in nav.select("a[rel]")}

    @cached_property
    def rows(self) -> list[dict]:
        return [
            _row(tr)
            for tr in self.soup.select("table tr")
            if tr.find_parent("thead") is None and tr.find_parent(id="record") is None
        ]

    def table(self, caption: str) -> list[dict]:
        """The body rows of the table captioned ``caption``, each a dict of
        column header → cell text, with "link": the row's first href."""
        for table in self.soup.select("table"):
            if text_of(table.caption) == caption:
                headers = [text_of(th) for th in table.select("thead th")]
                return [
                    {**dict(zip(headers, row["cells"], strict=True)), "link": row["link"]}
                    for row in map(_row, table.select("tbody tr"))
                ]
        raise AssertionError(f"no table captioned {caption!r}")


def _row(tr: Tag) -> dict:
    link = tr.find("a", href=True)
    return {
        "cells": [text_of(cell) for cell in tr.find_all(["td", "th"])],
        "link": attribute(link, "href") if link is not None else None,
    }


def page(response) -> Page:
    """The page of a successful response."""
    assert response.status_code == 200, response.status_code
    return Page(response.content.decode())

"""A source's captured text as HTML, with the recorded quotes marked.

Pure functions: no database, no request. The text is user input, so the
occurrences are found in the raw text and the HTML is built from escaped
segments; nothing unescaped is ever marked safe.
"""

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A quote is typed by a person and the text was captured from a page, so they
# may differ in the kind of quotation mark or apostrophe and in the spacing
# (a line break in the text, one space in the quote). Each of these
# characters matches any of its kind.
_EQUIVALENT = {
    **dict.fromkeys("'‘’ʼ`", "['‘’ʼ`]"),
    **dict.fromkeys('"“”„', '["“”„]'),
}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    """The pattern that finds ``quote`` in a text; None for a blank quote."""
    words = quote.split()
    if not words:
        return None
    pieces = ["".join(_EQUIVALENT.get(char, re.escape(char)) for char in word) for word in words]
    return re.compile(r"\s+".join(pieces), re.IGNORECASE)


def find_quotes(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that any of ``quotes`` covers, sorted,
    with overlapping and touching occurrences merged into one span."""
    found = []
    for quote in set(quotes):
        pattern = quote_pattern(quote)
        if pattern is None:
            continue
        # Searching again one character after each start finds overlapping
        # occurrences too ("aa" twice in "aaa"), which finditer would skip.
        match = pattern.search(text)
        while match:
            found.append((match.start(), match.end()))
            match = pattern.search(text, match.start() + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_quotes(text: str, quotes: Iterable[str]) -> SafeString:
    """``text`` as escaped HTML paragraphs (``<p>``, ``<br>`` for single line
    breaks) with every occurrence of each quote wrapped in ``<mark>``.

    A mark never crosses a paragraph: a quote that runs over a paragraph
    break is marked in each paragraph it covers.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    spans = find_quotes(text, quotes)
    paragraphs = []
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        # Leading and trailing spaces of a paragraph would only add empty lines.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            paragraphs.append(f"<p>{_marked(text, start, end, spans)}</p>")
        if match:
            start = match.end()
    # Safe: every piece of the text went through escape(); only our tags did not.
    return mark_safe("\n".join(paragraphs))


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The escaped HTML of text[start:end], with the parts inside spans marked."""
    out = []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(_escaped(text[position:span_start]))
        out.append(f"<mark>{_escaped(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(_escaped(text[position:end]))
    return "".join(out)


def _escaped(segment: str) -> str:
    return escape(segment).replace("\n", "<br>\n")

"""Text that cannot be stored: a NUL (PostgreSQL refuses it in text) and a
lone UTF-16 surrogate (JSON's "\\ud800" decodes to one; it is no character,
so no UTF-8 text, and psycopg cannot send it). Every text input is checked
here: the API's JSON parser walks the whole body with ``first_unstorable``,
Django's own decoding of forms and query strings replaces what is not UTF-8
(so no surrogate arrives there), and the fields refuse a NUL."""

import re
from collections.abc import Iterator

NUL_MESSAGE = "Null characters are not allowed."
SURROGATE_MESSAGE = (
    "Contains a lone UTF-16 surrogate (such as \\ud800), which is not a character: "
    "send the text as UTF-8, with surrogate pairs joined."
)


def unstorable(text: str) -> str:
    """Why ``text`` cannot be stored, or "" when it can."""
    if "\x00" in text:
        return NUL_MESSAGE
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return ""


def printable(text: str, limit: int = 100) -> str:
    """``text`` safe to echo in an error: what cannot be encoded escaped, and cut short."""
    shown = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _strings(value: object, path: list[str]) -> Iterator[tuple[list[str], str]]:
    """Every string in decoded JSON (object keys included) with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield [*path, key], key
            yield from _strings(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, [*path, f"[{index}]"])


def first_unstorable(value: object) -> tuple[list[str], str] | None:
    """The path to the first string in ``value`` that cannot be stored (as
    printable names) and why; None when every string can be."""
    for path, text in _strings(value, []):
        if problem := unstorable(text):
            return [printable(part) for part in path], problem
    return None


def dotted(path: list[str]) -> str:
    """``["predictor", "name"]`` as "predictor.name", ``["tags", "[2]"]`` as "tags[2]"."""
    return "".join(
        part if part.startswith("[") or not i else f".{part}" for i, part in enumerate(path)
    )


# What XML 1.0 (an SVG, an Atom feed) cannot carry however it is escaped: the
# C0 controls but tab, line feed and carriage return, and two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text XML can hold: a template escapes it; this drops what no escaping can carry."""
    return _NOT_XML.sub("", value)

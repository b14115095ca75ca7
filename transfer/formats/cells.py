"""Spreadsheet cells that are safe to open: a spreadsheet runs a cell starting
with = + - @, a tab or a carriage return as a formula ("=HYPERLINK(…)" in a
claim would be a link that leaks data), so every CSV written here puts an
apostrophe before such a cell (spreadsheets show it as text), and the
importer strips exactly that apostrophe."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(text: str) -> bool:
    """Whether a cell needs the apostrophe: it starts with a formula's first
    character, or with apostrophes before one (so that the apostrophe a
    person typed survives the one the importer strips)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def escape_cell(text: str) -> str:
    return "'" + text if _guarded(text) else text


def unescape_cell(text: str) -> str:
    """escape_cell undone: one apostrophe, and only before what it guards."""
    if text.startswith("'") and _guarded(text[1:]):
        return text[1:]
    return text

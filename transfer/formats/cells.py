"""Spreadsheet cells that are safe to open: a spreadsheet runs a cell starting
with = + - @, a tab or a carriage return as a formula ("=HYPERLINK(…)" in a
claim would be a link that leaks data), so every CSV written here puts an
apostrophe before such a cell (spreadsheets show it as text), and the
importer strips exactly that apostrophe."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """escape_cell undone: one apostrophe, and only before what it guards."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text

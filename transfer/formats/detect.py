"""Which tracker a file came from, told by its contents, and the reader for it.

JSON is told by its shape: Hindsight's own files say ``"format": "hindsight"``;
PredictionBook's are its API's answers. CSV is told by its header row. The
file name is only a hint for the message when nothing fits.
"""

import json
from pathlib import PurePath

from transfer.formats import fatebook, hindsight_csv, predictionbook, predictionbook_csv
from transfer.formats.records import ParsedFile, UnreadableFile, csv_header

HINDSIGHT = "hindsight"
FORMATS = (HINDSIGHT, fatebook.FORMAT, predictionbook.FORMAT)
# Saved by a spreadsheet app in its own format rather than as CSV.
_WORKBOOKS = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


def detect_format(text: str, filename: str = "") -> str:
    """ "hindsight", "fatebook" or "predictionbook"; UnreadableFile, saying
    why, for anything else."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in _WORKBOOKS:
        raise UnreadableFile(
            f"“{filename}” is a spreadsheet workbook; save it as CSV, then import the CSV."
        )
    body = text.removeprefix("\ufeff").strip()
    if not body:
        raise UnreadableFile("The file is empty.")
    if body[0] in "[{":
        return _json_format(body)
    return _csv_format(body, suffix)


def _json_format(body: str) -> str:
    try:
        document: object = json.loads(body)
    except (json.JSONDecodeError, RecursionError) as error:
        raise UnreadableFile(f"The file looks like JSON but can't be read ({error}).") from None
    if isinstance(document, dict) and document.get("format") == HINDSIGHT:
        return HINDSIGHT
    if predictionbook.looks_like_predictionbook_json(document):
        return predictionbook.FORMAT
    raise UnreadableFile(
        "This JSON file isn't one that can be imported: it is neither a Hindsight export "
        "nor PredictionBook's predictions."
    )


def _csv_format(body: str, suffix: str) -> str:
    header = csv_header(body)
    if hindsight_csv.is_hindsight_csv_header(header):
        return HINDSIGHT
    if fatebook.is_fatebook_header(header):
        return fatebook.FORMAT
    if predictionbook_csv.is_predictionbook_csv_header(header):
        return predictionbook.FORMAT
    if suffix == ".json":
        raise UnreadableFile("The file is named .json but isn't JSON.")
    raise UnreadableFile(
        "The file's first line isn't a header this importer knows: expected Fatebook's "
        "export (“Question title”, “Forecast (scale = 0-1)”, …) or PredictionBook's "
        "(id, description, deadline, …)."
    )


def parse(text: str, format: str) -> ParsedFile:
    """Read ``text`` as ``format``, as named by ``detect_format``. Hindsight's
    own files have their own reader, not this one."""
    if format == fatebook.FORMAT:
        return fatebook.parse_fatebook_csv(text)
    if format == predictionbook.FORMAT:
        if text.removeprefix("\ufeff").lstrip().startswith(("[", "{")):
            return predictionbook.parse_predictionbook_json(text)
        return predictionbook_csv.parse_predictionbook_csv(text)
    if format == HINDSIGHT:
        if text.removeprefix("\ufeff").lstrip().startswith("{"):
            raise ValueError(
                "Hindsight's JSON is restored whole (transfer.restore), not read here."
            )
        return hindsight_csv.parse_hindsight_csv(text)
    raise ValueError(f"Unknown format “{format}”; known: {', '.join(FORMATS)}.")

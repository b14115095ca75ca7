"""PredictionBook's JSON API's predictions, and what its CSV export's reader
(predictionbook_csv) shares with it: ids, pages, visibility, outcomes.

PredictionBook (github.com/bellroy/predictionbook) serialises a prediction
(app/serializers/prediction_serializer.rb) as ``id``, ``description``,
``deadline``, ``created_at``, ``updated_at``, ``creator_id``, ``uuid``,
``withdrawn``, ``version``, ``visibility``, ``group_id``,
``prediction_group_id``, ``outcome`` and ``mean_confidence``, with its
``responses`` (app/serializers/response_serializer.rb): ``comment``,
``confidence`` (0-100, null for a comment alone), ``created_at``, ``id``,
``updated_at``, ``user_id`` and ``user_label``. ``/api/my_predictions``
(app/controllers/api/my_predictions_controller.rb) wraps them as
``{"user": {"user_id", "name", "email"}, "predictions": [...]}``; older
versions answered with a bare array.

``outcome`` is the latest judgement's: true (right), false (wrong) or null.
PredictionBook's third judgement, "unknown", is stored as null too and means
"not judged yet" (``Prediction#open?``), so null is an open prediction here,
never "unresolvable". ``visibility`` is ``visible_to_everyone``,
``visible_to_creator`` or ``visible_to_group`` (app/models/visibility.rb);
older files have a ``private`` flag instead.

``mean_confidence`` is the average of everyone's responses, never the
creator's own figure, so it is not read: the stated confidence is the
creator's first response, and the history all of the creator's responses.
Nothing here touches the network: the page URL is only written down.
"""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import partial

from transfer.formats.records import (
    SKIPPED_NOT_PUBLIC,
    SKIPPED_WITHDRAWN,
    ForecastPoint,
    IncomingPrediction,
    Outcome,
    ParsedFile,
    RowError,
    RowProblem,
    UnreadableFile,
    parse_number,
    parse_timestamp,
    split_tags,
)

FORMAT = "predictionbook"
PAGE_URL = "https://predictionbook.com/predictions/{id}"
# A link to a prediction's page, as Fatebook writes into the notes of a
# question it imported from PredictionBook.
PAGE_LINK = re.compile(r"predictionbook\.com/predictions/(\d+)", re.IGNORECASE)

PUBLIC = "visible_to_everyone"
NOT_PUBLIC = ("visible_to_creator", "visible_to_group")
# The enum's integers, for files that carry the stored value.
VISIBILITY_NUMBERS = {"0": PUBLIC, "1": "visible_to_creator", "2": "visible_to_group"}
OUTCOMES: dict[str, Outcome | None] = {
    "true": "right",
    "right": "right",
    "false": "wrong",
    "wrong": "wrong",
    "": None,
    "null": None,
    "unknown": None,
}


@dataclass(frozen=True)
class _Wrapper:
    """The account ``/api/my_predictions`` names, if the file has one."""

    user_id: str
    name: str


def page_url(prediction_id: str) -> str:
    return PAGE_URL.format(id=prediction_id)


def external_id(prediction_id: str) -> str:
    return f"{FORMAT}:{prediction_id}"


def source_title(prediction_id: str) -> str:
    return f"PredictionBook prediction {prediction_id}"


# --- JSON ---------------------------------------------------------------------


def looks_like_predictionbook_json(document: object) -> bool:
    """Whether a decoded JSON document has one of PredictionBook's shapes."""
    if isinstance(document, dict):
        if "format" in document:  # another tool's export (Hindsight's own says so)
            return False
        if isinstance(document.get("predictions"), list):
            return True
        return _looks_like_prediction(document)
    if isinstance(document, list) and document:
        return _looks_like_prediction(document[0])
    return False


def _looks_like_prediction(item: object) -> bool:
    return isinstance(item, dict) and {"id", "description", "deadline"} <= item.keys()


def parse_predictionbook_json(text: str) -> ParsedFile:
    """Read ``/api/my_predictions``'s answer, a bare array of predictions, or
    one prediction object."""
    try:
        document: object = json.loads(text.removeprefix("\ufeff"))
    except (json.JSONDecodeError, RecursionError) as error:
        raise UnreadableFile(f"This isn't JSON that can be read ({error}).") from error
    if not looks_like_predictionbook_json(document):
        raise UnreadableFile(
            "This JSON isn't PredictionBook's: it should be /api/my_predictions's answer "
            '({"user": …, "predictions": […]}), a list of predictions, or one prediction.'
        )
    wrapper, items = _unwrap(document)
    parsed = ParsedFile(format=FORMAT)
    for index, item in enumerate(items, start=1):
        take(parsed, index, partial(_read_json_prediction, item, wrapper))
    return parsed


def _unwrap(document: object) -> tuple[_Wrapper | None, list[object]]:
    if isinstance(document, list):
        return None, document
    assert isinstance(document, dict)  # looks_like_predictionbook_json said so
    predictions = document.get("predictions")
    if not isinstance(predictions, list):
        return None, [document]
    user = document.get("user")
    if not isinstance(user, dict):
        return None, predictions
    # The account's email is there too, and is never read: it isn't a name.
    return _Wrapper(as_text(user.get("user_id")), as_text(user.get("name"))), predictions


def _read_json_prediction(item: object, wrapper: _Wrapper | None) -> IncomingPrediction | str:
    if not isinstance(item, dict):
        raise RowError("prediction", "This entry isn't a prediction object.")
    skip = skip_reason(item.get("withdrawn"), _visibility(item))
    if skip:
        return skip
    prediction_id = read_prediction_id(item.get("id"))
    creator_id = as_text(item.get("creator_id")) or (wrapper.user_id if wrapper else "")
    if not creator_id:
        raise RowError(
            "creator_id",
            "“creator_id” is missing, so the creator's own "
            "confidence can't be told from other people's.",
        )
    history = _creator_history(item.get("responses"), creator_id)
    return IncomingPrediction(
        row=0,  # set by _take
        external_id=external_id(prediction_id),
        claim=_claim(item),
        person_name=_person_name(item, creator_id, wrapper),
        created_at=read_timestamp(item.get("created_at"), "created_at"),
        deadline=read_timestamp(item.get("deadline"), "deadline").date(),
        confidence=history[0].confidence if history else None,
        confidence_history=history,
        outcome=read_outcome(item.get("outcome")),
        resolved_at=_resolved_at(item),
        notes="",
        tags=_json_tags(item.get("tags")),
        source_url=page_url(prediction_id),
        source_title=source_title(prediction_id),
    )


def _visibility(item: Mapping[str, object]) -> str:
    if "visibility" in item:
        return as_text(item["visibility"])
    # Before visibility there was a ``private`` flag.
    return "visible_to_creator" if item.get("private") is True else PUBLIC


def _claim(item: Mapping[str, object]) -> str:
    # description_with_group puts a grouped prediction's group first
    # ("[Election] Party A wins"), which the bare description leaves out.
    claim = as_text(item.get("description_with_group")) or as_text(item.get("description"))
    if not claim:
        raise RowError("description", "“description” is blank; a prediction needs a claim.")
    return claim


def _person_name(item: Mapping[str, object], creator_id: str, wrapper: _Wrapper | None) -> str:
    if wrapper and wrapper.user_id == creator_id and wrapper.name:
        return wrapper.name
    label = as_text(item.get("creator_label"))
    if label:
        return label
    for response in _responses(item.get("responses")):
        if as_text(response.get("user_id")) == creator_id and as_text(response.get("user_label")):
            return as_text(response.get("user_label"))
    return ""


def _responses(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, list):
        return []
    return [response for response in value if isinstance(response, dict)]


def _creator_history(value: object, creator_id: str) -> tuple[ForecastPoint, ...]:
    """The creator's responses that carry a confidence, oldest first. Other
    people's responses are theirs, not the creator's, and are left out."""
    if value is not None and not isinstance(value, list):
        raise RowError("responses", "“responses” should be a list of responses.")
    points: list[tuple[datetime, int, ForecastPoint]] = []
    for position, response in enumerate(_responses(value)):
        if as_text(response.get("user_id")) != creator_id or response.get("confidence") is None:
            continue
        field = f"responses[{position}]"
        at = read_timestamp(response.get("created_at"), f"{field}.created_at")
        confidence = read_percentage(response.get("confidence"), f"{field}.confidence")
        points.append((at, position, ForecastPoint(at, confidence)))
    return tuple(point for _, _, point in sorted(points, key=lambda entry: entry[:2]))


def _resolved_at(item: Mapping[str, object]) -> datetime | None:
    # The serializer gives no judgement time; ``updated_at`` moves with any
    # edit, so it is no stand-in. A ``judged_at``, where a file has one, is.
    if read_outcome(item.get("outcome")) is None or item.get("judged_at") in (None, ""):
        return None
    return read_timestamp(item.get("judged_at"), "judged_at")


def _json_tags(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_tags(value)
    if isinstance(value, list):
        return split_tags(",".join(as_text(tag) for tag in value))
    return ()


# --- shared with the CSV reader (predictionbook_csv) -------------------------


def take(
    parsed: ParsedFile,
    row: int,
    read: Callable[[], IncomingPrediction | str],
    names: Mapping[str, str] | None = None,
) -> None:
    """Run one row's reader: a prediction is kept, a skip reason counted, a
    RowError recorded against the row (and the file's own column name)."""
    try:
        result = read()
    except RowError as error:
        column = names.get(error.column, error.column) if names else error.column
        parsed.problems.append(RowProblem(row, column, error.message))
        return
    if isinstance(result, str):
        parsed.skipped[result] += 1
        return
    parsed.predictions.append(replace(result, row=row))


def skip_reason(withdrawn: object, visibility: str) -> str:
    """Why a prediction is left out on purpose, or "" to read it."""
    if as_text(withdrawn).lower() in ("true", "t", "1", "yes"):
        return SKIPPED_WITHDRAWN
    visibility = VISIBILITY_NUMBERS.get(visibility, visibility)
    if visibility == PUBLIC:
        return ""
    if visibility in NOT_PUBLIC:
        return SKIPPED_NOT_PUBLIC
    raise RowError(
        "visibility",
        f"“visibility” is “{visibility}”; PredictionBook's are "
        f"{PUBLIC}, {' and '.join(NOT_PUBLIC)}.",
    )


def read_prediction_id(value: object) -> str:
    text = as_text(value)
    # ASCII digits only: "²" is a digit to str.isdigit, and no id.
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        raise RowError("id", f"“id” is “{text}”; a PredictionBook id is a whole number.")
    return str(int(text))


def read_timestamp(value: object, column: str) -> datetime:
    text = as_text(value)
    if not text:
        raise RowError(column, f"“{column}” is missing; it should be a date and time.")
    try:
        return parse_timestamp(text)
    except ValueError:
        raise RowError(column, f"“{column}” is “{text}”, which isn't a date.") from None


def read_percentage(value: object, column: str) -> Decimal:
    """A 0-100 confidence as 0..1."""
    number = None if isinstance(value, bool) else parse_number(as_text(value))
    if number is None:
        raise RowError(column, f"“{column}” is “{as_text(value)}”; it should be a number 0-100.")
    if not 0 <= number <= 100:
        raise RowError(column, f"“{column}” is {number}; a confidence is between 0 and 100.")
    return number / 100


def read_outcome(value: object) -> Outcome | None:
    key = as_text(value).strip().lower()
    if key not in OUTCOMES:
        raise RowError(
            "outcome", f"“outcome” is “{as_text(value)}”; expected true, false or nothing."
        )
    return OUTCOMES[key]


def as_text(value: object) -> str:
    """A JSON or CSV value as text: JSON's true/false/null as PredictionBook's
    Rails app writes them, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def linked_prediction_id(text: str) -> str | None:
    """The id of the first PredictionBook prediction linked in ``text``."""
    match = PAGE_LINK.search(text)
    return str(int(match[1])) if match else None

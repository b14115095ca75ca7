"""Keyset pages: a page of a sorted queryset found by where the last one
ended, not by how many rows came before it.

An OFFSET makes the database read and throw away every earlier row, and a
page count needs a COUNT(*) over everything that matches; both grow with the
ledger. A keyset page instead asks for the rows after (or before) one row's
sort key, a condition an index on that order answers directly, and fetches
one row more than it shows to know whether another page follows.

The order is the queryset's own ``order_by`` (so each list keeps one table of
orders, predictions.sorting), which must end with the id so each row's key
is unique. Each term is a field or an annotation by name ("-made_on",
"rank"), or ``F(name)`` ascending or descending; nulls are not supported
(coalesce a nullable column in an annotation, and index that expression).

The cursor is the key as JSON in URL-safe base64, with the order's names (a
cursor from one order means nothing in another) and "previous" for a link
backwards. Anyone can write one; a cursor that cannot be read is a
``BadCursor``, which a page answers with 400.
"""

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import Expression, OrderBy, Value
from django.db.models.lookups import Exact, GreaterThan, LessThan

MAX_CURSOR_LENGTH = 1000
BIGINT = 2**63


class BadCursor(ValueError):
    """A cursor this pager did not give out, or one for another order."""


@dataclass(frozen=True)
class Key:
    name: str  # the field or annotation, read from each row by that name
    descending: bool
    kind: type  # what its values are: date, datetime, int or float


@dataclass
class KeysetPage:
    object_list: list[Any]
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""


class RowComparison(Expression):
    """``(a, b, c) > (x, y, z)``: one condition an index on (a, b, c) serves
    as a range, where the equivalent ORs would each need their own."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, left: list[Any], operator: str, right: list[Any]):
        super().__init__()
        self.left, self.operator, self.right = left, operator, right

    def get_source_expressions(self) -> list[Any]:
        return [*self.left, *self.right]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.left, self.right = list(exprs[: len(self.left)]), list(exprs[len(self.left) :])

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sides, params = [], []
        for side in (self.left, self.right):
            parts = []
            for expression in side:
                sql, part_params = compiler.compile(expression)
                parts.append(sql)
                params.extend(part_params)
            sides.append(f"({', '.join(parts)})")
        return f"{sides[0]} {self.operator} {sides[1]}", tuple(params)


def keys_of(queryset: QuerySet[Any]) -> list[Key]:
    """The keys of the queryset's order, first to last."""
    terms = queryset.query.order_by or queryset.model._meta.ordering
    keys = []
    for term in terms:
        if isinstance(term, str):
            name, descending = term.lstrip("-"), term.startswith("-")
        elif isinstance(term, OrderBy) and isinstance(term.expression, F):
            if term.nulls_first or term.nulls_last:
                raise TypeError(f"a keyset order cannot place nulls: {term!r}")
            name, descending = str(term.expression.name), term.descending  # type: ignore[attr-defined]
        else:
            raise TypeError(f"a keyset order needs fields or annotations by name, not {term!r}")
        keys.append(Key("id" if name == "pk" else name, descending, _kind(queryset, name)))
    if not keys or keys[-1].name != "id":
        raise TypeError("a keyset order must end with the id, to be unique")
    return keys


def _kind(queryset: QuerySet[Any], name: str) -> type:
    if name in queryset.query.annotations:
        field = queryset.query.annotations[name].output_field
    else:
        field = queryset.model._meta.pk if name == "pk" else queryset.model._meta.get_field(name)
    if isinstance(field, models.DateTimeField):
        return datetime
    if isinstance(field, models.DateField):
        return date
    if isinstance(field, models.FloatField):
        return float
    if isinstance(field, models.IntegerField | models.AutoField | models.BigAutoField):
        return int
    raise TypeError(f"a keyset order cannot use {name} ({type(field).__name__})")


def _signature(keys: list[Key]) -> str:
    return ",".join(("-" if key.descending else "") + key.name for key in keys)


def encode(keys: list[Key], row: Any, *, previous: bool = False) -> str:
    values = [_dumped(getattr(row, key.name)) for key in keys]
    document = {"o": _signature(keys), "k": values, **({"p": 1} if previous else {})}
    raw = json.dumps(document, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _dumped(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def decode(keys: list[Key], cursor: str) -> tuple[list[Any], bool]:
    """The key values and the direction ``cursor`` holds, or BadCursor."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise BadCursor("The cursor is too long to be one of ours.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        document = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadCursor("The cursor could not be read.") from None
    if not isinstance(document, dict) or not isinstance(document.get("k"), list):
        raise BadCursor("The cursor could not be read.")
    if document.get("o") != _signature(keys) or len(document["k"]) != len(keys):
        raise BadCursor("The cursor belongs to another order of this list.")
    values = [_loaded(key, value) for key, value in zip(keys, document["k"], strict=True)]
    return values, document.get("p") == 1


def _loaded(key: Key, value: Any) -> Any:
    try:
        if key.kind is datetime and isinstance(value, str):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is not None:
                return moment
        elif key.kind is date and isinstance(value, str):
            return date.fromisoformat(value)
        elif key.kind is int and type(value) is int and -BIGINT <= value < BIGINT:
            return value
        elif key.kind is float and type(value) in (int, float) and math.isfinite(value):
            return float(value)
    except ValueError:
        pass
    raise BadCursor(f"The cursor's {key.name} is not one this list gave out.")


def _beyond(keys: list[Key], values: list[Any], *, backwards: bool) -> Q | RowComparison:
    """The rows after the key ``values`` in the order (before them, backwards)."""

    def later(key: Key) -> bool:  # whether "beyond" means greater for this key
        return key.descending == backwards

    def value(key: Key, raw: Any) -> Value:
        return Value(raw, output_field=_field_for(key.kind))

    if len({key.descending for key in keys}) == 1:
        operator = ">" if later(keys[0]) else "<"
        return RowComparison(
            [F(key.name) for key in keys],
            operator,
            [value(k, v) for k, v in zip(keys, values, strict=True)],
        )
    # Mixed directions (a search's best matches, then deadline): no index
    # serves the whole key, so spell out the lexicographic order.
    condition = Q()
    for index, key in enumerate(keys):
        ties = [
            Exact(F(k.name), value(k, v)) for k, v in zip(keys[:index], values[:index], strict=True)
        ]
        step = GreaterThan if later(key) else LessThan
        condition |= Q(*ties, step(F(key.name), value(key, values[index])))
    return condition


def _field_for(kind: type) -> "models.Field[Any, Any]":
    fields: dict[type, models.Field[Any, Any]] = {
        datetime: models.DateTimeField(),
        date: models.DateField(),
        int: models.BigIntegerField(),
        float: models.FloatField(),
    }
    return fields[kind]


def page(queryset: QuerySet[Any], size: int, cursor: str = "") -> KeysetPage:
    """The ``size`` rows of ``queryset`` that ``cursor`` points to (the first
    ones without it), in one query of ``size`` + 1 rows."""
    keys = keys_of(queryset)
    if not cursor:
        rows = list(queryset[: size + 1])
        return _page(keys, rows[:size], has_next=len(rows) > size, has_previous=False)
    values, backwards = decode(keys, cursor)
    after = queryset.filter(_beyond(keys, values, backwards=backwards))
    if backwards:
        rows = list(after.reverse()[: size + 1])
        return _page(keys, rows[:size][::-1], has_next=True, has_previous=len(rows) > size)
    rows = list(after[: size + 1])
    return _page(keys, rows[:size], has_next=len(rows) > size, has_previous=True)


def _page(keys: list[Key], rows: list[Any], *, has_next: bool, has_previous: bool) -> KeysetPage:
    found = KeysetPage(rows, has_next=has_next and bool(rows), has_previous=has_previous)
    if rows and found.has_next:
        found.next_cursor = encode(keys, rows[-1])
    if rows and found.has_previous:
        found.previous_cursor = encode(keys, rows[0], previous=True)
    return found

"""Fields the resources share, and the serializers every write is read
with: ``Serializer`` and ``ModelSerializer`` take JSON strictly (StrictInput)."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import limits
from core.display import account_name
from core.text import printable
from sources.models import Person
from sources.services import PersonReference, current_person


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "string",
                "description": "The slug of a person already in the ledger (a merged person's "
                "slug stands for whom they were merged into).",
                "example": "sam-altman",
            },
            {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "maxLength": 200, "example": "Sam Altman"},
                    "new": {
                        "type": "boolean",
                        "default": False,
                        "description": "This is someone else: add them even though their name "
                        "reads like someone's already in the ledger.",
                    },
                },
                "description": "A name: the one person with exactly this name, or the person "
                "whose slug it makes, is found; otherwise they are added. A name that "
                "normalises like others' (case, accents, punctuation, look-alike letters) "
                "answers 400 naming the field, with `candidates`: send one's slug, or "
                '`"new": true` if this is someone else.',
            },
        ]
    }
)
class PersonReferenceField(serializers.Field):
    """A person as a slug (must exist) or ``{"name": …, "new": …}`` (found or added).

    Gives the service a Person, or a PersonReference for it to find or add
    (sources.services.find_person, which asks about lookalikes).
    """

    default_error_messages = {
        "unknown": 'No person has the slug “{slug}”; send {{"name": "…"}} to add them.',
        "invalid": 'Send a person\'s slug, or an object with their name: {{"name": "…"}}.',
        "blank": "The name cannot be empty.",
        "too_long": "Keep the name to 200 characters.",
        "null_characters": "Null characters are not allowed.",
        "not_boolean": '"new" is true or false.',
    }

    def to_internal_value(self, data):
        # A NUL can never be stored (PostgreSQL refuses it in text), nor looked up.
        name = data.get("name") if isinstance(data, dict) else data
        if isinstance(name, str) and "\x00" in name:
            self.fail("null_characters")
        if isinstance(data, str):
            person = Person.objects.filter(slug=data.strip()).first()
            if person is None:
                self.fail("unknown", slug=data[:100])
            return current_person(person)
        if (
            isinstance(data, dict)
            and "name" in data
            and set(data) <= {"name", "new"}
            and isinstance(data["name"], str)
        ):
            name = data["name"].strip()
            if not name:
                self.fail("blank")
            if len(name) > 200:
                self.fail("too_long")
            new = data.get("new", False)
            if not isinstance(new, bool):
                self.fail("not_boolean")
            return PersonReference(name=name, new=new)
        self.fail("invalid")

    def to_representation(self, value):
        return {"slug": value.slug, "name": value.name}


class FiniteFloatField(serializers.FloatField):
    """A float that refuses NaN and infinity (which compare as in-range), and
    integers too large for a float (10**400 is valid JSON)."""

    def to_internal_value(self, data):
        try:
            value = super().to_internal_value(data)
        except OverflowError:
            raise serializers.ValidationError("Give a number between 0 and 1.") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise serializers.ValidationError("Give a number between 0 and 1.")
        return value


@extend_schema_field({"type": "string", "description": "A web address (http or https), or empty."})
class BlankableURLField(serializers.CharField):
    """A URL that may be empty. Checked in to_internal_value rather than with a
    validator, which drf-spectacular would publish as format "uri" (and the
    empty string is no URI)."""

    check_url = URLValidator(schemes=["http", "https"])

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            try:
                self.check_url(value)
            except DjangoValidationError:
                raise serializers.ValidationError(
                    "Enter a full web address (http or https)."
                ) from None
        return value


# What JSON type each kind of field takes: a wrong one is refused, not
# converted (DRF would store 123 as "123" and true as 1.0).
NUMBER = (int, float)
JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], str]] = [
    (serializers.BooleanField, (bool,), "true or false"),
    (serializers.CharField, (str,), "a string"),
    (serializers.ChoiceField, (str,), "a string"),
    (serializers.DateField, (str,), "a date as a string, YYYY-MM-DD"),
    (serializers.DateTimeField, (str,), "a date and time as a string"),
    (serializers.IntegerField, (int,), "a whole number"),
    (serializers.FloatField, NUMBER, "a number"),
    (serializers.PrimaryKeyRelatedField, (int,), "an id, a whole number"),
    (serializers.ListField, (list,), "a list"),
]


def json_type_error(field: serializers.Field, value: object) -> str:
    """Why ``value`` is the wrong JSON type for ``field``; "" when it is not.
    Null is left to the field, which knows whether it may be null."""
    if value is None:
        return ""
    for kind, types, expected in JSON_TYPES:
        if isinstance(field, kind):
            # bool is an int in Python, but true is not a number in JSON.
            if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
                break
            return f"Expected {expected}."
    else:
        return ""
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        for index, item in enumerate(value):
            problem = "Cannot be null." if item is None else json_type_error(field.child, item)
            if problem:
                return f"Item {index + 1}: {problem}"
    return ""


class StrictInput(serializers.Serializer):
    """Reads a JSON body strictly: a key it does not take (unknown, or
    read-only) is a 400 naming it, a value of the wrong JSON type is a 400
    naming its field, and a date outside core.limits' range too. A form-
    encoded body (a QueryDict, all text) is left to the fields as before."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping) and not hasattr(data, "getlist"):
            errors = self._key_errors(data) | self._type_errors(data)
            if errors:
                raise serializers.ValidationError(errors)
        validated = super().to_internal_value(data)
        dates = {
            name: [limits.DATE_RANGE_MESSAGE]
            for name, value in validated.items()
            if isinstance(value, dt.date) and not limits.date_in_range(value)
        }
        if dates:
            raise serializers.ValidationError(dates)
        return validated

    def _writable(self) -> list[str]:
        return [name for name, field in self.fields.items() if not field.read_only]

    def _key_errors(self, data: Mapping) -> dict[str, list[str]]:
        writable = self._writable()
        errors = {}
        for key in data:
            if key in writable:
                continue
            name = printable(str(key))
            if key in self.fields:
                errors[name] = ["Read-only: it cannot be set."]
            else:
                errors[name] = [f"Unknown field. This request takes: {', '.join(writable)}."]
        return errors

    def _type_errors(self, data: Mapping) -> dict[str, list[str]]:
        errors = {}
        for name, field in self.fields.items():
            if field.read_only or name not in data:
                continue
            if problem := json_type_error(field, data[name]):
                errors[name] = [problem]
        return errors


class Serializer(StrictInput):
    """What every write's body is read with (a plain serializer)."""


class ModelSerializer(StrictInput, serializers.ModelSerializer):
    # The ledger's URL fields may be blank (a source without a URL, say).
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: BlankableURLField,
    }


@extend_schema_field({"type": "string", "nullable": True, "example": "alice"})
class AccountNameField(serializers.Field):
    """An account by name, read-only: its username, "deleted user #<id>" once
    the account is closed (core.display), null for no account."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return account_name(value)

"""How much text each free-text field takes, and which dates the ledger takes:
the one table. Models give their fields these as max_length, which the
ModelForms and the API's ModelSerializers pick up; plain forms and
serializers use the same names. docs/api.md lists them.

Generous on purpose: a claim is a sentence, a quote a passage, a source's
captured text a long article; nothing a person writes by hand needs more."""

import datetime as dt

from django.core.exceptions import ValidationError

CLAIM = 500
QUOTE = 5_000  # a statement's verbatim words
QUOTE_CONTEXT = 5_000  # what surrounds a statement
NOTE = 5_000  # a resolution note, a proposed outcome's note
REASON = 2_000  # an editor's or a disputer's reason
MESSAGE = 2_000  # a message to the editors (asking to be a person)
DESCRIPTION = 5_000  # a person's or a source's description
SOURCE_TEXT = 200_000  # a source's captured text: about 30,000 words
TITLE = 500
NAME = 200  # a person's name or slug
URL = 1_000
DEADLINE_TEXT = 200  # a deadline in words
# The suggester's time grows with the text (about a fifth of a second for
# 20,000 characters of the worst text measured, a second for 200,000) and a
# call holds a web worker that long: the API and the article form both stop here.
SUGGEST_TEXT = 20_000

# Before the first and after the last day here, a date is a typing mistake
# (or arithmetic on it would leave the calendar).
EARLIEST_DATE = dt.date(1800, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
DATE_RANGE_MESSAGE = (
    f"Give a date between {EARLIEST_DATE.day} {EARLIEST_DATE:%B %Y} "
    f"and {LATEST_DATE.day} {LATEST_DATE:%B %Y}."
)


def date_in_range(value: dt.date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def validate_date(value: dt.date) -> None:
    """A form field's validator: the date is within the ledger's range."""
    if not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_range")

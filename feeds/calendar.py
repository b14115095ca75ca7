"""Deadlines as iCalendar (RFC 5545): one all-day event per unsettled (open or
due) prediction on its deadline, written event by event so a calendar of the
whole ledger streams in constant memory."""

from collections.abc import Iterable, Iterator
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event

from core.text import xml_text
from feeds.links import absolute
from predictions.models import Prediction
from predictions.templatetags.ledger_rows import unquoted

PRODUCT = "-//Hindsight//Deadlines//EN"


def uid(prediction: Prediction) -> str:
    """Stable across requests and edits (a calendar updates the event in
    place when the deadline moves): the prediction's id at the site's host."""
    host = urlsplit(settings.SITE_URL).hostname or "hindsight.invalid"
    return f"prediction-{prediction.pk}@{host}"


def event(prediction: Prediction) -> Event:
    link = absolute(prediction.get_absolute_url())
    description = f"{prediction.predictor.name} predicted: {prediction.claim}"
    if prediction.statement is not None:
        quote = unquoted(prediction.statement.text)
        description += f"\n\n“{quote}” ({prediction.statement.source.title})"
    description += f"\n\n{link}"
    entry = Event()
    entry.add("uid", uid(prediction))
    # When this version of the event was written: the prediction's last
    # change, so an unchanged prediction reads the same on every fetch.
    entry.add("dtstamp", prediction.updated_at)
    entry.add("last-modified", prediction.updated_at)
    entry.add("sequence", prediction.version)
    entry.add("dtstart", prediction.resolves_on)
    # All day: DTEND is exclusive, the day after the deadline.
    entry.add("dtend", prediction.resolves_on + timedelta(days=1))
    # RFC 5545's text holds no control characters; the ledger may.
    entry.add("summary", xml_text(prediction.claim))
    entry.add("description", xml_text(description))
    entry.add("url", link)
    entry.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return entry


def _header(name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Every property but the closing line: the events go in between.
    text = calendar.to_ical()
    return text[: text.rindex(b"END:VCALENDAR")]


def stream(name: str, predictions: Iterable[Prediction]) -> Iterator[bytes]:
    yield _header(name)
    for prediction in predictions:
        yield event(prediction).to_ical()
    yield b"END:VCALENDAR\r\n"

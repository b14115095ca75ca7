"""Fields the claim form and the edit form share: a deadline given as a date
or as words, confidence and tags."""

from datetime import date

from django import forms
from django.utils.dateparse import parse_date

from predictions.validation import no_deadline_found
from reading.deadlines import parse_deadline


class DeadlineReading(forms.Form):
    """For forms with a ``deadline`` field that takes a date or words: fills
    ``resolves_on`` and ``deadline_text`` in cleaned_data, or adds the error."""

    def _read_deadline(self, text: str, anchor: date) -> None:
        try:
            exact = parse_date(text) if len(text) == 10 else None
        except ValueError:  # well-formed but impossible, like 2026-02-30
            self.add_error("deadline", f"{text} is not a date in the calendar.")
            return
        if exact:
            self.cleaned_data.update(resolves_on=exact, deadline_text="")
            return
        found = parse_deadline(text, anchor)
        if found is None:
            self.add_error("deadline", no_deadline_found(text))
            return
        self.cleaned_data.update(resolves_on=found.resolves_on, deadline_text=found.matched)


def confidence_field() -> forms.FloatField:
    return forms.FloatField(
        label="Confidence",
        required=False,
        min_value=0,
        max_value=1,
        help_text="The probability the speaker gave, from 0 to 1; leave empty if none.",
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )


def tags_field() -> forms.CharField:
    return forms.CharField(
        label="Tags",
        required=False,
        max_length=1100,
        help_text="Separated by commas, e.g. “openai, open source”.",
    )


def split_tags(text: str | None) -> list[str]:
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]

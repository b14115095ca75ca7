"""Fields the claim form and the edit form share: a deadline given as a date
or as words, a confidence with its basis, and tags."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.dateparse import parse_date

from core import limits
from predictions.validation import MAX_HEDGE_LENGTH, no_deadline_found
from reading.deadlines import parse_deadline


def person_name_input(datalist_id: str) -> forms.TextInput:
    """A text input for a person's name whose datalist is filled with the
    names that match as they are typed (static/js/name-suggestions.js, from
    predictions.views.people.suggest_people)."""
    return forms.TextInput(
        attrs={
            "list": datalist_id,
            "autocomplete": "off",
            "data-suggest": reverse_lazy("predictions:suggest-people"),
        }
    )


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
            self._set_deadline(exact, "")
            return
        found = parse_deadline(text, anchor)
        if found is None:
            self.add_error("deadline", no_deadline_found(text))
            return
        self._set_deadline(found.resolves_on, found.matched)

    def deadline_unconfirmed(self) -> bool:
        """Words were turned into a date the filer has not yet seen and accepted
        (a form's hidden ``confirm_deadline`` holds the date they were shown)."""
        resolves_on = self.cleaned_data.get("resolves_on")
        return bool(
            self.cleaned_data.get("deadline_text")
            and resolves_on
            and self.cleaned_data.get("confirm_deadline") != resolves_on.isoformat()
        )

    def _set_deadline(self, resolves_on: date, deadline_text: str) -> None:
        # "in 5000 years" gives a date, but not one the ledger keeps.
        if not limits.date_in_range(resolves_on):
            self.add_error("deadline", limits.DATE_RANGE_MESSAGE)
            return
        self.cleaned_data.update(resolves_on=resolves_on, deadline_text=deadline_text)


PLAIN_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")


class ConfidenceField(forms.Field):
    """A probability typed as people write one: "70", "70%" or "0.7" are all
    0.7. A number above 1 (up to 100) is a percentage; with "%" it always is."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": "Enter a number such as 70, 70% or 0.7.",
        "range": "Give at most 100% (you gave {given}).",
    }

    def to_python(self, value: object) -> float | None:
        if isinstance(value, float | int) and not isinstance(value, bool):
            return float(value)
        text = str(value or "").strip()
        if not text:
            return None
        percent = text.endswith("%")
        digits = text.removesuffix("%").strip()
        # Plain decimals only: "1e1", "NaN" or "0,7" would be guesses.
        if not PLAIN_NUMBER.fullmatch(digits):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        number = Decimal(digits)
        if percent or number > 1:
            if number > 100:
                given = text if percent else f"{text}%"
                raise forms.ValidationError(
                    self.error_messages["range"].format(given=given), code="range"
                )
            number /= 100
        return float(number)

    def prepare_value(self, value: object) -> object:
        """A stored 0.875 is shown as "87.5%", which reads back as 0.875."""
        if isinstance(value, float | int) and not isinstance(value, bool):
            percent = f"{Decimal(str(value)) * 100:f}"
            return (percent.rstrip("0").rstrip(".") if "." in percent else percent) + "%"
        return value


def confidence_field() -> ConfidenceField:
    return ConfidenceField(
        label="Confidence",
        required=False,
        help_text="As a percentage or a probability: 70, 70% or 0.7. Leave empty if none.",
    )


# Whose number a confidence is, in the words the forms offer (the model's
# labels are for lists; these say what choosing one means).
BASIS_CHOICES = [
    ("stated", "Stated by the speaker: they gave this number"),
    ("hedge", "Read from the speaker's words by the ICD 203 table (“very likely” is 80–95%)"),
    ("filer", "My own estimate: shown, but not in the speaker's Brier score"),
]


def confidence_basis_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Whose number is it?",
        choices=BASIS_CHOICES,
        required=False,
        initial="filer",
        widget=forms.RadioSelect,
        help_text="Only a confidence from the speaker, in numbers or in words, counts in "
        "their Brier score and calibration.",
    )


def confidence_hedge_field() -> forms.CharField:
    return forms.CharField(
        label="The words it was read from",
        required=False,
        max_length=MAX_HEDGE_LENGTH,
        help_text="For a confidence read from the speaker's words: the hedge as it stands in "
        "the quote, e.g. “very likely”. Without a confidence, the middle of its range is used.",
    )


class ConfidenceBasisReading(forms.Form):
    """For forms with ``confidence``, ``confidence_basis`` and
    ``confidence_hedge``: what the service is to be given for them. A basis
    means nothing without a number (the radios always send one), except
    "hedge", whose words give the number; words mean nothing without "hedge"."""

    def confidence_arguments(self) -> dict:
        data = self.cleaned_data
        confidence, basis = data.get("confidence"), data.get("confidence_basis") or ""
        if confidence is None and basis != "hedge":
            basis = ""
        return {
            "confidence": confidence,
            "confidence_basis": basis,
            "confidence_hedge": (data.get("confidence_hedge") or "") if basis == "hedge" else "",
        }


def tags_field() -> forms.CharField:
    return forms.CharField(
        label="Tags",
        required=False,
        max_length=1100,
        help_text="Separated by commas, e.g. “openai, open source”.",
    )


def split_tags(text: str | None) -> list[str]:
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]

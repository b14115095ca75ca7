"""The claim form: one form for the whole chain, from source to deadline."""

from datetime import date

from django import forms
from django.utils import timezone

from core import limits
from core.forms import DomainErrorsMixin, ErrorSummaryMixin
from core.widgets import DATE_INPUT
from predictions.forms.fields import (
    ConfidenceBasisReading,
    DeadlineReading,
    confidence_basis_field,
    confidence_field,
    confidence_hedge_field,
    person_name_input,
    split_tags,
    tags_field,
)
from predictions.selectors.public import citable_statement
from predictions.validation import MAX_CLAIM_LENGTH, quote_source_errors
from reading.datelines import read_dateline
from sources.services import PersonReference


class ClaimForm(
    DeadlineReading, ConfidenceBasisReading, ErrorSummaryMixin, DomainErrorsMixin, forms.Form
):
    service_fields = {
        "resolves_on": "deadline",
        "deadline_text": "deadline",
        "made_on": "said_on",
        "speaker": "predictor",
        "predictor_slug": "predictor",
    }

    source_url = forms.URLField(
        label="Source URL", required=False, max_length=limits.URL, assume_scheme="https"
    )
    source_title = forms.CharField(label="Source title", required=False, max_length=limits.TITLE)
    source_publisher = forms.CharField(label="Publisher", required=False, max_length=limits.NAME)
    published_on = forms.DateField(
        label="Published on", required=False, widget=DATE_INPUT, validators=[limits.validate_date]
    )
    quote = forms.CharField(
        label="The words, verbatim",
        required=False,
        max_length=limits.QUOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Exactly as said or written; leave empty if there is no quote.",
    )
    quote_is_paraphrase = forms.BooleanField(
        label="These are the source’s words about what was said, not the speaker’s own "
        "(a paraphrase)",
        required=False,
    )
    # The article pasted in the article step, kept in the filer's session
    # (predictions.views.articles): its key, so that the source keeps its text.
    article = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    predictor = forms.CharField(
        label="Who said it",
        max_length=limits.NAME,
        help_text="Pick someone already in the ledger, or type a new name.",
        # The datalist starts with the first names and is filled with those
        # matching what is typed.
        widget=person_name_input("people"),
    )
    # The slug of the person picked: from the list (static/js/person-pick.js
    # fills it) or among the lookalikes the form asked about. Without it the
    # name alone finds them (sources.services.find_person).
    predictor_slug = forms.SlugField(
        required=False, max_length=limits.NAME, widget=forms.HiddenInput
    )
    predictor_new = forms.BooleanField(
        label="This is someone else: create a new person",
        required=False,
    )
    # A quote already in the ledger that this claim cites ("file another
    # prediction from this quote"): its words, speaker and source stand, and
    # the fields for them are not shown.
    statement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    said_on = forms.DateField(
        validators=[limits.validate_date],
        label="When it was said",
        required=False,
        help_text="Defaults to the source's publication date.",
        widget=DATE_INPUT,
    )
    claim = forms.CharField(
        label="The testable claim",
        max_length=MAX_CLAIM_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One sentence someone could check later, e.g. “OpenAI releases the weights "
        "of one of its models”.",
    )
    deadline = forms.CharField(
        label="Deadline",
        max_length=limits.DEADLINE_TEXT,
        help_text="A date (2026-06-30) or the words that set it (“within the next month”), "
        "counted from when it was said.",
    )
    confirm_deadline = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confidence = confidence_field()
    confidence_basis = confidence_basis_field()
    confidence_hedge = confidence_hedge_field()
    tags = tags_field()

    def clean_statement(self):
        pk = self.cleaned_data.get("statement")
        if pk is None:
            return None
        cited = citable_statement(pk)
        if cited is None:
            raise forms.ValidationError(
                "That quote is no longer in the ledger: give the words and where they were said."
            )
        return cited

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("statement") is None:
            # Checked again by the service; here so that the filer hears it
            # before confirming the deadline.
            self.add_service_errors(
                quote_source_errors(
                    quote=data.get("quote") or "",
                    source_url=data.get("source_url") or "",
                    source_title=data.get("source_title") or "",
                )
            )
        text = (data.get("deadline") or "").strip()
        if text:
            self._read_deadline(text, self.anchor())
        data["tag_list"] = split_tags(data.get("tags"))
        return data

    def anchor(self) -> date:
        cited = self.cleaned_data.get("statement")
        return (
            self.cleaned_data.get("said_on")
            or (cited.said_on if cited is not None else None)
            or self.cleaned_data.get("published_on")
            or timezone.localdate()
        )

    @property
    def needs_confirmation(self) -> bool:
        return self.deadline_unconfirmed()

    def predictor_reference(self) -> PersonReference:
        data = self.cleaned_data
        return PersonReference(
            name=data["predictor"],
            slug=data.get("predictor_slug") or "",
            new=bool(data.get("predictor_new")),
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        cited = data.get("statement")
        if cited is not None:
            # The quote stands as recorded: no words or source of the form's.
            return {
                **self._claim_arguments(),
                "made_on": data.get("said_on") or cited.said_on,
                "statement": cited,
            }
        return {**self._claim_arguments(), **self._quote_arguments()}

    def _claim_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "claim": data["claim"],
            "predictor": self.predictor_reference(),
            "resolves_on": data["resolves_on"],
            "deadline_text": data["deadline_text"],
            **self.confidence_arguments(),
            "tags": data["tag_list"],
        }

    def _quote_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "made_on": data.get("said_on")
            or (data.get("published_on") if data.get("quote") else None),
            "quote": data.get("quote") or "",
            "quote_is_paraphrase": bool(data.get("quote") and data.get("quote_is_paraphrase")),
            "source_url": data.get("source_url") or "",
            "source_title": data.get("source_title") or "",
            "source_publisher": data.get("source_publisher") or "",
            "published_on": data.get("published_on"),
        }


class ArticleForm(forms.Form):
    text = forms.CharField(
        label="The article's text",
        max_length=limits.SUGGEST_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=f"Up to {limits.SUGGEST_TEXT:,} characters: the part that holds the claims.",
    )
    url = forms.URLField(
        label="The article's web address",
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
    )
    title = forms.CharField(label="The article's title", required=False, max_length=limits.TITLE)
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=DATE_INPUT,
        validators=[limits.validate_date],
        help_text="Deadlines in the text count from this day, or from its dateline’s "
        "(“STOCKHOLM, 20 November 2026 —”) when it has one.",
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("published_on"):
            dateline, _ = read_dateline(data.get("text") or "", None)
            if dateline is None or dateline.said_on is None:
                self.add_error(
                    "published_on",
                    "Give the day it was published: the text has no dated dateline to read "
                    "it from.",
                )
        return data

"""The editors' and the people's own forms about a person: merging two records
of one person, and "this is me"."""

from django import forms

from core import limits
from core.forms import DomainErrorsMixin
from predictions.services.people import MAX_MESSAGE_LENGTH


class MergeForm(DomainErrorsMixin, forms.Form):
    into = forms.CharField(
        label="Merge into (their slug or exact name)",
        max_length=limits.NAME,
        help_text="The record that stays: this person's predictions, quotes and followers "
        "move there, and this page's address leads there from now on.",
    )
    # Set by the confirmation page, which lists what will move.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class LinkRequestForm(DomainErrorsMixin, forms.Form):
    message = forms.CharField(
        label="A message to the editors",
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How an editor can tell this account is yours: a link to a profile of yours "
        "that mentions this site, say.",
    )


class DeclineLinkForm(DomainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The person who asked sees it.",
    )

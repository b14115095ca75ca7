"""Editors' decisions: on a claim awaiting review, and on a proposed outcome.

Each form is posted by one of two buttons (``decision``) with an optional or
required reason; the service says when a reason is missing.
"""

from django import forms

from core import limits
from predictions.forms.actions import VersionedForm


class DecisionForm(VersionedForm):
    DECISIONS: tuple[str, ...] = ()
    CHOOSE = ""  # what to say when no decision is given
    decision = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_decision(self) -> str:
        decision = self.cleaned_data["decision"]
        if decision not in self.DECISIONS:
            raise forms.ValidationError(self.CHOOSE)
        return decision

    def service_arguments(self) -> dict:
        return {
            "decision": self.cleaned_data["decision"],
            "reason": self.cleaned_data["reason"],
            "expected_version": self.cleaned_data["version"],
        }


class ReviewForm(DecisionForm):
    DECISIONS = ("approve", "reject")
    CHOOSE = "Choose whether to approve or reject the claim."


class ProposalForm(DecisionForm):
    DECISIONS = ("confirm", "decline")
    CHOOSE = "Choose whether to confirm or decline the proposed outcome."

"""Editors' decisions: on a claim awaiting review, and on a proposed outcome.

Each form is posted by one of two buttons (``decision``) with an optional or
required reason; the service says when a reason is missing.
"""

from django import forms

from core import limits
from predictions.forms.actions import VersionedForm


class DecisionForm(VersionedForm):
    DECISIONS: tuple[str, ...] = ()
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
            raise forms.ValidationError(f"Choose {' or '.join(self.DECISIONS)}.")
        return decision

    def service_arguments(self) -> dict:
        return {
            "decision": self.cleaned_data["decision"],
            "reason": self.cleaned_data["reason"],
            "expected_version": self.cleaned_data["version"],
        }


class ReviewForm(DecisionForm):
    DECISIONS = ("approve", "reject")


class ProposalForm(DecisionForm):
    DECISIONS = ("confirm", "decline")

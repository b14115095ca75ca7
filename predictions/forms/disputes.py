"""Forms for disputes: a reader disputes a quote or an outcome; an editor
upholds or dismisses the dispute.

The service (predictions.services.disputes) checks everything again and names
the field at fault; these forms only read the input and show its errors.
"""

from django import forms

from core import limits
from core.forms import DomainErrorsMixin, ErrorSummaryMixin
from predictions.models import Dispute, Prediction
from predictions.services.disputes import (
    CORRECT,
    DISMISS,
    KEEP,
    MAX_REASON_LENGTH,
    MAX_URL_LENGTH,
    REOPEN,
    UPHOLD,
    UPHOLD_ACTIONS,
    WITHDRAW,
    disputable_subjects,
)

Subject = Dispute.Subject

# One line on each choice, shown beside its radio button.
SUBJECT_HINTS: dict[str, str] = {
    Subject.QUOTE: "The words are not what was said, not by this person, or not in this source.",
    Subject.OUTCOME: "The prediction came out otherwise than the ledger records.",
}
ACTION_LABELS = {
    REOPEN: "Reopen the prediction: clear the recorded outcome",
    CORRECT: "Correct the outcome: record the one chosen below instead",
    WITHDRAW: "Withdraw the prediction: the quote cannot stand",
    KEEP: "Keep the quote: it stands as now corrected, with this dispute upheld on the record",
}
BAD_URL = "Enter a full web address, e.g. https://example.com/news."


class HintedRadios(forms.RadioSelect):
    """Radio buttons, each described by its line of ``hints``."""

    def __init__(self, *args, hints: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(value, "")
        if option["hint"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_hint"
        return option


class SummarisedForm(ErrorSummaryMixin, DomainErrorsMixin, forms.Form):
    pass


def _reason_field(label: str, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
        error_messages={"required": required},
    )


def _evidence_field(label: str, help_text: str) -> forms.URLField:
    return forms.URLField(
        label=label,
        required=False,
        max_length=MAX_URL_LENGTH,
        assume_scheme="https",
        help_text=help_text,
        error_messages={"invalid": BAD_URL},
    )


class DisputeForm(SummarisedForm):
    subject = forms.ChoiceField(
        label="What do you dispute?",
        choices=Subject.choices,
        widget=HintedRadios(hints=SUBJECT_HINTS),
        error_messages={"required": "Choose what you dispute: the quote or the recorded outcome."},
    )
    reason = _reason_field(
        "What is wrong, and how do you know?",
        "Editors read this, and it is shown on the prediction's record.",
        "Say what is wrong, and how you know: editors read this.",
    )
    evidence_url = _evidence_field(
        "Evidence URL", "A page that shows it: the original recording, a transcript, a report."
    )

    def __init__(self, *args, prediction: Prediction, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what can be disputed now; any other choice still reaches
        # the service, whose refusal says why ("no recorded outcome yet").
        subjects = disputable_subjects(prediction)
        field = self.fields["subject"]
        field.widget.choices = [(v, label) for v, label in Subject.choices if v in subjects]
        if len(subjects) == 1:
            field.initial = subjects[0]

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("subject", "reason", "evidence_url")}


class SettleForm(SummarisedForm):
    """An editor's decision on one open dispute. Its fields carry the
    prediction's id and the dispute's number as a prefix: a page (the editors'
    queue) may show several at once."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[(UPHOLD, "Uphold: the dispute is right"), (DISMISS, "Dismiss: the record stands")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to uphold or dismiss the dispute."},
    )
    action = forms.ChoiceField(label="If upheld", required=False, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(
        label="The outcome to record instead (when correcting)",
        required=False,
        choices=[("", "Choose an outcome"), *Prediction.Outcome.choices],
    )
    note = forms.CharField(
        label="Note on the corrected outcome",
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_url = _evidence_field(
        "Evidence URL for the corrected outcome", "A page that shows what happened."
    )
    reason = _reason_field(
        "Reason",
        "Shown on the prediction's record, beside the dispute.",
        "Give a reason: it is shown on the prediction's record.",
    )

    def __init__(self, *args, dispute: Dispute, **kwargs):
        kwargs.setdefault("prefix", f"settle-{dispute.prediction_id}-{dispute.number}")
        super().__init__(*args, **kwargs)
        self.dispute = dispute
        actions = UPHOLD_ACTIONS[dispute.subject]
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [(action, ACTION_LABELS[action]) for action in actions]
        if CORRECT not in actions:
            # Only a corrected outcome needs an outcome, a note and evidence.
            for name in ("outcome", "note", "evidence_url"):
                del self.fields[name]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        optional = ("action", "outcome", "note", "evidence_url")
        return {
            "decision": data["decision"],
            "reason": data["reason"],
            **{name: data[name] for name in optional if name in data},
        }

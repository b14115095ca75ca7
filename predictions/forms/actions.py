"""Forms for what is done to a filed prediction: resolving, reopening or
withdrawing it with a reason, and editing it.

Each carries the ``version`` the page was loaded at, so the service can refuse
a write made on top of a change the person has not seen.
"""

from django import forms
from django.utils.formats import date_format

from core import limits
from core.forms import DomainErrorsMixin, ErrorSummaryMixin
from core.widgets import DATE_INPUT
from predictions import rules
from predictions.forms.fields import (
    ConfidenceBasisReading,
    DeadlineReading,
    confidence_basis_field,
    confidence_field,
    confidence_hedge_field,
    split_tags,
    tags_field,
)
from predictions.models import Prediction
from predictions.validation import MAX_CLAIM_LENGTH

# One line on each outcome, shown beside its radio button.
OUTCOME_HINTS = {
    Prediction.Outcome.RIGHT: "It happened as claimed, by the deadline.",
    Prediction.Outcome.WRONG: "It did not happen by the deadline.",
    Prediction.Outcome.PARTLY_RIGHT: "Some of it happened, or it happened late.",
    Prediction.Outcome.UNRESOLVABLE: "It cannot be settled: the claim is too vague, or the "
    "facts cannot be known.",
}

STALE_FORM = "This form is out of date or incomplete: reload the page and try again."


class OutcomeSelect(forms.RadioSelect):
    """Radio buttons, each described by its line of OUTCOME_HINTS."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = OUTCOME_HINTS.get(value, "")
        if option["hint"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_hint"
        return option


class VersionedForm(ErrorSummaryMixin, DomainErrorsMixin, forms.Form):
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM},
    )


class ResolveForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=Prediction.Outcome.choices,
        widget=OutcomeSelect,
        error_messages={"required": "Choose what happened."},
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=limits.NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened, and when. Shown on the prediction's page.",
    )
    evidence_url = forms.URLField(
        label="Evidence URL",
        required=False,
        max_length=limits.URL,
        assume_scheme="https",
        help_text="A page that shows what happened, e.g. an announcement or a news report.",
        error_messages={"invalid": "Enter a full web address, e.g. https://example.com/news."},
    )

    def __init__(self, *args, evidence_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if evidence_required:
            # A proposal: the service refuses one without evidence, naming the field.
            self.fields["evidence_url"].required = True
            self.fields["evidence_url"].help_text = (
                "Required: a page that shows what happened. An editor checks it before "
                "the outcome counts."
            )
            self.fields["evidence_url"].error_messages["required"] = (
                "Give the address of a page that shows what happened."
            )

    def service_arguments(self) -> dict:
        return {
            "outcome": self.cleaned_data["outcome"],
            "note": self.cleaned_data["note"],
            "evidence_url": self.cleaned_data["evidence_url"],
            "expected_version": self.cleaned_data["version"],
        }


class ReasonForm(VersionedForm):
    """Reopening and withdrawing: an editor says why, for the record."""

    reason = forms.CharField(
        label="Reason",
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the prediction's record.",
        error_messages={"required": "Give a reason: it is shown on the prediction's record."},
    )

    def service_arguments(self) -> dict:
        return {
            "reason": self.cleaned_data["reason"],
            "expected_version": self.cleaned_data["version"],
        }


class EditForm(DeadlineReading, ConfidenceBasisReading, VersionedForm):
    claim = forms.CharField(
        label="The testable claim",
        max_length=MAX_CLAIM_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    made_on = forms.DateField(
        validators=[limits.validate_date],
        label="Said on",
        widget=DATE_INPUT,
    )
    deadline = forms.CharField(label="Deadline", max_length=limits.DEADLINE_TEXT)
    # The date the new deadline words gave, once the editor has seen it.
    confirm_deadline = forms.CharField(required=False, widget=forms.HiddenInput)
    confidence = confidence_field()
    confidence_basis = confidence_basis_field()
    confidence_hedge = confidence_hedge_field()
    tags = tags_field()
    reason = forms.CharField(
        label="Why it changes",
        required=False,
        max_length=limits.REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown on the prediction's history. Needed when the claim or its dates "
        "change: readers should know why a claim reads differently from when it was filed.",
    )
    # What changes the record's meaning, and so needs a reason.
    NEEDS_REASON = ("claim", "made_on", "deadline")

    service_fields = {"resolves_on": "deadline", "deadline_text": "deadline"}
    # Each field and the prediction's fields it sets, to leave out those its
    # state locks (rules.locked_fields: a resolved one's claim, dates and
    # confidence).
    SETS = {
        "claim": {"claim"},
        "made_on": {"made_on"},
        "deadline": {"resolves_on", "deadline_text"},
        "confidence": {"confidence"},
        "confidence_basis": {"confidence_basis"},
        "confidence_hedge": {"confidence_hedge"},
    }

    def __init__(self, *args, prediction: Prediction, **kwargs):
        self.prediction = prediction
        kwargs.setdefault("initial", self.initial_for(prediction))
        super().__init__(*args, **kwargs)
        locked = rules.locked_fields(prediction)
        self.locked = [name for name, sets in self.SETS.items() if sets & locked]
        # Posted anyway (a hand-made request): a change is refused in clean,
        # rather than silently dropped.
        self.refused = [name for name in self.locked if self._posted_change(name)]
        for name in self.locked:
            del self.fields[name]
        if self.locked:
            return
        now = date_format(prediction.resolves_on, "j F Y")
        if prediction.deadline_text:
            now = f"“{prediction.deadline_text}” → {now}"
        self.fields["deadline"].help_text = (
            "A date (2026-06-30) or the words that set it (“within the next month”), "
            f"counted from when it was said. Now: {now}."
        )

    def _posted_change(self, name: str) -> bool:
        key = self.add_prefix(name)
        if not self.is_bound or key not in self.data:
            return False
        field = self.fields[name]
        posted = field.widget.value_from_datadict(self.data, self.files, key)
        return field.has_changed(self.get_initial_for_field(field, name), posted)

    @staticmethod
    def initial_for(prediction: Prediction) -> dict:
        # Tags come from the prefetch when the page loaded them with the prediction.
        tags = ", ".join(tag.name for tag in prediction.tags.all())
        return {
            "claim": prediction.claim,
            "made_on": prediction.made_on,
            "deadline": prediction.deadline_text or prediction.resolves_on.isoformat(),
            "confidence": prediction.confidence,
            "confidence_basis": prediction.confidence_basis or "filer",
            "confidence_hedge": prediction.confidence_hedge,
            "tags": tags,
            "version": prediction.version,
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        # Posted from a page loaded before the resolution, it is a conflict
        # instead (the service says so, by the version).
        if self.refused and data.get("version") == self.prediction.version:
            raise forms.ValidationError(rules.REOPEN_FIRST)
        # The deadline is read again only when its words or their anchor changed:
        # an untouched phrase keeps the date it gave when it was filed.
        text = (data.get("deadline") or "").strip()
        if text and data.get("made_on") and {"deadline", "made_on"} & set(self.changed_data):
            self._read_deadline(text, data["made_on"])
        data["tag_list"] = split_tags(data.get("tags"))
        changed = [name for name in self.NEEDS_REASON if name in self.changed_data]
        if changed and not (data.get("reason") or "").strip():
            self.add_error(
                "reason",
                f"Say why the {_listed(changed)} {'change' if len(changed) > 1 else 'changes'}: "
                "it is shown on the prediction's history.",
            )
        return data

    @property
    def needs_confirmation(self) -> bool:
        """New deadline words moved the date, and the editor has not yet seen where to."""
        moved = self.cleaned_data.get("resolves_on") != self.prediction.resolves_on
        return moved and self.deadline_unconfirmed()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        if self.locked:
            return {"changes": {"tags": data["tag_list"]}, "expected_version": data["version"]}
        changes = {
            "claim": data["claim"],
            "made_on": data["made_on"],
            **self.confidence_arguments(),
            "tags": data["tag_list"],
        }
        if "resolves_on" in data:
            changes.update(resolves_on=data["resolves_on"], deadline_text=data["deadline_text"])
        return {
            "changes": changes,
            "expected_version": data["version"],
            "reason": data.get("reason") or "",
        }


def _listed(names: list[str]) -> str:
    words = {"claim": "claim", "made_on": "date it was said", "deadline": "deadline"}
    shown = [words[name] for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]

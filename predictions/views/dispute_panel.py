"""What the disputes panel of a prediction's page shows
(templates/predictions/_disputes.html): its disputes, the form to open one
for whoever may, and the forms to settle each open one for an editor.

The page builds it with fresh forms; the dispute views build it again with
the form that was posted, errors and all, when they show the page again.
"""

from typing import Any

from predictions import rules, selectors, services
from predictions.forms.disputes import DisputeForm, SettleForm
from predictions.models import Prediction
from predictions.rules import Actor


def panel(
    user: Actor,
    prediction: Prediction,
    actions: set[str],
    *,
    dispute_form: DisputeForm | None = None,
    settle_form: SettleForm | None = None,
    problem: str = "",
    problem_number: int | None = None,
) -> dict[str, Any]:
    """The panel's context. ``problem`` is a refusal to show beside the
    dispute numbered ``problem_number``, or beside the form to open one."""
    subjects = services.disputable_subjects(prediction)
    disputable = rules.is_available("dispute", prediction) and bool(subjects)
    entries = []
    for dispute in selectors.prediction_disputes(prediction):
        form = None
        if dispute.is_open and "settle" in actions:
            posted = settle_form is not None and settle_form.dispute.pk == dispute.pk
            form = settle_form if posted else SettleForm(dispute=dispute)
        entries.append(
            {
                "dispute": dispute,
                "settle_form": form,
                "problem": problem if problem_number == dispute.number else "",
            }
        )
    if dispute_form is None and disputable and "dispute" in actions:
        dispute_form = DisputeForm(prediction=prediction)
    refusal = ""
    if disputable and dispute_form is None and user is not None and user.is_authenticated:
        refusal = rules.RULES["dispute"].refusal
    return {
        "disputes": entries,
        "disputable": disputable,
        "dispute_form": dispute_form,
        "dispute_refusal": refusal,
        "dispute_problem": problem if problem_number is None else "",
    }

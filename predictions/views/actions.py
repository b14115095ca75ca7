"""What is done to a filed prediction through the web: resolve, reopen,
withdraw and edit.

Each page loads the prediction, refuses (403) whoever predictions.rules
does not allow, and on a valid POST calls one service with the version the form
was loaded at. The service's domain errors become the page: InvalidInput beside
its fields; VersionConflict (someone changed the prediction meanwhile) or
InvalidTransition (its state no longer allows this) as a message with a link to
reload, status 409; NotPermitted as 403. The services are atomic, so a refusal
leaves nothing half-done.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, InvalidTransition, NotPermitted, VersionConflict
from predictions import rules, selectors, services
from predictions.forms.actions import EditForm, ReasonForm, ResolveForm, VersionedForm
from predictions.models import Prediction


@dataclass(frozen=True)
class ReasonedPage:
    """An action that takes a reason: the words on its page and its service."""

    verb: str
    explanation: str
    submit_label: str
    done: str
    service: Callable[..., Prediction]

    def context(self) -> dict[str, str]:
        return {
            "verb": self.verb,
            "explanation": self.explanation,
            "submit_label": self.submit_label,
            "done": self.done,
        }


REASONED = {
    "reopen": ReasonedPage(
        verb="Reopen",
        explanation="Reopening clears the outcome, note and evidence; the prediction goes back "
        "to open, or to due if its deadline has passed. The reason is kept on its history.",
        submit_label="Reopen it",
        done="Reopened: it is {status} again.",
        service=services.reopen_prediction,
    ),
    "withdraw": ReasonedPage(
        verb="Withdraw",
        explanation="Withdrawing takes the prediction off the record (filed in error, a "
        "duplicate, a misquote): it stays visible, marked withdrawn, and no longer counts. "
        "The reason is kept on its history.",
        submit_label="Withdraw it",
        done="Withdrawn. It stays on the ledger, and no longer counts in any record.",
        service=services.withdraw_prediction,
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def resolve(request, pk: int):
    """Record the outcome: resolved at once for an editor or a self-forecaster,
    a proposal for an editor to confirm from anyone else verified."""
    prediction = get_object_or_404(selectors.visible_predictions(request.user), pk=pk)
    action = "resolve" if rules.may("resolve", request.user, prediction) else "propose"
    if not rules.may(action, request.user, prediction):
        _refuse(request.user, "resolve")
    proposing = action == "propose"
    form = ResolveForm(
        _posted(request), initial={"version": prediction.version}, evidence_required=proposing
    )

    def perform() -> None:
        recorded = services.record_outcome(
            prediction=prediction, actor=request.user, **form.service_arguments()
        )
        outcome = Prediction.Outcome(form.cleaned_data["outcome"]).label
        if recorded.proposed:
            messages.success(
                request,
                f"Proposed: {outcome}. An editor checks the evidence; "
                "until then it counts nowhere.",
            )
        else:
            messages.success(request, f"Resolved: {outcome}. The outcome is now on the record.")

    return _form_page(
        request,
        prediction,
        action,
        form,
        perform,
        "predictions/resolve.html",
        {
            "proposing": proposing,
            "submit_label": "Propose this outcome" if proposing else "Record the outcome",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk: int):
    return _reasoned(request, pk, "reopen")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    return _reasoned(request, pk, "withdraw")


def _reasoned(request, pk: int, action: str):
    prediction = _prediction_for(request, pk, action)
    form = ReasonForm(_posted(request), initial={"version": prediction.version})
    page = REASONED[action]

    def perform() -> None:
        changed = page.service(
            prediction=prediction, actor=request.user, **form.service_arguments()
        )
        messages.success(request, page.done.format(status=changed.get_status_display().lower()))

    return _form_page(
        request, prediction, action, form, perform, "predictions/reason.html", page.context()
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    prediction = _prediction_for(request, pk, "edit")
    form = EditForm(_posted(request), prediction=prediction)
    if form.is_bound and form.is_valid() and form.needs_confirmation:
        # The date new deadline words give, shown before it is saved (the
        # page's script shows it as they are typed; without it, here).
        data = request.POST.copy()
        data["confirm_deadline"] = form.cleaned_data["resolves_on"].isoformat()
        return render(
            request,
            "predictions/edit.html",
            {
                "prediction": prediction,
                "form": EditForm(data, prediction=prediction),
                "confirming": form.cleaned_data,
                "submit_label": "Save the changes",
            },
        )

    def perform() -> None:
        edited = services.edit_prediction(
            prediction=prediction, actor=request.user, **form.service_arguments()
        )
        if edited.version == form.cleaned_data["version"]:
            messages.info(request, "Nothing changed, so nothing was saved.")
        else:
            messages.success(request, "Saved. The changes are on the prediction's history.")

    return _form_page(
        request,
        prediction,
        "edit",
        form,
        perform,
        "predictions/edit.html",
        {"submit_label": "Save the changes"},
    )


def _prediction_for(request, pk: int, action: str) -> Prediction:
    """The prediction, with what the page shows, if this user may do this to it."""
    prediction = get_object_or_404(selectors.visible_predictions(request.user), pk=pk)
    if not rules.may(action, request.user, prediction):
        _refuse(request.user, action)
    return prediction


def _refuse(user, action: str) -> None:
    """403, saying what would help: confirming the address, or who may."""
    try:
        rules.require_verified(user)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    raise PermissionDenied(rules.RULES[action].refusal)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(
    request,
    prediction: Prediction,
    action: str,
    form: VersionedForm,
    perform: Callable[[], None],
    template: str,
    context: dict,
) -> HttpResponse:
    """Perform a valid POST and go back to the prediction; otherwise show the
    form again with what stood in the way."""
    conflict = ""
    if form.is_bound and form.is_valid():
        try:
            perform()
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except (VersionConflict, InvalidTransition) as error:
            conflict = str(error)
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        else:
            return redirect(prediction)
    if conflict:
        # Show the prediction as it is now, not as the form last saw it.
        prediction = get_object_or_404(selectors.any_predictions(), pk=prediction.pk)
    unavailable = ""
    if not conflict and not rules.is_available(action, prediction):
        unavailable = rules.RULES[action].unavailable_for(prediction)
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        template,
        {
            **context,
            "prediction": prediction,
            "form": form,
            "conflict": conflict,
            "unavailable": unavailable,
        },
        status=status,
    )

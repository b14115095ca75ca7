"""The editors' queue at /review/ and the decisions taken from it (and from a
prediction's page): approve or reject a claim, confirm or decline a proposed
outcome. Each decision is one service call, recorded on the history."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.errors import InvalidInput, InvalidTransition, NotPermitted, VersionConflict
from predictions import rules, selectors, services
from predictions.forms.review import DecisionForm, ProposalForm, ReviewForm
from predictions.selectors import review as review_selectors

QUEUE_REFUSAL = "Only editors see the review queue."

DONE = {
    "approve": "Approved: the claim is published and counts in its predictor's record.",
    "reject": "Rejected: the claim stays at its address for its filer, with your reason.",
    "confirm": "Confirmed: the prediction is resolved as proposed.",
    "decline": "Declined: the prediction stays unresolved; your reason is on its history.",
}


@login_required
@require_GET
def queue(request):
    if not rules.is_editor(request.user):
        raise PermissionDenied(QUEUE_REFUSAL)
    return render(
        request,
        "predictions/review/queue.html",
        {
            "pending": review_selectors.pending_claims(),
            "proposals": review_selectors.pending_proposals(),
            "open_disputes": selectors.open_disputes()[: review_selectors.QUEUE_LENGTH],
            "link_requests": selectors.pending_link_requests()[: review_selectors.QUEUE_LENGTH],
        },
    )


@login_required
@require_POST
def review(request, pk: int):
    return _decide(request, pk, "review", ReviewForm, services.review_claim)


@login_required
@require_POST
def proposal(request, pk: int):
    return _decide(request, pk, "confirm", ProposalForm, services.decide_proposal)


def _decide(request, pk: int, action: str, form_class: type[DecisionForm], service: Callable):
    prediction = get_object_or_404(selectors.visible_predictions(request.user), pk=pk)
    if not rules.may(action, request.user, prediction):
        raise PermissionDenied(rules.RULES[action].refusal)
    form = form_class(request.POST)
    problem = ""
    if form.is_valid():
        try:
            service(prediction=prediction, actor=request.user, **form.service_arguments())
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except (VersionConflict, InvalidTransition) as error:
            problem = str(error)
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, DONE[form.cleaned_data["decision"]])
            return redirect(_back(request, prediction))
    return render(
        request,
        "predictions/review/decision.html",
        {"prediction": prediction, "form": form, "conflict": problem, "action": action},
        status=409 if problem else 400,
    )


def _back(request, prediction) -> str:
    """Where the decision was taken: the queue or the prediction's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return prediction.get_absolute_url()

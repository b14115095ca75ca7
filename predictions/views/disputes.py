"""Disputing a prediction, and settling a dispute, from its page.

Both forms live on the prediction's page (its disputes panel) and POST here.
A valid POST calls one service and goes back to the page; otherwise the page
is shown again with the posted form: its field errors with 400, a state that
no longer allows it (a withdrawn prediction, a dispute settled meanwhile) with
409. Whoever predictions.rules does not allow gets the 403 page with the rule's
words; an anonymous visitor is sent to sign in first.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules, selectors, services
from predictions.forms.disputes import DisputeForm, SettleForm
from predictions.models import Dispute, Prediction
from predictions.views.ledger import PredictionDetailView


@require_http_methods(["GET", "POST"])
def open_dispute(request, pk: int) -> HttpResponse:
    prediction = _visible(request, pk)
    here = f"{prediction.get_absolute_url()}#dispute"
    if request.method == "GET" or not request.user.is_authenticated:
        # The form is on the prediction's page (after signing in, if need be).
        return redirect(here) if request.method == "GET" else redirect_to_login(here)
    _require("dispute", request, prediction)
    form = DisputeForm(request.POST, prediction=prediction)
    if form.is_valid():
        try:
            dispute = services.open_dispute(
                prediction=prediction, actor=request.user, **form.service_arguments()
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except InvalidTransition as error:
            return _page_again(request, prediction, 409, problem=str(error))
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(
                request,
                f"Dispute {dispute.number} is open. An editor will uphold or dismiss it; "
                "the decision will be shown here.",
            )
            return redirect(f"{prediction.get_absolute_url()}#dispute-{dispute.number}")
    return _page_again(request, prediction, 400, dispute_form=form)


@require_http_methods(["GET", "POST"])
def settle(request, pk: int, number: int) -> HttpResponse:
    prediction = _visible(request, pk)
    here = f"{prediction.get_absolute_url()}#dispute-{number}"
    if request.method == "GET" or not request.user.is_authenticated:
        return redirect(here) if request.method == "GET" else redirect_to_login(here)
    _require("settle", request, prediction)
    dispute = get_object_or_404(Dispute, prediction=prediction, number=number)
    form = SettleForm(request.POST, dispute=dispute)
    if form.is_valid():
        try:
            settled = services.settle_dispute(
                dispute=dispute, actor=request.user, **form.service_arguments()
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except InvalidTransition as error:
            return _page_again(request, prediction, 409, problem=str(error), problem_number=number)
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from error
        else:
            state = settled.get_state_display().lower()
            messages.success(request, f"Dispute {number} {state}. The decision is on the record.")
            return redirect(_next(request) or here)
    return _page_again(request, prediction, 400, settle_form=form)


def _visible(request, pk: int) -> Prediction:
    """The prediction, if this visitor may see it (to anyone else it does not exist)."""
    prediction = get_object_or_404(selectors.ledger_predictions(), pk=pk)
    if not rules.can_see(request.user, prediction):
        raise Http404("No such prediction.")
    return prediction


def _require(action: str, request, prediction: Prediction) -> None:
    try:
        rules.require_permitted(action, request.user, prediction)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error


def _next(request) -> str:
    """Where a settle form asked to go back to (the editors' queue), if it is ours."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ""


def _page_again(request, prediction: Prediction, status: int, **forms) -> HttpResponse:
    """The prediction's page as it is now, with the posted form and what stood in its way."""
    view = PredictionDetailView(dispute_forms=forms)
    view.setup(request, pk=prediction.pk)
    response = view.get(request, pk=prediction.pk)
    response.status_code = status
    return response

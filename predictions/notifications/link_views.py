"""Pages the links in emails open: record an outcome, stop a kind of email.

Neither needs a sign-in: the signed token in the address says who the link
was sent to. Link scanners and previews follow GETs, so a GET only ever shows
a confirmation; the change happens on the POST that page sends.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import InvalidInput, InvalidTransition, NotPermitted, VersionConflict
from predictions import notifications, rules, selectors, services
from predictions.forms.actions import ResolveForm
from predictions.models import Notification, Prediction
from predictions.notifications import links
from predictions.notifications.link_states import LinkState, OpenedLink, open_resolve_link

PROBLEMS = {
    LinkState.INVALID: (
        400,
        "This link is not valid",
        "The address is incomplete or was changed. Open the link from the email again, "
        "or record the outcome on the prediction's page.",
    ),
    LinkState.EXPIRED: (
        410,
        "This link has expired",
        "Links to record an outcome work for 30 days. You can still record it on the "
        "prediction's page.",
    ),
    LinkState.GONE: (
        410,
        "This link no longer works",
        "What it pointed to is no longer on the ledger.",
    ),
}


def _problem(request, kind: LinkState, prediction: Prediction | None = None):
    status, title, explanation = PROBLEMS[kind]
    return _refusal(request, status, title, explanation, prediction)


def _refusal(request, status: int, title: str, explanation: str, prediction=None):
    """The page for every link that changes nothing: why, and where to go."""
    return render(
        request,
        "notifications/email_link_problem.html",
        {"title": title, "explanation": explanation, "prediction": prediction},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def resolve(request, token: str):
    opened = open_resolve_link(token=token, outcome=request.GET.get("outcome"), user=request.user)
    if isinstance(opened, LinkState):
        return _problem(request, opened)
    match opened.state:
        case LinkState.SETTLED:
            return _already_settled(request, opened.prediction)
        case LinkState.PROPOSED:
            return _already_settled(request, opened.prediction)
        case LinkState.NOT_PERMITTED:
            return _cannot_resolve(request, opened.prediction, opened.recipient)
        case LinkState.SOMEONE_ELSES:
            return _refusal(
                request,
                403,
                "This link is someone else's",
                f"It was emailed to {opened.recipient.get_username()}, and you are signed in "
                f"as {request.user.get_username()}. Record the outcome from the prediction's "
                "page instead, or sign out and follow the link again.",
                opened.prediction,
            )
    return _confirm(request, opened)


def _confirm(request, opened: OpenedLink):
    """The confirmation page; its POST records the outcome under the recipient's name."""
    prediction, recipient = opened.prediction, opened.recipient
    form = ResolveForm(
        request.POST if request.method == "POST" else None,
        initial={"version": prediction.version, "outcome": opened.outcome},
        evidence_required=opened.proposing,
    )
    conflict = ""
    if form.is_bound and form.is_valid():
        if form.cleaned_data["outcome"] != opened.outcome:
            return _problem(request, LinkState.INVALID)
        try:
            recorded = services.record_outcome(
                prediction=prediction, actor=recipient, **form.service_arguments()
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        except InvalidTransition:
            return _already_settled(request, prediction)
        except VersionConflict as error:
            conflict = str(error)
        except NotPermitted:
            return _cannot_resolve(request, prediction, recipient)
        else:
            label = Prediction.Outcome(opened.outcome).label
            done = "Proposed" if recorded.proposed else "Resolved"
            messages.success(request, f"{done}: {label}. Thank you, {recipient.get_username()}.")
            return redirect(prediction)
    return render(
        request,
        "notifications/email_resolve.html",
        {
            "prediction": prediction,
            "recipient": recipient,
            "outcome": Prediction.Outcome(opened.outcome),
            "proposing": opened.proposing,
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


def _cannot_resolve(request, prediction: Prediction, recipient):
    refusal = rules.RULES["resolve"].refusal
    if not rules.is_verified(recipient):
        refusal = rules.UNCONFIRMED
    return _refusal(request, 403, "You can no longer resolve this prediction", refusal, prediction)


def _already_settled(request, prediction: Prediction):
    """The link was used, or someone else got there first: say who and how."""
    prediction = (
        selectors.any_predictions()
        .select_related("resolved_by", "proposed_by")
        .get(pk=prediction.pk)
    )
    return render(
        request, "notifications/email_already_settled.html", {"prediction": prediction}, status=410
    )


# Mail providers send RFC 8058's one-click POST without any cookie or CSRF
# token; the signed token is the credential, and all it can do is stop mail.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, kinds = links.read_unsubscribe_token(token)
    except links.LinkInvalid:
        return _problem(request, LinkState.INVALID)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return _problem(request, LinkState.GONE)
    labels = [Notification.Kind(kind).label.lower() for kind in kinds]
    done = request.method == "POST"
    if done:
        notifications.unsubscribe(user_id=user.pk, kinds=kinds)
    return render(
        request,
        "notifications/email_unsubscribe.html",
        {
            "done": done,
            "what": " and ".join(f"{label} emails" for label in labels),
            "subscriber": user,
        },
    )

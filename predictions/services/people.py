"""People as editors keep them: two records of one person merged into one,
and a person linked to their own account.

Merging moves the predictions here, each with an ``edited`` event, and hands
the rest (statements, the account, link requests) to sources.services; the
merged person's slug leads to the other from then on. A link request is a
verified user saying "this is me"; an editor approves it (the person's
``account`` is set) or declines it with a reason.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core import limits
from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules
from predictions.models import Follow, Prediction, PredictionEvent
from predictions.records.totals import invalidate_records
from predictions.rules import Actor
from predictions.search import refresh_search_documents
from predictions.services._common import append_event, save, user
from sources import services as source_services
from sources.models import AccountLinkRequest, Person

MAX_MESSAGE_LENGTH = limits.MESSAGE
Pending = AccountLinkRequest.State.PENDING


@dataclass(frozen=True)
class Merged:
    """What a merge moved."""

    predictions: int
    follows: int


@transaction.atomic
def merge_people(*, from_person: Person, into_person: Person, actor: Actor) -> Merged:
    """Make ``from_person`` a former record of ``into_person``: their
    predictions, statements and followers move there, and so does their
    account if ``into_person`` has none (if both have one, it is refused)."""
    rules.require_editor(actor, "Only an editor may merge people.")
    # Both rows locked, in a fixed order, so two merges cannot cross; NO KEY
    # (neither row is deleted), so a filing about either, which checks its key
    # to them at commit while holding their totals rows, does not wait on us.
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update(no_key=True)
        .filter(pk__in=[from_person.pk, into_person.pk])
        .order_by("pk")
    }
    source, target = locked[from_person.pk], locked[into_person.pk]
    check_merge(source, target)

    predictions = list(
        Prediction.objects.select_for_update(no_key=True).filter(predictor=source).order_by("pk")
    )
    # The records they leave; append_event drops the ones they join.
    invalidate_records([prediction.pk for prediction in predictions])
    for prediction in predictions:
        prediction.predictor = target
        save(prediction, ["predictor"])
        append_event(
            prediction,
            PredictionEvent.Kind.EDITED,
            actor,
            {"changes": {"predictor": [source.slug, target.slug]}, "merge": True},
        )
    # Their vectors hold their predictor's name (predictions.search).
    refresh_search_documents([prediction.pk for prediction in predictions])
    following_both = Follow.objects.filter(person=target).values("user")
    Follow.objects.filter(person=source, user__in=following_both).delete()
    follows = Follow.objects.filter(person=source).update(person=target)
    source_services.merge_person_records(from_person=source, into_person=target)
    return Merged(predictions=len(predictions), follows=follows)


def check_merge(source: Person, target: Person) -> None:
    """Refuse a merge that cannot be (merge_people asks again, on locked rows):
    the confirmation page says so before the editor confirms."""
    if source.pk == target.pk:
        raise InvalidInput.field("into", "A person cannot be merged into themselves.")
    if source.merged_into_id is not None:
        raise InvalidTransition(f"{source.name} has been merged into someone already.")
    if target.merged_into_id is not None:
        raise InvalidInput.field(
            "into",
            f"{target.name} has been merged into someone else: merge into that person instead.",
        )
    if source.account_id is not None and target.account_id is not None:
        raise InvalidInput.field(
            "into",
            f"Both {source.name} and {target.name} are linked to accounts: one person has one "
            "account, so unlink one of them first.",
        )


# --- "This is me" -------------------------------------------------------------


@transaction.atomic
def request_account_link(
    *, person: Person, account: Actor, message: str = ""
) -> AccountLinkRequest:
    """``account`` asks to be recognised as ``person``: a pending request for
    an editor. One pending request per person and account; refused when the
    person has an account already or the account is someone's already."""
    rules.require_verified(account)
    if account is None or not isinstance(account, User):
        raise NotPermitted(rules.SIGN_IN)
    message = message.strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise InvalidInput.field("message", f"Keep the message to {MAX_MESSAGE_LENGTH} characters.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.merged_into_id is not None:
        raise InvalidTransition(f"{person.name} has been merged into someone else.")
    if person.account_id is not None:
        raise InvalidTransition(f"{person.name} is linked to an account already.")
    if Person.objects.filter(account=account).exists():
        raise InvalidTransition("Your account is linked to a person already.")
    if AccountLinkRequest.objects.filter(person=person, user=account, state=Pending).exists():
        raise InvalidTransition(
            f"You have asked already: an editor will look at your request to be {person.name}."
        )
    return AccountLinkRequest.objects.create(person=person, user=account, message=message)


@transaction.atomic
def approve_account_link(*, link_request: AccountLinkRequest, actor: Actor) -> AccountLinkRequest:
    """Link the person to the account that asked; the other pending requests
    for that person, and that account's for other people, are declined."""
    rules.require_editor(
        actor, "Only an editor may approve a link between a person and an account."
    )
    request = _lock_pending(link_request)
    person = Person.objects.select_for_update().get(pk=request.person_id)
    if person.account_id is not None:
        raise InvalidTransition(f"{person.name} is linked to an account already.")
    if Person.objects.filter(account_id=request.user_id).exists():
        raise InvalidTransition(f"{request.user} is linked to another person already.")
    person.account_id = request.user_id
    person.save(update_fields=["account"])
    _decide(request, AccountLinkRequest.State.APPROVED, actor, reason="")
    others = AccountLinkRequest.objects.select_for_update().filter(state=Pending)
    for other in others.filter(person=person):
        _decide(
            other, AccountLinkRequest.State.DECLINED, actor, "Another account is this person's."
        )
    for other in others.filter(user_id=request.user_id):
        _decide(
            other,
            AccountLinkRequest.State.DECLINED,
            actor,
            f"This account was linked to {person.name}.",
        )
    return request


@transaction.atomic
def decline_account_link(
    *, link_request: AccountLinkRequest, actor: Actor, reason: str
) -> AccountLinkRequest:
    rules.require_editor(
        actor, "Only an editor may decline a link between a person and an account."
    )
    if not reason or not reason.strip():
        raise InvalidInput.field("reason", "Give a reason: the person who asked will see it.")
    request = _lock_pending(link_request)
    _decide(request, AccountLinkRequest.State.DECLINED, actor, reason.strip())
    return request


def _lock_pending(link_request: AccountLinkRequest) -> AccountLinkRequest:
    request = AccountLinkRequest.objects.select_for_update().get(pk=link_request.pk)
    if request.state != Pending:
        raise InvalidTransition(f"This request has been {request.get_state_display().lower()}.")
    return request


def _decide(request: AccountLinkRequest, state: str, actor: Actor, reason: str) -> None:
    request.state = state
    request.decided_by = user(actor)
    request.decided_at = timezone.now()
    request.reason = reason
    request.save(update_fields=["state", "decided_by", "decided_at", "reason"])

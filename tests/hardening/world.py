"""A small ledger with something in every state a write can act on, for the
bad-input tables and the form fuzzer: each bad input is sent to it and must
leave it exactly as it was."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from accounts.models import AccountEmail, ApiToken
from predictions import services
from predictions.models import Dispute, Prediction, PredictionEvent, Tag
from predictions.services.people import request_account_link
from sources.models import AccountLinkRequest, Person, Source, Statement
from tests.predictions.disputes import EVIDENCE, published, resolved
from tests.support.factories import UserFactory

# A megabyte of text: under the request body limit, over every field's limit.
HUGE = "x" * 1_000_000
NUL = "a\x00b"
# What JSON's "\ud800" decodes to: a lone surrogate, which no UTF-8 text holds.
SURROGATE = "Pro\ud800be"


@dataclass
class World:
    editor: User
    contributor: User
    open: Prediction  # published, with a quote, due on 20 March 2026
    pending: Prediction  # filed by the contributor, awaiting review
    proposed: Prediction  # published, with the contributor's proposed outcome
    resolved: Prediction
    disputed: Prediction  # published, with dispute number 1 open
    source: Source
    person: Person
    link_request: AccountLinkRequest

    def fresh(self, name: str) -> Prediction:
        return Prediction.objects.get(pk=getattr(self, name).pk)


def build_world(editor: User, contributor: User) -> World:
    """Needs the tests' frozen clock (10 March 2026)."""
    pending = services.file_claim(
        filed_by=contributor,
        claim="The harbour tunnel opens",
        predictor="A Harbour Master",
        resolves_on=dt.date(2026, 12, 31),
    )
    proposed = services.propose_outcome(
        prediction=published(editor, quote=False),
        outcome="right",
        actor=contributor,
        evidence_url=EVIDENCE,
    )
    disputed = published(editor)
    services.open_dispute(
        prediction=disputed, actor=contributor, subject="quote", reason="Misquoted."
    )
    person = Person.objects.get(name="A Mayor")
    # Someone else asks to be the mayor, for an editor to decline.
    link_request = request_account_link(
        person=person, account=UserFactory(username="erin"), message="It is me."
    )
    return World(
        editor=editor,
        contributor=contributor,
        open=published(editor),
        pending=pending,
        proposed=proposed,
        resolved=resolved(editor),
        disputed=disputed,
        source=Source.objects.first() or Source.objects.create(title="A source"),
        person=person,
        link_request=link_request,
    )


MODELS = [
    Prediction,
    PredictionEvent,
    Person,
    Source,
    Statement,
    Dispute,
    Tag,
    AccountLinkRequest,
    ApiToken,
    AccountEmail,
    User,
]


def counts() -> dict[str, int]:
    """How many rows each table the writes touch holds."""
    return {model.__name__: model._default_manager.count() for model in MODELS}


def versions() -> dict[int, int]:
    return dict(Prediction.objects.values_list("pk", "version"))

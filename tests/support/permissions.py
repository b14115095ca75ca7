"""The permissions matrix: who may do what, written once for the web and the
API tests (tests/predictions/test_permissions_matrix.py and
tests/api/test_api_permissions_matrix.py), with the scenarios they act on
and the check that the database changed exactly when a cell says so.

The answers follow predictions/rules.py. Two of them need a word:

- ``resolve`` and ``propose`` share one form and one endpoint (the service
  ``record_outcome``), which decides by who asks: an editor's or a
  self-forecaster's outcome takes effect, anyone else verified proposes it.
  So a contributor's "resolve" is a proposal (202 in the API), and an
  editor's "propose" resolves: an editor's outcome is never a proposal.
- A claim awaiting review exists only for its filer and the editors; to
  anyone else signed in, approving or rejecting it is a 404, not a 403.

Merging people has no API endpoint: its API cells are "not offered".
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import User

from predictions import services
from predictions.models import Dispute, Prediction
from sources.models import Person
from tests.support.factories import PersonFactory, UserFactory, make_editor

Review = Prediction.ReviewState
Status = Prediction.Status

PERSONAS = (
    "anonymous",
    "unverified",
    "contributor",
    "filer",
    "self_forecaster",
    "editor",
    "staff",
)
ACTIONS = ("file", "approve", "reject", "resolve", "propose", "confirm", "dispute", "merge")
OUTCOME_ACTIONS = frozenset({"resolve", "propose"})
WEB, API = "web", "api"


class Answer(StrEnum):
    SIGN_IN = "signs in first"  # the web sends them to sign in; the API answers 401
    REFUSED = "refused"  # 403, nothing stored
    HIDDEN = "not found"  # 404: the claim awaiting review does not exist for them
    PENDING = "files for review"  # stored, pending an editor's review
    PUBLISHES = "publishes"  # stored and published at once
    DONE = "done"
    RESOLVES = "resolves"  # the outcome takes effect
    PROPOSES = "proposes"  # the outcome awaits an editor
    NOT_OFFERED = "not offered"  # no such endpoint


SIGN_IN, REFUSED, HIDDEN = Answer.SIGN_IN, Answer.REFUSED, Answer.HIDDEN
PENDING, PUBLISHES, DONE = Answer.PENDING, Answer.PUBLISHES, Answer.DONE
RESOLVES, PROPOSES = Answer.RESOLVES, Answer.PROPOSES

# Rows are personas, columns the actions in ACTIONS' order. In the API the merge
# column is "not offered" for everyone (API_NOT_OFFERED below).
# fmt: off
_ROWS: dict[str, tuple[Answer, ...]] = {
    #                   file       approve  reject   resolve   propose   confirm  dispute  merge
    "anonymous":       (SIGN_IN,   SIGN_IN, SIGN_IN, SIGN_IN,  SIGN_IN,  SIGN_IN, SIGN_IN, SIGN_IN),
    "unverified":      (REFUSED,   HIDDEN,  HIDDEN,  REFUSED,  REFUSED,  REFUSED, REFUSED, REFUSED),
    "contributor":     (PENDING,   HIDDEN,  HIDDEN,  PROPOSES, PROPOSES, REFUSED, DONE,    REFUSED),
    "filer":           (PENDING,   REFUSED, REFUSED, PROPOSES, PROPOSES, REFUSED, DONE,    REFUSED),
    "self_forecaster": (PUBLISHES, HIDDEN,  HIDDEN,  RESOLVES, RESOLVES, REFUSED, DONE,    REFUSED),
    "editor":          (PUBLISHES, DONE,    DONE,    RESOLVES, RESOLVES, DONE,    DONE,    DONE),
    "staff":           (PUBLISHES, DONE,    DONE,    RESOLVES, RESOLVES, DONE,    DONE,    DONE),
}
# fmt: on
EXPECTED: dict[str, dict[str, Answer]] = {
    persona: dict(zip(ACTIONS, answers, strict=True)) for persona, answers in _ROWS.items()
}
# What the API does not offer at all, whoever asks.
API_NOT_OFFERED = frozenset({"merge"})

CELLS = [(persona, action) for persona in PERSONAS for action in ACTIONS]
ALLOWED = frozenset({PENDING, PUBLISHES, DONE, RESOLVES, PROPOSES})


def expected(persona: str, action: str, channel: str = WEB) -> Answer:
    if channel == API and action in API_NOT_OFFERED:
        return Answer.NOT_OFFERED
    return EXPECTED[persona][action]


# What a successful API call answers; a refusal is the same on every action.
API_SUCCESS = {"file": 201, "approve": 200, "reject": 200, "confirm": 200, "dispute": 201}
API_REFUSALS = {SIGN_IN: 401, REFUSED: 403, HIDDEN: 404, Answer.NOT_OFFERED: 404}


def api_status(action: str, answer: Answer) -> int:
    if answer in API_REFUSALS:
        return API_REFUSALS[answer]
    if answer == RESOLVES:
        return 200
    if answer == PROPOSES:
        return 202
    return API_SUCCESS[action]


# --- The personas ---------------------------------------------------------------


@dataclass
class Personas:
    """One account per persona (none for the anonymous visitor), and the
    person the self-forecaster's account is linked to, who made every
    prediction the scenarios act on."""

    users: dict[str, User | None]
    predictor: Person

    @classmethod
    def create(cls) -> "Personas":
        self_forecaster = UserFactory(username="selma")
        users: dict[str, User | None] = {
            "anonymous": None,
            "unverified": UserFactory(username="uma", verified=False),
            "contributor": UserFactory(username="alice"),
            "filer": UserFactory(username="fred"),
            "self_forecaster": self_forecaster,
            "editor": make_editor(UserFactory(username="charlie")),
            # Staff and nothing else: no superuser, no group, no permission,
            # not even the confirmed address's; being staff makes an editor.
            "staff": UserFactory(username="dana", is_staff=True, verified=False),
        }
        predictor = PersonFactory(name="Selma Mayor", slug="selma-mayor", account=self_forecaster)
        return cls(users=users, predictor=predictor)

    def user(self, persona: str) -> User | None:
        return self.users[persona]

    @property
    def filer(self) -> User:
        filer = self.users["filer"]
        assert filer is not None
        return filer

    @property
    def editor(self) -> User:
        editor = self.users["editor"]
        assert editor is not None
        return editor


# --- The scenarios ----------------------------------------------------------------

FILED_CLAIM = "The Riverton bridge reopens to traffic"
QUOTE = "The bridge will reopen by the end of February."
OUTCOME = Prediction.Outcome.RIGHT
PROPOSED = Prediction.Outcome.WRONG
EVIDENCE = "https://news.example.com/bridge-reopens"
# A deadline after "now" (tests.conftest.CURRENT_TIME, 10 March 2026) for
# new claims; one before it for the claims the scenarios act on, so they are due.
LATER = dt.date(2026, 6, 30)
PAST = dt.date(2026, 2, 28)


@dataclass
class Scenario:
    """What one action acts on, as it was before anyone acted."""

    action: str
    personas: Personas
    prediction: Prediction | None = None
    duplicate: Person | None = None
    target: Person | None = None
    version: int = 0
    events: int = 0

    @property
    def the_prediction(self) -> Prediction:
        assert self.prediction is not None
        return self.prediction

    def fresh(self) -> Prediction:
        return Prediction.objects.get(pk=self.the_prediction.pk)


def _file(personas: Personas, predictor: Person, claim: str) -> Prediction:
    """A claim the filer files about ``predictor``: awaiting review, and due."""
    return services.file_claim(
        filed_by=personas.filer,
        claim=claim,
        predictor=predictor,
        quote=QUOTE,
        source_title="Mayor promises the bridge",
        published_on=dt.date(2026, 1, 5),
        resolves_on=PAST,
    )


def _published(personas: Personas, predictor: Person, claim: str) -> Prediction:
    claim_awaiting = _file(personas, predictor, claim)
    return services.review_claim(
        prediction=claim_awaiting, actor=personas.editor, decision="approve"
    )


def build(action: str, personas: Personas) -> Scenario:
    """The state ``action`` applies to, made through the services."""
    scenario = Scenario(action=action, personas=personas)
    predictor = personas.predictor
    if action in ("approve", "reject"):
        scenario.prediction = _file(personas, predictor, "The bridge reopens by March")
    elif action in ("resolve", "propose", "dispute"):
        scenario.prediction = _published(personas, predictor, "The bridge reopens by March")
    elif action == "confirm":
        published = _published(personas, predictor, "The bridge reopens by March")
        scenario.prediction = services.propose_outcome(
            prediction=published, actor=personas.filer, outcome=PROPOSED, evidence_url=EVIDENCE
        )
    elif action == "merge":
        scenario.duplicate = PersonFactory(name="S. Mayor", slug="s-mayor")
        scenario.target = PersonFactory(name="Sam Mayor", slug="sam-mayor")
        scenario.prediction = _published(personas, scenario.duplicate, "The tunnel opens")
    if scenario.prediction is not None:
        scenario.version = scenario.prediction.version
        scenario.events = scenario.prediction.events.count()
    return scenario


# --- What the database says afterwards --------------------------------------------


def assert_effect(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    """The database changed as ``answer`` says, and not at all unless allowed."""
    CHECKS[scenario.action](scenario, answer, actor)
    if answer not in ALLOWED and scenario.prediction is not None:
        untouched = scenario.fresh()
        assert untouched.version == scenario.version
        assert untouched.events.count() == scenario.events


def _check_file(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    filed = Prediction.objects.filter(claim=FILED_CLAIM)
    if answer not in (PENDING, PUBLISHES):
        assert not filed.exists()
        return
    prediction = filed.get()
    assert prediction.filed_by == actor
    assert prediction.predictor == scenario.personas.predictor
    published = Review.PUBLISHED if answer == PUBLISHES else Review.PENDING
    assert prediction.review_state == published


def _check_review(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    prediction = scenario.fresh()
    if answer != DONE:
        assert prediction.review_state == Review.PENDING
        assert prediction.reviewed_by is None
        return
    decided = Review.PUBLISHED if scenario.action == "approve" else Review.REJECTED
    assert prediction.review_state == decided
    assert prediction.reviewed_by == actor
    assert prediction.version == scenario.version + 1


def _check_outcome(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    prediction = scenario.fresh()
    if answer == RESOLVES:
        assert (prediction.status, prediction.outcome) == (Status.RESOLVED, OUTCOME)
        assert prediction.resolved_by == actor
        assert prediction.self_judged == (actor == scenario.personas.predictor.account)
        assert prediction.proposed_outcome == ""
    elif answer == PROPOSES:
        assert (prediction.status, prediction.outcome) == (Status.DUE, "")
        assert (prediction.proposed_outcome, prediction.proposed_by) == (OUTCOME, actor)
        assert prediction.proposed_evidence_url == EVIDENCE
    else:
        assert (prediction.status, prediction.outcome) == (Status.DUE, "")
        assert prediction.proposed_outcome == ""


def _check_confirm(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    prediction = scenario.fresh()
    if answer != DONE:
        assert (prediction.status, prediction.proposed_outcome) == (Status.DUE, PROPOSED)
        return
    assert (prediction.status, prediction.outcome) == (Status.RESOLVED, PROPOSED)
    # The proposer is credited; the editor's name is on the event.
    assert prediction.resolved_by == scenario.personas.filer
    assert prediction.events.latest("at", "id").actor == actor
    assert prediction.proposed_outcome == ""


def _check_dispute(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    disputes = Dispute.objects.filter(prediction=scenario.the_prediction)
    if answer != DONE:
        assert not disputes.exists()
        return
    dispute = disputes.get()
    assert (dispute.number, dispute.opened_by, dispute.state) == (1, actor, Dispute.State.OPEN)


def _check_merge(scenario: Scenario, answer: Answer, actor: User | None) -> None:
    assert scenario.duplicate is not None and scenario.target is not None
    duplicate = Person.objects.get(pk=scenario.duplicate.pk)
    moved_to = scenario.fresh().predictor
    if answer != DONE:
        assert duplicate.merged_into is None
        assert moved_to == duplicate
        return
    assert duplicate.merged_into == scenario.target
    assert moved_to == scenario.target


CHECKS = {
    "file": _check_file,
    "approve": _check_review,
    "reject": _check_review,
    "resolve": _check_outcome,
    "propose": _check_outcome,
    "confirm": _check_confirm,
    "dispute": _check_dispute,
    "merge": _check_merge,
}

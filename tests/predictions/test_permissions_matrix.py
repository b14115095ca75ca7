"""The permissions matrix through the web forms: every persona × every action
(tests/support/permissions.py holds the table), each cell its own test. A
cell checks the answer (302 onwards when done, 302 to sign in, 403, 404)
and that the database changed exactly when the cell allows it. A last set
checks the table against predictions/rules.py itself."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from predictions import rules
from predictions.models import Prediction
from tests.support.html import page
from tests.support.permissions import (
    ACTIONS,
    ALLOWED,
    CELLS,
    EVIDENCE,
    FILED_CLAIM,
    LATER,
    OUTCOME,
    OUTCOME_ACTIONS,
    PERSONAS,
    QUOTE,
    Answer,
    Personas,
    Scenario,
    assert_effect,
    build,
    expected,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(frozen_now) -> Personas:
    return Personas.create()


# --- What each action's form posts --------------------------------------------


def _file(client: Client, scenario: Scenario):
    predictor = scenario.personas.predictor
    return client.post(
        reverse("predictions:new"),
        {
            "source_title": "Mayor on the bridge",
            "published_on": "2026-03-01",
            "quote": QUOTE,
            "predictor": predictor.name,
            "predictor_slug": predictor.slug,
            "claim": FILED_CLAIM,
            "deadline": LATER.isoformat(),
        },
    )


def _review(decision: str, reason: str = ""):
    def post(client: Client, scenario: Scenario):
        prediction = scenario.the_prediction
        return client.post(
            reverse("predictions:review", args=[prediction.pk]),
            {"decision": decision, "reason": reason, "version": prediction.version},
        )

    return post


def _record_outcome(client: Client, scenario: Scenario):
    prediction = scenario.the_prediction
    return client.post(
        reverse("predictions:resolve", args=[prediction.pk]),
        {
            "outcome": OUTCOME,
            "note": "Open since 27 February.",
            "evidence_url": EVIDENCE,
            "version": prediction.version,
        },
    )


def _confirm(client: Client, scenario: Scenario):
    prediction = scenario.the_prediction
    return client.post(
        reverse("predictions:proposal", args=[prediction.pk]),
        {"decision": "confirm", "version": prediction.version},
    )


def _dispute(client: Client, scenario: Scenario):
    return client.post(
        reverse("predictions:dispute", args=[scenario.the_prediction.pk]),
        {"subject": "quote", "reason": "The mayor said April, not February."},
    )


def _merge(client: Client, scenario: Scenario):
    assert scenario.duplicate is not None and scenario.target is not None
    return client.post(
        reverse("predictions:person-merge", args=[scenario.duplicate.slug]),
        {"into": scenario.target.slug, "confirmed": "True"},
    )


POST: dict[str, Callable] = {
    "file": _file,
    "approve": _review("approve"),
    "reject": _review("reject", "Not something anyone can check."),
    "resolve": _record_outcome,
    "propose": _record_outcome,
    "confirm": _confirm,
    "dispute": _dispute,
    "merge": _merge,
}


def _done_at(scenario: Scenario) -> str:
    """Where a form sends whoever it did something for."""
    if scenario.action == "file":
        return Prediction.objects.get(claim=FILED_CLAIM).get_absolute_url()
    if scenario.action == "merge":
        assert scenario.target is not None
        return reverse("predictions:person", args=[scenario.target.slug])
    url = scenario.the_prediction.get_absolute_url()
    return f"{url}#dispute-1" if scenario.action == "dispute" else url


def _assert_answer(response, answer: Answer, scenario: Scenario) -> None:
    if answer == Answer.SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif answer in ALLOWED:
        assert response.status_code == 302, page(response).text
        assert response["Location"] == _done_at(scenario)
    else:
        status = {Answer.REFUSED: 403, Answer.HIDDEN: 404}[answer]
        assert response.status_code == status


# The button the resolve page offers: the same page records or proposes.
SUBMIT = {Answer.RESOLVES: "Record the outcome", Answer.PROPOSES: "Propose this outcome"}


def _assert_outcome_page(client: Client, answer: Answer, scenario: Scenario) -> None:
    response = client.get(reverse("predictions:resolve", args=[scenario.the_prediction.pk]))
    if answer in SUBMIT:
        assert response.status_code == 200
        assert page(response).texts("form.claim-form button[type=submit]") == [SUBMIT[answer]]
    else:
        _assert_answer(response, answer, scenario)


# --- Every cell ---------------------------------------------------------------


@pytest.mark.parametrize(("persona", "action"), CELLS)
def test_web_cell(client, personas, persona, action):
    scenario = build(action, personas)
    actor = personas.user(persona)
    if actor is not None:
        client.force_login(actor)
    answer = expected(persona, action)

    if action in OUTCOME_ACTIONS:
        _assert_outcome_page(client, answer, scenario)
    response = POST[action](client, scenario)

    _assert_answer(response, answer, scenario)
    assert_effect(scenario, answer, actor)


# --- The table is predictions/rules.py's ---------------------------------------


def _rules_agree(answer: Answer, user, scenario: Scenario) -> None:
    action = scenario.action
    allowed = answer in ALLOWED
    if action == "file":
        assert rules.can_file(user) == allowed
        if allowed:
            account = scenario.personas.predictor.account_id
            assert rules.publishes_at_once(user, account) == (answer == Answer.PUBLISHES)
        return
    if action == "merge":
        assert rules.is_editor(user) == allowed
        return
    prediction = scenario.the_prediction
    if answer == Answer.HIDDEN or user.is_authenticated:
        assert rules.can_see(user, prediction) == (answer != Answer.HIDDEN)
    if action in OUTCOME_ACTIONS:
        assert rules.may("resolve", user, prediction) == (answer == Answer.RESOLVES)
        assert rules.may("propose", user, prediction) == (answer == Answer.PROPOSES)
        return
    rule = "review" if action in ("approve", "reject") else action
    assert rules.is_available(rule, prediction)
    assert rules.may(rule, user, prediction) == allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_table_is_what_the_rules_say(personas, persona):
    # rules.py reads None as the system itself: the anonymous visitor is AnonymousUser.
    user = personas.user(persona) or AnonymousUser()
    for action in ACTIONS:
        _rules_agree(expected(persona, action), user, build(action, personas))

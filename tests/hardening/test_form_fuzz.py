"""Random input into every public form, as a verified user and as an editor:
text of any kind (surrogates aside, which no browser can send as UTF-8),
numbers, dates and the valid values, field by field. Never a 5xx; when the
form is refused (a 4xx, or the page again with errors) nothing is stored.
Each example runs in a savepoint rolled back after it, on one ledger per test."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening.forms import FORMS, QUIET_FORMS
from tests.hardening.test_form_bad_input import field_errors, post
from tests.hardening.world import counts, versions

pytestmark = pytest.mark.django_db

EXAMPLES = 8

any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)
a_value = st.one_of(
    any_text,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=dt.date(1, 1, 1)).map(dt.date.isoformat),
    st.sampled_from(
        ["", " ", "0", "1", "on", "right", "approve", "dismiss", "quote", "2026-02-30"]
    ),
)


def random_body(draw, valid: dict[str, str], names: list[str]) -> dict[str, str]:
    """Each field the valid value, left out, or something random."""
    body: dict[str, str] = {}
    for name in dict.fromkeys([*valid, *names]):
        choice = draw(st.sampled_from(["valid", "random", "random", "absent"]))
        if choice == "valid" and name in valid:
            body[name] = valid[name]
        elif choice != "absent":
            body[name] = draw(a_value)
    return body


@pytest.mark.parametrize("actor", ["contributor", "editor"])
@pytest.mark.parametrize("form", list(FORMS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_is_never_a_5xx_and_a_refusal_stores_nothing(
    clients,
    world,
    form,
    actor,
    data,
):
    spec = FORMS[form]
    body = random_body(data.draw, spec.body(world), list(spec.fields))
    savepoint = transaction.savepoint_create()
    try:
        before = counts(), versions()
        response = post({**clients, spec.actor: clients[actor]}, world, spec, body)
        assert response.status_code < 500, response.content[:300]
        if response.status_code >= 400 or field_errors(response):
            assert (counts(), versions()) == before
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.parametrize("form", list(QUIET_FORMS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_to_forms_that_store_nothing_is_never_a_5xx(
    clients,
    world,
    form,
    data,
):
    path, actor, valid = QUIET_FORMS[form]
    body = random_body(data.draw, valid, ["username", "password", "email"])
    savepoint = transaction.savepoint_create()
    try:
        response = clients[actor].post(path, body)
        assert response.status_code < 500, response.content[:300]
    finally:
        transaction.savepoint_rollback(savepoint)

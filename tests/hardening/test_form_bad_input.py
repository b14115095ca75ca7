"""Every public form, sent every kind of bad input its fields can get: each
answer names the field (a 4xx, or a 200 showing the form again), never a 5xx,
and nothing is stored. Browsers send what is not UTF-8 (a lone surrogate's
bytes) as it is; Django decodes it with replacement characters, so no
surrogate reaches a form, and that never fails either."""

import pytest
from django.forms import BaseForm

from tests.hardening.forms import FORMS, QUIET_FORMS, SURROGATE_BYTES, Form, encoded, prefixed
from tests.hardening.world import HUGE, NUL, World, counts, versions

pytestmark = pytest.mark.django_db

URLENCODED = "application/x-www-form-urlencoded"
# Forms whose every field is optional: posted empty, they do their work.
EMPTY_IS_VALID = {"this-is-me", "tokens"}


def post(clients, world: World, form: Form, body: dict[str, str], raw=frozenset()):
    data = encoded(prefixed(form, world, body), raw)
    return clients[form.actor].post(form.path(world), data, content_type=URLENCODED)


def field_errors(response) -> set[str]:
    """The names of the fields any bound form on the page has errors on."""
    names: set[str] = set()
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound:
                names |= {value.add_prefix(name) for name in value.errors}
    return names


def problems_with(clients, world: World, form: Form, body: dict[str, str], name: str) -> str:
    before = counts(), versions()
    response = post(clients, world, form, body)
    wrong = []
    if response.status_code >= 500 or response.status_code in (301, 302):
        wrong.append(f"status {response.status_code}")
    elif name and prefixed(form, world, {name: ""}).popitem()[0] not in field_errors(response):
        wrong.append(f"no error on {name!r} (status {response.status_code})")
    if (counts(), versions()) != before:
        wrong.append("stored something")
    return ", ".join(wrong)


@pytest.mark.parametrize("form", list(FORMS))
def test_a_valid_body_is_accepted(clients, world, form):
    # The tables start from these bodies: each must be stored as it is.
    spec = FORMS[form]
    response = post(clients, world, spec, spec.body(world))
    assert response.status_code in (200, 302), response.content[:500]
    assert field_errors(response) == set()


CASES = [
    pytest.param(form, name, id=f"{form}-{name}")
    for form, spec in FORMS.items()
    for name in spec.fields
]


@pytest.mark.parametrize(("form", "name"), CASES)
def test_every_bad_value_of_a_field_is_refused_naming_it(clients, world, form, name):
    spec = FORMS[form]
    failures = []
    for label, value in spec.fields[name]:
        body = {**spec.body(world), name: value}
        if wrong := problems_with(clients, world, spec, body, name):
            failures.append(f"{label}: {wrong}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("form", [form for form in FORMS if form not in EMPTY_IS_VALID])
def test_an_empty_post_is_refused(clients, world, form):
    assert not problems_with(clients, world, FORMS[form], {}, "")


@pytest.mark.parametrize("form", list(FORMS))
def test_a_surrogate_in_any_field_is_never_a_5xx(clients, world, form):
    spec = FORMS[form]
    for name in spec.fields:
        body = {**spec.body(world), name: f"Pro{SURROGATE_BYTES}be"}
        data = encoded(prefixed(spec, world, body), frozenset(prefixed(spec, world, body)))
        response = clients[spec.actor].post(spec.path(world), data, content_type=URLENCODED)
        assert response.status_code < 500, name


@pytest.mark.parametrize("form", list(QUIET_FORMS))
def test_forms_that_store_nothing_refuse_bad_input_without_a_5xx(clients, world, form):
    path, actor, body = QUIET_FORMS[form]
    before = counts()
    for name in [*body, "email", "username", "password"]:
        for value in ["", HUGE, NUL, f"Pro{SURROGATE_BYTES}be"]:
            data = encoded(
                {**body, name: value}, frozenset({name}) if "%" in value else frozenset()
            )
            response = clients[actor].post(path, data, content_type=URLENCODED)
            assert response.status_code < 500, (name, value[:20])
    assert counts() == before


@pytest.mark.parametrize(
    "path",
    ["/predictions/", "/people/", "/sources/", "/api/v1/predictions/", "/api/v1/people/"],
)
def test_query_strings_with_nul_or_surrogate_bytes_are_never_a_5xx(clients, path):
    for name in ["q", "person", "tag", "status", "due_after", "kind", "sort", "page", "cursor"]:
        for value in ["%00", "a%00b", SURROGATE_BYTES, "9999-12-31", "0001-01-01", "x" * 5000]:
            response = clients["contributor"].get(f"{path}?{name}={value}")
            assert response.status_code < 500, (name, value[:20])

"""Every API write, sent every kind of bad input a field can get: each answer
is a 4xx naming the field (never a 5xx), short (a megabyte sent is not
echoed back), and nothing is stored. One test per endpoint and field; the
values per kind of field are tests.hardening.inputs'."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from tests.hardening import inputs as bad
from tests.hardening.world import SURROGATE, World, build_world, counts, versions
from tests.support.api import client_for

pytestmark = pytest.mark.django_db

MAX_ERROR_BYTES = 20_000


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: Callable[[World], str]
    actor: str | None  # "editor", "contributor", or None for anyone
    body: Callable[[World], dict]  # a valid body
    fields: dict[str, bad.Values]
    # Keys of the resource that a write may not set.
    not_writable: list[str] = field(default_factory=list)
    # The fields a body must have; all of the valid body's unless given.
    required: list[str] | None = None


def on(name: str, action: str = "") -> Callable[[World], str]:
    return lambda world: f"/api/v1/predictions/{getattr(world, name).pk}/{action}"


VERSION = {"version": bad.INTEGER}

ENDPOINTS = {
    "file": Endpoint(
        "post",
        lambda world: "/api/v1/predictions/",
        "editor",
        lambda world: {
            "claim": "The tunnel opens",
            "predictor": {"name": "A Pundit"},
            "resolves_on": "2030-01-01",
        },
        {
            "claim": bad.TEXT,
            "predictor": bad.PERSON,
            "made_on": bad.DATE,
            "resolves_on": bad.DATE,
            "deadline_text": bad.OPTIONAL_TEXT,
            "confidence": bad.PROBABILITY,
            "confidence_basis": bad.NULLABLE_CHOICE,
            "confidence_hedge": bad.OPTIONAL_TEXT,
            "tags": bad.TAGS,
            "statement": bad.OPTIONAL_ID,
            "quote": bad.OPTIONAL_TEXT,
            "quote_is_paraphrase": bad.BOOLEAN,
            "speaker": bad.PERSON,
            "source_url": bad.OPTIONAL_TEXT,
            "source_title": bad.OPTIONAL_TEXT,
            "source_publisher": bad.OPTIONAL_TEXT,
            "published_on": bad.DATE,
        },
        ["id", "status", "outcome", "review_state", "created_at"],
        required=["claim", "predictor"],
    ),
    "edit": Endpoint(
        "patch",
        on("open"),
        "editor",
        lambda world: {"version": world.open.version, "claim": "The bridge reopens fully"},
        {
            **VERSION,
            "claim": bad.TEXT,
            "made_on": bad.DATE,
            "resolves_on": bad.DATE,
            "deadline_text": bad.OPTIONAL_TEXT,
            "confidence": bad.PROBABILITY,
            "confidence_basis": bad.NULLABLE_CHOICE,
            "confidence_hedge": bad.OPTIONAL_TEXT,
            "tags": bad.TAGS,
            "reason": bad.OPTIONAL_TEXT,
        },
        ["status", "outcome", "predictor", "review_state", "statement", "id", "events"],
        required=["version"],
    ),
    "resolve": Endpoint(
        "post",
        on("open", "resolve/"),
        "editor",
        lambda world: {"outcome": "right", "note": "It opened."},
        {
            **VERSION,
            "outcome": bad.CHOICE,
            "note": bad.OPTIONAL_TEXT,
            "evidence_url": bad.OPTIONAL_TEXT,
        },
        ["status", "resolved_at", "self_judged"],
        required=["outcome"],
    ),
    "review": Endpoint(
        "post",
        on("pending", "review/"),
        "editor",
        lambda world: {"decision": "reject", "reason": "Too vague."},
        {**VERSION, "decision": bad.CHOICE, "reason": bad.OPTIONAL_TEXT},
        ["review_state", "review_reason"],
        required=["decision"],
    ),
    "proposal": Endpoint(
        "post",
        on("proposed", "proposal/"),
        "editor",
        lambda world: {"decision": "decline", "reason": "The page does not say."},
        {**VERSION, "decision": bad.CHOICE, "reason": bad.OPTIONAL_TEXT},
        ["outcome", "proposed_outcome"],
        required=["decision"],
    ),
    "reopen": Endpoint(
        "post",
        on("resolved", "reopen/"),
        "editor",
        lambda world: {"reason": "Resolved too soon."},
        {**VERSION, "reason": bad.TEXT},
        ["status"],
    ),
    "withdraw": Endpoint(
        "post",
        on("open", "withdraw/"),
        "editor",
        lambda world: {"reason": "Filed twice."},
        {**VERSION, "reason": bad.TEXT},
        ["status"],
    ),
    "dispute": Endpoint(
        "post",
        on("open", "disputes/"),
        "contributor",
        lambda world: {"subject": "quote", "reason": "Misquoted."},
        {"subject": bad.CHOICE, "reason": bad.TEXT, "evidence_url": bad.OPTIONAL_TEXT},
        ["state", "number", "opened_by"],
    ),
    "settle": Endpoint(
        "post",
        on("disputed", "disputes/1/"),
        "editor",
        lambda world: {"decision": "dismiss", "reason": "The quote stands."},
        {
            "decision": bad.CHOICE,
            "reason": bad.TEXT,
            "action": bad.OPTIONAL_CHOICE,
            "outcome": bad.OPTIONAL_CHOICE,
            "note": bad.OPTIONAL_TEXT,
            "evidence_url": bad.OPTIONAL_TEXT,
        },
        ["state", "settled_by"],
    ),
    "person": Endpoint(
        "post",
        lambda world: "/api/v1/people/",
        "contributor",
        lambda world: {"name": "Someone New"},
        {
            "name": bad.TEXT,
            "slug": bad.OPTIONAL_TEXT,
            "kind": bad.OPTIONAL_CHOICE,
            "description": bad.OPTIONAL_TEXT,
            "url": bad.OPTIONAL_TEXT,
        },
        ["created_at", "record"],
    ),
    "source": Endpoint(
        "post",
        lambda world: "/api/v1/sources/",
        "contributor",
        lambda world: {"title": "A new story", "url": "https://example.com/new-story"},
        {
            "title": bad.TEXT,
            "url": bad.OPTIONAL_TEXT,
            "publisher": bad.OPTIONAL_TEXT,
            "published_on": bad.DATE,
            "kind": bad.OPTIONAL_CHOICE,
            "description": bad.OPTIONAL_TEXT,
            "text": bad.OPTIONAL_TEXT,
            "archive_url": bad.OPTIONAL_TEXT,
        },
        ["id", "text_sha256", "created_at"],
        required=["title"],
    ),
    "statement": Endpoint(
        "post",
        lambda world: "/api/v1/statements/",
        "editor",
        lambda world: {
            "text": "It will rain.",
            "speaker": {"name": "A Forecaster"},
            "source": world.source.pk,
        },
        {
            "text": bad.TEXT,
            "speaker": bad.PERSON,
            "source": bad.ID,
            "said_on": bad.DATE,
            "context": bad.OPTIONAL_TEXT,
        },
        ["id", "created_at"],
    ),
    "suggest": Endpoint(
        "post",
        lambda world: "/api/v1/suggest/",
        None,
        lambda world: {"text": "It will rain within a month.", "published_on": "2026-01-01"},
        {"text": bad.TEXT, "published_on": bad.REQUIRED_DATE},
    ),
}


@pytest.fixture
def world(editor, contributor, frozen_now) -> World:
    return build_world(editor, contributor)


@pytest.fixture
def clients(world) -> dict[str | None, APIClient]:
    # Made before anything is counted: each holds a token of its own.
    return {None: client_for(), **{name: client_for(getattr(world, name)) for name in ACTORS}}


ACTORS = ["editor", "contributor"]


def send(clients, world: World, endpoint: Endpoint, body: object, raw: bytes | None = None):
    # json.dumps writes a lone surrogate as the escape "\ud800", as a client would.
    data = raw if raw is not None else json.dumps(body)
    return clients[endpoint.actor].generic(
        endpoint.method.upper(), endpoint.path(world), data, content_type="application/json"
    )


def names(response, name: str) -> bool:
    """The error names ``name``: as one of its keys, or in its detail."""
    body = response.json()
    return name in body or name in str(body.get("detail", ""))


def problems_with(
    clients, world: World, endpoint: Endpoint, body: object, name: str, raw=None
) -> str:
    """What is wrong with the answer to ``body``: empty when it is refused
    properly, naming ``name`` (unless empty) and storing nothing."""
    before = counts(), versions()
    response = send(clients, world, endpoint, body, raw)
    wrong = []
    if not 400 <= response.status_code < 500:
        wrong.append(f"status {response.status_code}")
    elif len(response.content) > MAX_ERROR_BYTES:
        wrong.append(f"an error of {len(response.content)} bytes")
    elif name and not names(response, name):
        wrong.append(f"does not name {name!r}: {response.content[:300]!r}")
    if (counts(), versions()) != before:
        wrong.append("stored something")
    return ", ".join(wrong)


FIELD_CASES = [
    pytest.param(endpoint, name, id=f"{endpoint}-{name}")
    for endpoint, spec in ENDPOINTS.items()
    for name in spec.fields
]


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_a_valid_body_is_accepted(clients, world, endpoint):
    # The tables below start from these bodies: each must be fine as it is.
    spec = ENDPOINTS[endpoint]
    response = send(clients, world, spec, spec.body(world))
    assert response.status_code < 300, response.content[:300]


@pytest.mark.parametrize(("endpoint", "name"), FIELD_CASES)
def test_every_bad_value_of_a_field_is_a_4xx_naming_it(clients, world, endpoint, name):
    spec = ENDPOINTS[endpoint]
    failures = []
    for label, value in spec.fields[name]:
        body = {**spec.body(world), name: value}
        if wrong := problems_with(clients, world, spec, body, name):
            failures.append(f"{label}: {wrong}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_unknown_and_read_only_keys_are_a_400_naming_them(clients, world, endpoint):
    spec = ENDPOINTS[endpoint]
    failures = []
    for name in ["colour", *spec.not_writable]:
        body = {**spec.body(world), name: "red"}
        if wrong := problems_with(clients, world, spec, body, name):
            failures.append(f"{name}: {wrong}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_required_fields_missing_are_named(clients, world, endpoint):
    spec = ENDPOINTS[endpoint]
    for name in spec.required if spec.required is not None else spec.body(world):
        if name in spec.body(world):
            body = {key: value for key, value in spec.body(world).items() if key != name}
            assert not problems_with(clients, world, spec, body, name), name


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_bodies_that_are_not_an_object_of_text_are_a_4xx(clients, world, endpoint):
    spec = ENDPOINTS[endpoint]
    failures = []
    for label, body in [
        *bad.NOT_AN_OBJECT,
        ("a surrogate key", {**spec.body(world), SURROGATE: "x"}),
        ("a NUL key", {**spec.body(world), "a\x00": "x"}),
    ]:
        if wrong := problems_with(clients, world, spec, body, ""):
            failures.append(f"{label}: {wrong}")
    for label, raw in [
        ("not JSON", b"{"),
        ("empty", b""),
        ("a surrogate in UTF-8", b'{"claim": "\xed\xa0\x80"}'),
        ("not UTF-8", b'{"claim": "\xff"}'),
    ]:
        if wrong := problems_with(clients, world, spec, None, "", raw=raw):
            failures.append(f"{label}: {wrong}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", on("open", "watch/")),
        ("delete", on("open", "watch/")),
        ("post", lambda world: f"/api/v1/people/{world.person.slug}/follow/"),
        ("post", lambda world: f"/api/v1/tags/{world.open.tags.first() or 'none'}/follow/"),
    ],
)
def test_bodiless_actions_ignore_any_body_without_a_5xx(clients, world, method, path):
    endpoint = Endpoint(method, path, "contributor", lambda world: {}, {})
    for body in [{SURROGATE: SURROGATE}, bad.NOT_AN_OBJECT[-1][1], {"a": bad.HUGE}]:
        assert send(clients, world, endpoint, body).status_code < 500


def test_a_deadline_in_words_past_the_date_range_is_a_400_naming_it(clients, world):
    # The words parse ("in 5000 years" is the year 7026), but no date field
    # takes a day after 2200-12-31, and a deadline in words is no exception.
    spec = ENDPOINTS["file"]
    body = {key: value for key, value in spec.body(world).items() if key != "resolves_on"}
    body["deadline_text"] = "in 5000 years"

    assert not problems_with(clients, world, spec, body, "deadline_text")

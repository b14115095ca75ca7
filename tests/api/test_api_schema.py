"""The OpenAPI schema is valid, and schemathesis, generating requests from it,
finds no server error and no response that breaks it: anonymously and with a
token, over every operation, each with enough cases to mean something."""

from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis import APIOperation
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import create_api_token
from predictions import demo, rules
from tests.support.factories import UserFactory

SCHEMA_PATH = "/api/v1/schema/?format=json"
# Hypothesis's budget for the random phase of each operation and identity;
# schemathesis adds the schema's examples and its coverage cases.
EXAMPLES_PER_OPERATION = 30

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


def test_the_schema_is_valid_openapi(client):
    response = client.get(SCHEMA_PATH)
    assert response.status_code == 200
    document = response.json()
    validate(document)
    paths = document["paths"]
    for path in [
        "/api/v1/predictions/",
        "/api/v1/predictions/{id}/resolve/",
        "/api/v1/people/{slug}/",
        "/api/v1/deadline/",
        "/api/v1/suggest/",
    ]:
        assert path in paths


def test_every_body_is_json_only(client):
    """One body per write: a generator given several (JSON, form, multipart)
    picks the last, and a form cannot carry `predictor`'s nested object."""
    paths = client.get(SCHEMA_PATH).json()["paths"]
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, methods in paths.items()
        for method, operation in methods.items()
    ]
    with_body = {name: op["requestBody"] for name, op in operations if "requestBody" in op}

    assert "POST /api/v1/predictions/" in with_body
    assert "PATCH /api/v1/predictions/{id}/" in with_body
    for name, body in with_body.items():
        assert list(body["content"]) == ["application/json"], name
    for name, operation in operations:
        assert ("415" in operation["responses"]) == (name in with_body), name


@pytest.mark.parametrize(
    ("path", "method", "action"),
    [
        ("/api/v1/predictions/{id}/resolve/", "post", "resolve"),
        ("/api/v1/predictions/{id}/reopen/", "post", "reopen"),
        ("/api/v1/predictions/{id}/withdraw/", "post", "withdraw"),
        ("/api/v1/predictions/{id}/", "patch", "edit"),
    ],
)
def test_each_action_documents_the_rule_it_answers_by(client, path, method, action):
    operation = client.get(SCHEMA_PATH).json()["paths"][path][method]

    rule = rules.RULES[action]
    assert rule.refusal in operation["description"]
    assert all(status in operation["description"] for status in rule.statuses)


def test_the_docs_page_uses_our_own_static_files(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()


@pytest.fixture
def ledger(db):
    demo.load_demo()


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    """Schemathesis calls the WSGI app directly, not through Django's test
    client, so Django would close the database connection (and with it the
    test's transaction) after each request. Do what the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "token"])
def identity(request, db) -> dict[str, str]:
    """The headers of each kind of caller: none, or a real token."""
    if request.param == "anonymous":
        return {}
    _, key = create_api_token(user=UserFactory(username="fuzzer"), name="schemathesis")
    return {"Authorization": f"Token {key}"}


@dataclass
class CasesRun:
    """The cases one fuzz test (one operation, one identity) sent."""

    operation: APIOperation | None = None
    count: int = 0

    def minimum(self) -> int:
        # Fewer than the random phase's budget means generation quietly failed
        # for the operation (parameters it cannot satisfy, say). Only one that
        # takes no input at all (GET /stats/) has next to nothing to vary.
        assert self.operation is not None
        inputs = [*self.operation.iter_parameters(), *self.operation.body]
        return EXAMPLES_PER_OPERATION if inputs else 1


@pytest.fixture
def cases_run(request):
    """Counted by the test as it sends them; checked once hypothesis is done."""
    run = CasesRun()
    yield run
    assert run.operation is not None, f"no case ran for {request.node.name}"
    assert run.count >= run.minimum(), (
        f"{run.count} cases ran for {request.node.name}; at least {run.minimum()} should"
    )


# What the contract promises: no 5xx, and every answer (errors included) is a
# documented status with a body of its documented shape. Left out on purpose:
# positive_data_acceptance (a schema-valid deadline phrase may still name no
# date: a 400 by design) and negative_data_rejection (unknown query parameters
# are ignored, as DRF does).
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
]

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_fuzz(case, ledger, identity, cases_run):
    # Plain bodies: the app gzips for a client that accepts it, and the WSGI
    # transport schemathesis uses here would hand the checks gzip bytes.
    response = case.call(headers={**identity, "Accept-Encoding": "identity"})
    cases_run.operation = case.operation
    cases_run.count += 1
    case.validate_response(response, checks=CHECKS)


def test_the_schema_generates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")

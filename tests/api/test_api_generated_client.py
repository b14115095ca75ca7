"""A client generated from the OpenAPI schema, as a user would make one with
openapi-python-client, works against a running server: it files a prediction
(with the nested `predictor` object), resolves it as an editor and reads it
back. The schema must advertise bodies the generated code can send (JSON)."""

import datetime as dt
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.core.management import call_command

from accounts.services import create_api_token
from predictions.models import Prediction
from tests.support.factories import UserFactory, make_editor

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PACKAGE = "hindsight_api_client"
BIN = Path(sys.executable).parent
EVIDENCE = "https://openai.com/index/introducing-gpt-oss/"


def generate_client(directory: Path) -> Path:
    """The schema as `manage.py spectacular` writes it, and the client the
    generator's command line makes of it (it formats its output with ruff,
    found on PATH; neither needs the network)."""
    schema = directory / "schema.yaml"
    call_command("spectacular", "--file", str(schema))
    output = directory / "client"
    finished = subprocess.run(
        [
            *(str(BIN / "openapi-python-client"), "generate"),
            *("--path", str(schema), "--output-path", str(output)),
        ],
        cwd=directory,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = finished.stdout + finished.stderr
    assert finished.returncode == 0, report
    # The generator still succeeds when it leaves parts of the schema out.
    assert "Warning" not in report, report
    return output


@pytest.fixture
def generated(tmp_path) -> Iterator[ModuleType]:
    """The generated package, importable for the length of one test."""
    output = generate_client(tmp_path)
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def test_the_generated_client_files_resolves_and_reads_a_prediction(generated, live_server):
    # Imported by name: the package exists only once the fixture made it.
    models = importlib.import_module(f"{PACKAGE}.models")
    operations = importlib.import_module(f"{PACKAGE}.api.predictions")
    for operation in ["predictions_create", "predictions_resolve_create", "predictions_retrieve"]:
        importlib.import_module(f"{PACKAGE}.api.predictions.{operation}")

    editor = make_editor(UserFactory(username="charlie"))
    _, key = create_api_token(user=editor, name="generated client")
    client = generated.AuthenticatedClient(
        base_url=live_server.url, token=key, prefix="Token", raise_on_unexpected_status=True
    )

    with client as api:
        filed = operations.predictions_create.sync_detailed(
            client=api,
            body=models.FileClaimRequest(
                claim="OpenAI open-sources one of its models",
                predictor=models.FileClaimRequestPredictorType1(name="The article's commentator"),
                quote="OpenAI may move towards open sourcing its models within the next month",
                source_title="OpenAI: wrong side of history",
                published_on=dt.date(2025, 2, 1),
                deadline_text="within the next month",
                tags=["openai", "open-source"],
            ),
        )
        assert filed.status_code == 201, filed.content
        assert isinstance(filed.parsed, models.Prediction)
        pk = str(filed.parsed.id)

        resolved = operations.predictions_resolve_create.sync_detailed(
            pk,
            client=api,
            body=models.ResolveRequest(
                outcome=models.OutcomeEnum.WRONG,
                note="gpt-oss came in August.",
                evidence_url=EVIDENCE,
            ),
        )
        assert resolved.status_code == 200, resolved.content

        read = operations.predictions_retrieve.sync(pk, client=api)

    assert isinstance(read, models.PredictionDetail)
    assert read.claim == "OpenAI open-sources one of its models"
    assert read.resolves_on == dt.date(2025, 3, 1)
    assert (read.status.value, read.outcome.value) == ("resolved", "wrong")
    assert read.evidence_url == EVIDENCE
    assert sorted(read.tags) == ["open-source", "openai"]
    assert [event.kind.value for event in read.events] == ["filed", "resolved"]
    stored = Prediction.objects.get(pk=pk)
    assert (stored.predictor.name, stored.resolved_by) == ("The article's commentator", editor)

"""A load balancer asks /healthz?serving whether Hindsight can serve: is the
database reachable, is the Celery broker reachable. (The outbox and
the due check it also reports: test_health_report.py.)"""

import pytest

from tests.support.ports import free_port

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_broker_answer(client):
    # The broker is whatever the settings name: Redis under `make test`, the
    # filesystem broker under var/ otherwise. Both must answer for real.
    response = client.get("/healthz?serving")

    assert response.status_code == 200
    checks = response.json()
    assert (checks["database"], checks["broker"]) == ("ok", "ok")
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_broker_is_503_and_says_which_check_failed(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}

    response = client.get("/healthz?serving")

    assert response.status_code == 503
    checks = response.json()
    assert checks["database"] == "ok"
    assert checks["broker"] != "ok"
    assert checks["broker"].startswith("down: ")


# No test for a database that is down: the view uses the default connection,
# which the test run itself holds, and taking a real server down (or pointing
# settings.DATABASES elsewhere after connections exist) is not feasible here.
# Patching the cursor would test the mock, not the check, so the 503 path is
# covered by the broker case above.

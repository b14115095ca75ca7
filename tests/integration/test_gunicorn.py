"""gunicorn as production runs it (config/gunicorn.py, as the Procfile and the
Dockerfile start it): no Server header naming the software, and the site's
security headers on what it answers. The server runs in its own process with
a production environment, on a free port, with an empty SQLite under tmp_path
and no collected static files: /healthz needs no template, and without
tables it still answers (its report says what it cannot read).
(A page with a template would need `collectstatic` first.)"""

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ports import free_port
from tests.support.settings_process import REPO_ROOT

SECRET_KEY = "a-long-production-secret-key-0123456789-abcdefghij-KLMNOPQRSTUV"


@pytest.fixture(params=["1"])
def trusted_proxies(request) -> str:
    return request.param


@pytest.fixture
def gunicorn(tmp_path: Path, trusted_proxies: str) -> Iterator[int]:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "HINDSIGHT_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "hindsight.example.com",
        "SITE_URL": "https://hindsight.example.com",
        "TRUSTED_PROXIES": trusted_proxies,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn_bin), "config.wsgi", "--config", "config/gunicorn.py"],
        cwd=REPO_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(port, server, tmp_path / "gunicorn.log")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def wait_for(port: int, server: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            get(port, "/healthz")
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer on port {port}:\n{log.read_text()}")


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "hindsight.example.com", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_no_server_header_and_the_security_headers_over_https(gunicorn):
    response = get(gunicorn, "/healthz?serving", **{"X-Forwarded-Proto": "https"})

    assert response.status == 200
    assert response.getheader("Server") is None, response.getheaders()
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains"
    )
    assert "script-src 'self'" in response.getheader("Content-Security-Policy", "")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_plain_http_is_redirected_to_https_without_a_server_header(gunicorn):
    response = get(gunicorn, "/accounts/login/")

    assert response.status == 301
    assert response.getheader("Location") == "https://hindsight.example.com/accounts/login/"
    assert response.getheader("Server") is None


def test_the_health_check_is_answered_over_plain_http(gunicorn):
    # A load balancer asks the app itself, without TLS: no redirect.
    assert get(gunicorn, "/healthz?serving").status == 200


def test_the_health_report_of_a_database_without_tables_is_red_not_a_500(gunicorn):
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=10)
    connection.request("GET", "/healthz", headers={"Host": "hindsight.example.com"})
    response = connection.getresponse()
    report = json.loads(response.read())
    connection.close()

    assert response.status == 503
    assert (report["status"], report["database"]) == ("red", "ok")
    assert report["problems"] == ["The due check and the outbox cannot be read: OperationalError."]


@pytest.mark.parametrize("trusted_proxies", ["0"], indirect=True)
def test_without_a_trusted_proxy_x_forwarded_proto_is_the_clients_word(gunicorn):
    # Neither Django nor gunicorn (which believes it from 127.0.0.1 by
    # default) takes it: the request is still plain HTTP, and redirected.
    response = get(gunicorn, "/accounts/login/", **{"X-Forwarded-Proto": "https"})

    assert response.status == 301
    assert response.getheader("Location") == "https://hindsight.example.com/accounts/login/"

"""Production defaults: with DEBUG off and the environment docs/deploy.md and
docker-compose.yml give, `manage.py check --deploy --fail-level WARNING` finds
nothing. HTTPS is on by default for an https SITE_URL (redirect, HSTS, secure
cookies), and X-Forwarded-Proto is believed only when TRUSTED_PROXIES says a
proxy sets it. Each case starts a fresh Python, as a deployment would."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.settings_process import (
    PRODUCTION,
    REPO_ROOT,
    bare_environment,
    security_settings,
)

# What docs/deploy.md asks for: an https site behind one TLS-terminating proxy.
BEHIND_A_PROXY = {
    **PRODUCTION,
    # check --deploy wants 50 characters with some variety (security.W009).
    "SECRET_KEY": "a-long-production-secret-key-0123456789-abcdefghij-KLMNOPQRSTUV",
    "SITE_URL": "https://hindsight.example.com",
    "EMAIL_URL": "smtp://mail.example.com:587?tls=1",
    "TRUSTED_PROXIES": "1",
}
# What docker-compose.yml gives: plain HTTP on localhost, no proxy.
COMPOSE = {
    **BEHIND_A_PROXY,
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "SITE_URL": "http://localhost:8000",
    "EMAIL_URL": "smtp://mailpit:1025",
    "TRUSTED_PROXIES": "0",
}


def deploy_check(var_dir: Path, **environ: str) -> subprocess.CompletedProcess:
    env = bare_environment(var_dir, **environ)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("environ", [BEHIND_A_PROXY, COMPOSE], ids=["behind-a-proxy", "compose"])
def test_the_deploy_check_is_clean_in_production(tmp_path, environ):
    result = deploy_check(tmp_path, **environ)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in output, output


def test_plain_http_on_a_public_host_fails_the_check(tmp_path):
    # The HTTPS checks are left out only for a site on this machine; a public
    # site without HTTPS is what they are there to catch.
    result = deploy_check(
        tmp_path, **{**BEHIND_A_PROXY, "SITE_URL": "http://hindsight.example.com"}
    )

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no redirect to HTTPS


def test_https_site_redirects_and_sends_hsts_with_subdomains(tmp_path):
    settings = security_settings(tmp_path, **BEHIND_A_PROXY)

    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    # Preloading is a commitment an operator makes, not a default.
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    # A load balancer's health check over plain HTTP is answered, not redirected.
    assert settings["SECURE_REDIRECT_EXEMPT"] == ["^healthz$"]


def test_hsts_settings_come_from_the_environment(tmp_path):
    settings = security_settings(
        tmp_path,
        **BEHIND_A_PROXY,
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="true",
    )

    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert settings["SECURE_HSTS_PRELOAD"] is True


@pytest.mark.parametrize(
    ("proxies", "header"),
    [
        ("0", None),
        ("1", ["HTTP_X_FORWARDED_PROTO", "https"]),
        ("2", ["HTTP_X_FORWARDED_PROTO", "https"]),
    ],
)
def test_x_forwarded_proto_is_believed_only_behind_a_trusted_proxy(tmp_path, proxies, header):
    settings = security_settings(tmp_path, **{**BEHIND_A_PROXY, "TRUSTED_PROXIES": proxies})

    assert settings["SECURE_PROXY_SSL_HEADER"] == header


def test_under_debug_nothing_insists_on_https(tmp_path):
    settings = security_settings(tmp_path, SITE_URL="https://hindsight.example.com")

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    # The policy applies under DEBUG too, so a violation shows while developing.
    assert "ContentSecurityPolicyMiddleware" in " ".join(settings["MIDDLEWARE"])
    assert settings["SECURE_CSP"]["script-src"] == ["'self'"]

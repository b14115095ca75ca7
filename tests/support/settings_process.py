"""Start-up in a fresh Python with a controlled environment, the way a
deployment starts, never touching the real var/."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Printed as JSON by the child process: the settings these tests look at.
REPORT = """
import json
import django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE": {key: db.get(key) for key in ("ENGINE", "NAME", "HOST", "PORT", "USER")},
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "CELERY_BROKER_TRANSPORT_OPTIONS": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "CACHE": settings.CACHES["default"],
    "MAILERS": settings.MAILERS,
    "CELERY_BEAT_SCHEDULE": settings.CELERY_BEAT_SCHEDULE,
    "TIME_ZONE": settings.TIME_ZONE,
}, default=str))
"""

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-production-secret-key-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "hindsight.example.com",
}


def bare_environment(var_dir: Path, **environ: str) -> dict[str, str]:
    """A process environment with only PATH, HOME, the var dir, the settings
    module and ``environ``: nothing of the test run's leaks in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "HINDSIGHT_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **environ,
    }


def start(var_dir: Path, report: str = REPORT, **environ: str) -> subprocess.CompletedProcess:
    """Import the settings in a new process whose environment holds only PATH,
    HOME, the var dir and ``environ``."""
    env = bare_environment(var_dir, **environ)
    return subprocess.run(
        [sys.executable, "-c", report],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_for(var_dir: Path, **environ: str) -> dict:
    result = start(var_dir, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal(var_dir: Path, **environ: str) -> str:
    """Start-up fails: the last line of the traceback, which names the problem."""
    result = start(var_dir, **environ)
    assert result.returncode != 0, f"started anyway: {result.stdout}"
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


# The security settings (tests/integration/test_deploy_check.py), as JSON.
SECURITY_REPORT = """
import json
import django
django.setup()
from django.conf import settings
names = [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_CSP", "MIDDLEWARE",
]
print(json.dumps({name: getattr(settings, name) for name in names}, default=str))
"""


def security_settings(var_dir: Path, **environ: str) -> dict:
    result = start(var_dir, report=SECURITY_REPORT, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])

"""Skips for tests that need the servers `make test` starts."""

import pytest
from django.conf import settings


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


requires_postgres = pytest.mark.skipif(
    not on_postgres(), reason="needs PostgreSQL: run through `make test`"
)
requires_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis: run through `make test`"
)

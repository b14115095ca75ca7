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

# What an end-to-end test needs: the servers `make test` starts, and
# transactions that really commit, since a worker in another process reads them.
END_TO_END = [requires_postgres, requires_redis, pytest.mark.django_db(transaction=True)]

"""core/ratelimit.py as clients meet it: a page's per-address limit cannot be
escaped by writing a new X-Forwarded-For each time, and clients trying at
once against the real cache get exactly the limit through."""

import pytest
from django.urls import reverse

from core import ratelimit
from core.errors import RateLimited
from tests.support.concurrency import EACH, THREADS, at_once, require_shared_cache

LOGIN = reverse("login")
SPOOFS = 300


def spoofed(n: int) -> str:
    return f"198.18.{n // 256}.{n % 256}"


@pytest.fixture
def sign_in_limit(settings, frozen_now):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": (3, 900)}
    return 3


def failed_sign_in(client, n: int, **extra):
    # A new username each time: only the address can be what refuses.
    return client.post(LOGIN, {"username": f"nobody{n}", "password": "wrong"}, **extra)


@pytest.mark.django_db
def test_with_no_trusted_proxy_a_new_forwarded_for_each_time_gets_nothing_more(
    client, sign_in_limit
):
    for n in range(sign_in_limit):
        assert failed_sign_in(client, n, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert failed_sign_in(client, -1, REMOTE_ADDR="203.0.113.7").status_code == 429

    codes = [
        failed_sign_in(
            client, n, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=spoofed(n)
        ).status_code
        for n in range(SPOOFS)
    ]

    assert codes.count(200) == 0, f"{codes.count(200)} of {SPOOFS} spoofed sign-ins got through"


@pytest.mark.django_db
def test_behind_one_proxy_only_the_address_it_appended_counts(client, settings, sign_in_limit):
    settings.TRUSTED_PROXIES = 1
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(sign_in_limit):
        response = failed_sign_in(client, n, HTTP_X_FORWARDED_FOR="203.0.113.7", **via_proxy)
        assert response.status_code == 200

    codes = [
        failed_sign_in(
            client, n, HTTP_X_FORWARDED_FOR=f"{spoofed(n)}, 203.0.113.7", **via_proxy
        ).status_code
        for n in range(SPOOFS)
    ]

    assert codes.count(200) == 0, f"{codes.count(200)} of {SPOOFS} spoofed sign-ins got through"
    other = failed_sign_in(client, -2, HTTP_X_FORWARDED_FOR="203.0.113.8", **via_proxy)
    assert other.status_code == 200


# --- Many clients at once -------------------------------------------------------------

LIMIT = ratelimit.Limit("testing", "tests run")


def test_sixteen_threads_at_once_get_exactly_the_limit_through(settings, frozen_now):
    require_shared_cache()
    limit = 50
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "testing": (limit, 600)}

    def one_try() -> bool:
        try:
            ratelimit.attempt(LIMIT, "ip:203.0.113.7")
        except RateLimited:
            return False
        return True

    admitted = at_once(one_try)

    assert len(admitted) == THREADS * EACH
    assert admitted.count(True) == limit

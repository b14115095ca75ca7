"""The API's per-request limits (api/throttling.py): anonymous requests are
counted per client address, and that address is not whatever a client writes
in X-Forwarded-For. With no trusted proxy the header is ignored; behind one,
only the entry the proxy appended counts. Counting is atomic: clients
hammering at once get exactly the limit through, not more."""

import pytest

from api import throttling
from tests.support.api import client_for
from tests.support.concurrency import EACH, THREADS, at_once, require_shared_cache

# Answers from code alone, no database: a request here costs only its throttling.
DEADLINE = "/api/v1/deadline/"
QUERY = {"text": "within 18 months", "from": "2025-02-01"}
PROXY = "10.0.0.2"
SPOOFS = 300


def spoofed(n: int) -> str:
    """The n-th made-up address a client claims to be forwarding for."""
    return f"198.18.{n // 256}.{n % 256}"


@pytest.fixture
def anon_limit(settings, frozen_now):
    """An anonymous limit of five a minute; the clock stands still, so every
    request falls in one window."""
    settings.API_THROTTLE_RATES = {"anon": "5/min", "user": None}
    return 5


def use_up(client, limit: int, **extra) -> None:
    codes = [client.get(DEADLINE, QUERY, **extra).status_code for _ in range(limit)]
    assert codes == [200] * limit
    refused = client.get(DEADLINE, QUERY, **extra)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_with_no_trusted_proxy_a_new_forwarded_for_each_time_gets_nothing_more(anon_limit):
    client = client_for()
    use_up(client, anon_limit, REMOTE_ADDR="203.0.113.7")

    codes = [
        client.get(
            DEADLINE, QUERY, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=spoofed(n)
        ).status_code
        for n in range(SPOOFS)
    ]

    bypasses = codes.count(200)
    assert bypasses == 0, f"{bypasses} of {SPOOFS} spoofed requests got through"
    assert set(codes) == {429}


def test_an_ipv6_client_gets_nothing_more_from_other_addresses_of_its_64(anon_limit):
    client = client_for()
    use_up(client, anon_limit, REMOTE_ADDR="2001:db8:1:2::1")

    codes = [
        client.get(DEADLINE, QUERY, REMOTE_ADDR=f"2001:db8:1:2::{n + 2:x}").status_code
        for n in range(SPOOFS)
    ]
    neighbour = client.get(DEADLINE, QUERY, REMOTE_ADDR="2001:db8:1:3::1")

    bypasses = codes.count(200)
    assert bypasses == 0, f"{bypasses} of {SPOOFS} addresses of the same /64 got through"
    assert neighbour.status_code == 200  # the next /64 is someone else


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings, anon_limit):
    settings.TRUSTED_PROXIES = 1
    client = client_for()
    use_up(client, anon_limit, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")

    # What the client wrote comes first; the proxy appended what it saw.
    codes = [
        client.get(
            DEADLINE,
            QUERY,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{spoofed(n)}, 203.0.113.7",
        ).status_code
        for n in range(SPOOFS)
    ]

    bypasses = codes.count(200)
    assert bypasses == 0, f"{bypasses} of {SPOOFS} spoofed requests got through"
    # Another client behind the same proxy has its own count.
    other = client.get(DEADLINE, QUERY, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


def test_with_no_trusted_proxy_clients_behind_one_proxy_share_its_count(anon_limit):
    client = client_for()
    use_up(client, anon_limit, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")

    other = client.get(DEADLINE, QUERY, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert other.status_code == 429


def test_the_limit_counts_again_once_the_window_has_passed(anon_limit, frozen_now):
    client = client_for()
    use_up(client, anon_limit)

    # A sliding window: the last minute's requests weigh less as it passes.
    frozen_now.shift(60 + 60 // anon_limit)

    assert client.get(DEADLINE, QUERY).status_code == 200


@pytest.mark.parametrize("later", [0, 66], ids=["same window", "next window"])
def test_a_refused_request_says_how_long_to_wait(anon_limit, frozen_now, later):
    client = client_for()
    use_up(client, anon_limit)
    frozen_now.shift(later)
    refused = client.get(DEADLINE, QUERY)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])

    frozen_now.shift(wait - 1)
    assert client.get(DEADLINE, QUERY).status_code == 429
    frozen_now.shift(1)
    assert client.get(DEADLINE, QUERY).status_code == 200


class DownCache:
    """What FailOpenRedisCache answers while Redis is unreachable."""

    def add(self, *args, **kwargs):
        return False

    def incr(self, key, *args, **kwargs):
        raise ValueError(f"Key '{key}' not found: the Redis cache is unavailable.")

    def decr(self, key, *args, **kwargs):
        raise ValueError(f"Key '{key}' not found: the Redis cache is unavailable.")

    def get(self, key, default=None, *args, **kwargs):
        return default


def test_a_cache_that_is_down_refuses_nobody(anon_limit, monkeypatch):
    monkeypatch.setattr(throttling, "cache", DownCache())
    client = client_for()

    codes = [client.get(DEADLINE, QUERY).status_code for _ in range(3 * anon_limit)]

    assert codes == [200] * (3 * anon_limit)


# --- Many clients at once -------------------------------------------------------------


def hammer(make_request) -> list[int]:
    """Many clients' requests at once; the status codes of them all."""
    require_shared_cache()
    return at_once(make_request)


def test_sixteen_clients_at_once_get_exactly_the_limit_through(settings, frozen_now):
    limit = 50
    settings.API_THROTTLE_RATES = {"anon": f"{limit}/min", "user": None}

    codes = hammer(lambda: client_for().get(DEADLINE, QUERY).status_code)

    assert len(codes) == THREADS * EACH
    assert codes.count(200) == limit, f"{codes.count(200)} admitted, limit {limit}"
    assert codes.count(429) == THREADS * EACH - limit


@pytest.mark.django_db
def test_signed_in_clients_at_once_get_exactly_their_limit_through(
    settings, frozen_now, contributor
):
    limit = 30
    settings.API_THROTTLE_RATES = {"anon": None, "user": f"{limit}/min"}

    def signed_in_request() -> int:
        # Authenticated without a token: the threads need no database.
        client = client_for()
        client.force_authenticate(user=contributor)
        return client.get(DEADLINE, QUERY).status_code

    codes = hammer(signed_in_request)

    assert codes.count(200) == limit, f"{codes.count(200)} admitted, limit {limit}"


def test_an_anonymous_request_is_counted_once_when_both_scopes_have_a_rate(
    settings, frozen_now, monkeypatch
):
    # The anonymous rate is the one an anonymous client meets; counting it
    # under the user scope too cost a second round trip to the cache per read.
    settings.API_THROTTLE_RATES = {"anon": "60/min", "user": "600/min"}
    counted = []
    take = throttling.take

    def counting(key, *rest):
        counted.append(key)
        return take(key, *rest)

    monkeypatch.setattr(throttling, "take", counting)
    assert client_for(None).get(DEADLINE, QUERY).status_code == 200
    assert [key.split(":")[0] for key in counted] == ["anon"]


def test_without_an_anonymous_rate_the_user_scope_counts_anonymous_requests(
    settings, frozen_now, monkeypatch
):
    settings.API_THROTTLE_RATES = {"anon": None, "user": "2/min"}
    codes = [client_for(None).get(DEADLINE, QUERY).status_code for _ in range(3)]
    assert codes == [200, 200, 429]

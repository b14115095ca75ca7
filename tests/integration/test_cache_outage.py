"""Redis is only a cache: when it goes away, Hindsight keeps answering.

Each test runs its own throwaway redis-server, stops it (or freezes it) and
checks that every cache call behaves as a miss instead of raising, that the
site still files and resolves predictions, and that the cache is used again
once Redis is back on the same port."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

import config.cache
from config.cache import FailOpenRedisCache
from predictions import services
from predictions.models import Prediction
from tests.support.api import client_for
from tests.support.ports import free_port
from tests.support.redis_server import TIMEOUTS, RedisServer
from tests.support.settings_process import settings_for


def run_async(method, *args):
    """Await a cache coroutine from this synchronous test. In a thread of its
    own: the browser tests leave an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, method(*args)).result()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(free_port(), tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def hindsight_cache(redis_server):
    """The backend as settings configure it, on the throwaway Redis."""
    return FailOpenRedisCache(redis_server.url, {"KEY_PREFIX": "hindsight", "OPTIONS": TIMEOUTS})


@pytest.fixture
def warnings_logged(caplog):
    caplog.set_level(logging.INFO, logger="hindsight.cache")

    def records(level=logging.WARNING):
        return [r for r in caplog.records if r.name == "hindsight.cache" and r.levelno == level]

    return records


def test_settings_use_the_fail_open_backend_with_short_timeouts(tmp_path):
    configured = settings_for(tmp_path, REDIS_URL="redis://cache.example.com:6379/2")["CACHE"]

    assert configured["BACKEND"] == "config.cache.FailOpenRedisCache"
    assert configured["LOCATION"] == "redis://cache.example.com:6379/2"
    assert configured["OPTIONS"] == TIMEOUTS


# --- Redis up: an ordinary cache -------------------------------------------------


def test_while_redis_answers_it_is_an_ordinary_cache(hindsight_cache):
    c = hindsight_cache

    c.set("record:site", {"right": 3})
    assert c.get("record:site") == {"right": 3}
    assert c.add("record:site", "other") is False
    assert c.add("fresh", 1) is True
    assert c.set_many({"a": 1, "b": 2}) == []
    assert c.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert c.has_key("a") and "b" in c
    assert c.incr("a") == 2
    assert c.decr("a", 2) == 0
    with pytest.raises(ValueError):
        c.incr("missing")
    assert c.touch("a", 60) is True
    assert c.get_or_set("computed", lambda: "value") == "value"
    assert c.get_or_set("computed", lambda: "not called") == "value"
    assert c.incr_version("computed") == 2
    assert c.delete("fresh") is True
    c.delete_many(["a", "b"])
    assert c.get_many(["a", "b"]) == {}
    assert run_async(c.aget, "record:site") == {"right": 3}
    assert c.clear() is True
    assert c.get("record:site") is None


# --- Redis down: every call a miss ---------------------------------------------------


def test_with_redis_stopped_every_call_is_a_miss(hindsight_cache, redis_server, warnings_logged):
    c = hindsight_cache
    c.retry_after = 0  # try Redis on every call: each method must catch its own failure
    c.set_many({"a": 1, "record:site": "cached"})
    redis_server.stop()

    assert c.get("record:site") is None
    assert c.get("record:site", "default") == "default"
    assert c.get_many(["a", "record:site"]) == {}
    assert c.has_key("a") is False
    assert ("a" in c) is False
    assert c.add("a", 1) is False
    assert c.set("a", 1) is None
    assert c.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert c.touch("a") is False
    assert c.delete("a") is False
    assert c.delete_many(["a", "b"]) is None
    assert c.clear() is False
    assert c.get_or_set("record:site", lambda: "from the database") == "from the database"
    # As for a key that is not there: incr's callers already handle that.
    for call in (c.incr, c.decr, c.incr_version, c.decr_version):
        with pytest.raises(ValueError, match="not found"):
            call("a")
    assert run_async(c.aget, "a", "default") == "default"
    assert run_async(c.aget_or_set, "a", lambda: "computed") == "computed"
    run_async(c.adelete_many, ["a"])

    # Some twenty failures, one warning naming the cause.
    [warning] = warnings_logged()
    assert "Redis cache unavailable (ConnectionError" in warning.getMessage()


def test_redis_started_again_on_the_same_port_is_used_again(
    hindsight_cache, redis_server, warnings_logged
):
    c = hindsight_cache
    c.retry_after = 0
    c.set("a", 1)
    redis_server.stop()
    assert c.get("a") is None

    redis_server.start()

    assert c.get("a") is None  # started empty: nothing was saved
    c.set("a", 2)
    assert c.get("a") == 2
    assert c.incr("a") == 3
    [back] = warnings_logged(logging.INFO)
    assert back.getMessage() == "Redis cache reachable again."


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(
    hindsight_cache, redis_server, monkeypatch
):
    c = hindsight_cache
    now = [1000.0]
    monkeypatch.setattr(config.cache, "monotonic", lambda: now[0])
    redis_server.stop()
    assert c.get("a") is None
    redis_server.start()
    redis.Redis(port=redis_server.port).set(c.make_key("a"), 1)

    now[0] += c.retry_after - 0.1
    assert c.get("a") is None  # still within the window: not asked

    now[0] += 0.2
    assert c.get("a") == 1


def test_a_frozen_redis_costs_one_timeout_not_one_per_call(
    hindsight_cache, redis_server, monkeypatch, warnings_logged
):
    # Counted, not timed: how often the backend goes to Redis while it hangs.
    c = hindsight_cache
    c.set("a", 1)
    asked: list[int] = []
    get_client = c._cache.get_client

    def counted_get_client(*args, **kwargs):
        asked.append(1)
        return get_client(*args, **kwargs)

    monkeypatch.setattr(c._cache, "get_client", counted_get_client)
    redis_server.freeze()

    assert c.get("a") is None
    assert len(asked) == 1
    [warning] = warnings_logged()
    assert "TimeoutError" in warning.getMessage()  # the socket timeout (settings: 0.5 s)

    for _ in range(20):
        assert c.get_or_set("a", 2) == 2
    redis_server.thaw()

    assert len(asked) == 1  # within the window nothing more went to Redis


# --- Through HTTP: filing and resolving with Redis stopped ---------------------------


@pytest.fixture
def redis_stopped(redis_server, settings):
    """The site's cache is the throwaway Redis, now stopped. API throttling is on,
    since it keeps its counts in the cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "hindsight",
            "OPTIONS": TIMEOUTS,
        }
    }
    settings.API_THROTTLE_RATES = {"anon": "60/min", "user": "600/min"}
    redis_server.stop()


@pytest.mark.django_db
def test_the_web_resolves_a_prediction_with_redis_stopped(
    client, editor, frozen_now, redis_stopped, django_capture_on_commit_callbacks
):
    prediction = services.file_claim(
        filed_by=editor,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        deadline_text="within the next month",
        tags=["transport"],
    )
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/predictions/{prediction.pk}/resolve/",
            {"version": 1, "outcome": "right", "note": "Opened on 18 March."},
            follow=True,
        )

    assert response.status_code == 200
    assert callbacks  # the records' invalidation ran, and missed
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.status, stored.outcome) == ("resolved", "right")
    person = client.get(f"/people/{stored.predictor.slug}/")  # its record: a cache miss
    assert person.status_code == 200


@pytest.mark.django_db
def test_the_api_files_and_resolves_with_redis_stopped(
    editor, redis_stopped, django_capture_on_commit_callbacks, warnings_logged
):
    api = client_for(editor)
    claim = {
        "claim": "OpenAI open-sources one of its models",
        "predictor": {"name": "Article commentator"},
        "quote": "OpenAI may move towards open sourcing its models within the next month",
        "source_url": "https://example.com/openai-wrong-side",
        "published_on": "2025-02-01",
        "deadline_text": "within the next month",
        "tags": ["openai"],
    }

    with django_capture_on_commit_callbacks(execute=True):
        filed = api.post("/api/v1/predictions/", claim, format="json")
    assert filed.status_code == 201, filed.json()
    pk = filed.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        resolved = api.post(
            f"/api/v1/predictions/{pk}/resolve/", {"outcome": "wrong", "version": 1}, format="json"
        )
    assert resolved.status_code == 200, resolved.json()
    stats = client_for().get("/api/v1/stats/")

    assert stats.status_code == 200
    assert stats.json()["resolved"] == 1
    stored = Prediction.objects.get(pk=pk)
    assert (stored.status, stored.outcome) == ("resolved", "wrong")
    assert warnings_logged()  # the cache was asked, and was down

"""Under load on loopback, the API answers no 5xx and loses no filing: 200
concurrent clients for 30 s, editors filing (so each claim is published at
once) and readers listing and reading, against gunicorn on the test
PostgreSQL and Redis. Every 201 is then found in the database with the claim
it was sent with.

Bounded: each client stops starting requests at the 30 s mark, and the run
is cancelled if they have not all finished 120 s later (a request may wait
that long on a busy machine: every one must be answered). It prints its
figures (requests, 201s, latency percentiles) and asserts none of them, since
they depend on the machine."""

import asyncio
import datetime as dt
import logging
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from django.conf import settings

from accounts.services import create_api_token
from predictions import services
from predictions.models import Prediction
from sources.models import Person
from tests.support.factories import UserFactory, make_editor
from tests.support.gunicorn import GunicornServer
from tests.support.markers import END_TO_END
from tests.support.worker import purge_broker

pytestmark = [pytest.mark.integration, *END_TO_END]

CLIENTS = 200
SECONDS = 30.0
JOIN_SECONDS = 120.0
REQUEST_TIMEOUT = 110.0
WARM_UP_REQUESTS = 32
EDITORS = 20
# New names are shared between clients, so several file about the same new
# person, tag and source at once: the found-or-added paths race each other.
PUNDITS = [f"Load Pundit {n}" for n in range(8)]
TAGS = ["load", "markets", "ai", "climate", "sport"]
SOURCES = [f"https://example.com/load/{n}" for n in range(6)]


@dataclass
class Tally:
    """What the clients saw, shared by all of them (one event loop)."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    filed: dict[int, str] = field(default_factory=dict)

    def record(self, kind: str, response: httpx.Response, seconds: float) -> None:
        self.statuses[(kind, response.status_code)] += 1
        self.latencies.setdefault(kind, []).append(seconds)
        answer = f"{kind} {response.status_code}: {response.text[:300]}"
        if response.status_code >= 500:
            self.server_errors.append(answer)
        elif response.status_code >= 400:
            self.refusals.append(answer)

    def total(self) -> int:
        return sum(self.statuses.values())

    def summary(self) -> str:
        lines = [f"{self.total()} requests, {len(self.filed)} filed (201), "]
        lines[0] += f"{len(self.server_errors)} 5xx, {len(self.failures)} transport errors"
        for kind, seconds in sorted(self.latencies.items()):
            p50, p95, most = (
                round(1000 * value)
                for value in (percentile(seconds, 50), percentile(seconds, 95), max(seconds))
            )
            codes = {code: n for (k, code), n in sorted(self.statuses.items()) if k == kind}
            lines.append(
                f"  {kind}: {len(seconds)} requests {codes}; "
                f"p50 {p50} ms, p95 {p95} ms, max {most} ms"
            )
        lines += [f"  refused: {answer}" for answer in self.refusals[:5]]
        return "\n".join(lines)


def percentile(values: list[float], which: int) -> float:
    if len(values) < 2:
        return max(values)
    return statistics.quantiles(values, n=100, method="inclusive")[which - 1]


def filing(client: int, n: int, rng: random.Random) -> dict:
    """A claim unique to this client and turn, about a shared new person."""
    body: dict = {
        "claim": f"Load claim {client}-{n}: the index closes higher",
        "predictor": {"name": rng.choice(PUNDITS)},
        "resolves_on": (dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(700))).isoformat(),
        "tags": rng.sample(TAGS, 2),
    }
    if rng.random() < 0.5:
        body["quote"] = f"I am sure the index closes higher ({client}-{n})"
        body["source_url"] = rng.choice(SOURCES)
        body["published_on"] = "2026-06-01"
    return body


async def one_client(
    number: int,
    http: httpx.AsyncClient,
    token: str,
    seeded: list[int],
    stop_at: float,
    tally: Tally,
) -> None:
    """Until ``stop_at``: file (three in ten), list, read a prediction (its
    own or a seeded one), or list people; one request at a time, with its
    own token."""
    rng = random.Random(number)
    mine: list[int] = []
    headers = {"Authorization": f"Token {token}"}
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        roll = rng.random()
        started = time.monotonic()
        try:
            if roll < 0.3:
                kind, body = "file", filing(number, n, rng)
                response = await http.post("/api/v1/predictions/", json=body, headers=headers)
                if response.status_code == 201:
                    tally.filed[response.json()["id"]] = body["claim"]
                    mine.append(response.json()["id"])
            elif roll < 0.6:
                kind = "list"
                response = await http.get(
                    "/api/v1/predictions/", params={"page_size": 20}, headers=headers
                )
            elif roll < 0.9:
                kind = "detail"
                pk = rng.choice(mine or seeded)
                response = await http.get(f"/api/v1/predictions/{pk}/", headers=headers)
            else:
                kind = "people"
                response = await http.get("/api/v1/people/", headers=headers)
        except httpx.TransportError as error:
            tally.failures.append(f"{type(error).__name__}: {error}")
            continue
        tally.record(kind, response, time.monotonic() - started)


async def warm_up(http: httpx.AsyncClient) -> None:
    """Each gunicorn worker builds the URL map and its connections on its
    first requests: do that before the clock starts. Not counted."""
    answers = await asyncio.gather(
        *(http.get("/api/v1/predictions/") for _ in range(WARM_UP_REQUESTS))
    )
    assert {answer.status_code for answer in answers} == {200}


async def run_load(base: str, tokens: list[str], seeded: list[int]) -> Tally:
    # One pool for all the clients: an httpx client of its own for each would
    # cost the load generator as much CPU as the server it loads. A new
    # connection for each request, as from a proxy: a kept-alive one can be
    # closed by gunicorn (after 2 s idle) just as a busy client reuses it.
    async with httpx.AsyncClient(
        base_url=base,
        headers={"Accept": "application/json"},
        timeout=REQUEST_TIMEOUT,
        limits=httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=0),
    ) as http:
        await warm_up(http)
        return await clients_until_stopped(http, tokens, seeded)


async def clients_until_stopped(
    http: httpx.AsyncClient, tokens: list[str], seeded: list[int]
) -> Tally:
    tally = Tally()
    stop_at = time.monotonic() + SECONDS
    clients = [
        asyncio.create_task(one_client(n, http, tokens[n % len(tokens)], seeded, stop_at, tally))
        for n in range(CLIENTS)
    ]
    done, pending = await asyncio.wait(clients, timeout=SECONDS + JOIN_SECONDS)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    assert not pending, f"{len(pending)} clients were still running at the join timeout"
    for task in done:
        task.result()  # a client's own bug fails the test here
    return tally


@pytest.fixture(autouse=True)
def quiet_httpx():
    # httpx logs every request at INFO: tens of thousands of captured records.
    logger = logging.getLogger("httpx")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)


@pytest.fixture
def server(tmp_path) -> Iterator[GunicornServer]:
    purge_broker(settings.REDIS_URL)
    web = GunicornServer(
        tmp_path / "web",
        workers=4,
        threads=4,
        API_THROTTLE_ANON="1000000/min",
        API_THROTTLE_USER="1000000/min",
        RATE_LIMIT_FILING="off",
    )
    try:
        web.start()
        yield web
    finally:
        web.stop()
        # Filing queues notification tasks; no worker runs here to take them.
        purge_broker(settings.REDIS_URL)


def test_two_hundred_clients_for_thirty_seconds(server):
    editors = [make_editor(UserFactory(username=f"load-editor-{n}")) for n in range(EDITORS)]
    tokens = [create_api_token(user=editor, name="load")[1] for editor in editors]
    seeded = [
        services.file_claim(
            filed_by=editors[0],
            claim=f"Seeded claim {n}",
            predictor="Seeded Pundit",
            resolves_on=dt.date(2030, 1, 1),
        ).pk
        for n in range(10)
    ]

    tally = asyncio.run(run_load(server.url, tokens, seeded))
    print(f"\nLoad: {CLIENTS} clients for {SECONDS:.0f} s\n{tally.summary()}")

    assert tally.filed, tally.summary()
    assert any(kind != "file" and code == 200 for kind, code in tally.statuses), tally.summary()
    assert not tally.server_errors, "\n".join(tally.server_errors[:10]) + "\n" + server.log()
    assert not tally.failures, "\n".join(tally.failures[:10])
    # Every request is valid: a refusal is a race between clients.
    assert not tally.refusals, "\n".join(tally.refusals[:10])
    stored = dict(Prediction.objects.filter(pk__in=tally.filed).values_list("pk", "claim"))
    assert stored == tally.filed
    published = Prediction.objects.filter(review_state=Prediction.ReviewState.PUBLISHED)
    assert published.filter(pk__in=tally.filed).count() == len(tally.filed)
    # Filed at once about the same new names: still one person each.
    pundits = list(Person.objects.filter(name__in=PUNDITS).values_list("name", flat=True))
    assert sorted(pundits) == sorted(set(pundits)), pundits

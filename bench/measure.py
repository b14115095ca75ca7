"""Timing requests, interleaved: each round asks every page of every ledger
of both servers once, in turn, so that whatever else the machine does at a
moment weighs on the app and on its floor alike. One request at a time; the
first round warms caches and connections and is not counted.

The app answers a list a signed-out reader asked for before from the pages
it keeps (core.page_cache), until the ledger changes. So each app page is
timed twice: as a reader gets it when nothing changed since ("app"), and
right after a change, rendered afresh ("miss": the ledger's version is
replaced just before, as a write's commit replaces it)."""

import math
import statistics
import sys
import time
from collections.abc import Callable

import httpx

from bench.pages import Page

# timings[ledger label][page name][side] = seconds of each counted request
Timings = dict[str, dict[str, dict[str, list[float]]]]


def timed_get(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def interleaved(
    pages: dict[str, list[Page]],
    apps: dict,
    floors: dict,
    *,
    rounds: int,
    forget: dict[str, Callable[[], object]],
) -> Timings:
    """``forget[label]`` replaces that ledger's version (ends its kept pages)."""
    timings: Timings = {
        label: {page.name: {"app": [], "miss": [], "floor": []} for page in listed}
        for label, listed in pages.items()
    }
    clients = {
        (label, side): httpx.Client(base_url=server.url, timeout=900)
        for label in pages
        for side, server in (("app", apps[label]), ("floor", floors[label]))
    }
    clients.update({(label, "miss"): clients[label, "app"] for label in pages})
    try:
        for round_number in range(rounds + 1):
            for index in range(len(pages["N"])):
                for label, listed in pages.items():
                    page = listed[index]
                    # The miss first: it keeps the page the app's request then gets.
                    sides = [("miss", page.url), ("app", page.url), ("floor", page.floor)]
                    if page.kind == "page":
                        del sides[0]  # not a list: never kept
                    for side, url in sides:
                        if side == "miss":
                            forget[label]()
                        seconds = timed_get(clients[label, side], url)
                        if round_number:
                            timings[label][page.name][side].append(seconds)
            done = f"round {round_number} of {rounds}" if round_number else "the warm-up round"
            print(f"bench: {done} measured", file=sys.stderr, flush=True)
    finally:
        for client in clients.values():
            client.close()
    return timings


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def p95_ms(samples: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return round(ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)] * 1000, 2)

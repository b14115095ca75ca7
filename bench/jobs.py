"""The parts of the bench that run inside Django, each in a process of its own
on the database DATABASE_URL names, printing its result as JSON on the last
line of stdout:

    python -m bench.jobs queries URL...     SQL queries of each request (test Client)
    python -m bench.jobs due-check COUNT    the due check with COUNT newly due, rolled back
    python -m bench.jobs notify COUNT       COUNT due together, delivered by 2 workers to SMTP
    python -m bench.jobs ledger COUNT URL...  queries, then the due check (one Django start-up)
"""

import json
import os
import statistics
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Value  # noqa: E402
from django.db.models.functions import Least  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from predictions.models import Prediction  # noqa: E402
from predictions.tasks import check_due_predictions  # noqa: E402


@override_settings(PAGE_CACHE_SECONDS=0)
def count_queries(urls: list[str]) -> dict[str, int]:
    """Queries of each request, anonymous, the second time it is asked (caches
    warm), with no page kept whole (core.page_cache): what rendering it costs."""
    client = Client()
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        counts[url] = len(captured)
    return counts


def make_due(count: int) -> list[int]:
    """Move the deadline of the ``count`` open published predictions due
    soonest to yesterday, so the next due check finds them newly due. (A
    claim may not be made after its deadline: one made since is moved back
    to the day before; a generated claim with a deadline ahead is often made
    "today".)"""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    ids = list(
        Prediction.objects.filter(status="open", review_state="published", resolves_on__gte=today)
        .order_by("resolves_on", "id")
        .values_list("id", flat=True)[:count]
    )
    Prediction.objects.filter(pk__in=ids).update(
        resolves_on=yesterday, made_on=Least("made_on", Value(yesterday - timedelta(days=1)))
    )
    return ids


# The due check runs this many times (each rolled back); its median is the
# figure: one run of a second or two moves by a third on a shared machine.
DUE_CHECK_RUNS = 5


def due_check(count: int) -> dict:
    """The due check with ``count`` newly due, timed, then rolled back: the
    ledger is left as it was, to be reused. Run DUE_CHECK_RUNS times."""
    runs = []
    for _ in range(DUE_CHECK_RUNS):
        with transaction.atomic():
            ids = make_due(count)
            started = time.perf_counter()
            flipped = check_due_predictions()
            runs.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return {
        "seconds": statistics.median(runs),
        "runs": runs,
        "flipped": flipped,
        "made_due": len(ids),
    }


def main(argv: list[str]) -> None:
    job, *arguments = argv
    if job == "queries":
        result: object = count_queries(arguments)
    elif job == "due-check":
        result = due_check(int(arguments[0]))
    elif job == "ledger":
        result = {"queries": count_queries(arguments[1:]), "due": due_check(int(arguments[0]))}
    elif job == "notify":
        from bench.notify import notify

        result = notify(int(arguments[0]), timeout=float(arguments[1]))
    else:
        raise SystemExit(f"unknown job {job}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])

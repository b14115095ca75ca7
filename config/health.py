"""/healthz and `manage.py health`: can Hindsight serve, and is its mail going out.

The report (docs/deploy.md, docs/email.md):

- ``database``, ``broker``: reachable or not. Either down is a 503 from
  /healthz: this process cannot serve.
- ``due_check``: when beat's due check last completed (predictions.heartbeats).
  Older than twice DUE_CHECK_SECONDS, or never, is red: beat or every worker
  is dead, which nothing else reports (the processes may even be running).
- ``outbox``: for each outbox, rows owed a try that nobody made (red: the
  sweeper or the workers are not working), rows that failed in the last day
  (red: mail was not delivered), rows the mail server refused lately and that
  are still in their quick retries (a warning).

/healthz answers 503 whenever ``status`` is red, so a dead beat or mail that
is not going out shows in any uptime monitor (and `manage.py health` exits 1).
A load balancer asks `/healthz?serving` instead: 503 only when this process
cannot serve (database or broker down), because late mail must not take the
site out of rotation, and the compose stack's worker and beat wait on web's
health before the first due check can ever have run.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from kombu import Connection

from accounts import outbox as account_outbox
from predictions import heartbeats
from predictions.notifications.health import outbox_health

OK, WARN, RED = "ok", "warn", "red"
# Each outbox's name in the report, and in its sentences.
OUTBOXES = {"notifications": "prediction email(s)", "account_emails": "account email(s)"}


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "down"; the message says why
        return f"down: {error.__class__.__name__}"
    return "ok"


def _broker() -> str:
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            connect_timeout=2,
        ) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return f"down: {error.__class__.__name__}"
    return "ok"


def _due_check(now: datetime, problems: list[str]) -> dict[str, Any]:
    limit = timedelta(seconds=2 * settings.DUE_CHECK_SECONDS)
    completed_at = heartbeats.last_completed(heartbeats.DUE_CHECK)
    check: dict[str, Any] = {
        "status": RED,
        "completed_at": None,
        "age_seconds": None,
        "limit_seconds": int(limit.total_seconds()),
    }
    if completed_at is None:
        problems.append("The due check has never completed.")
        return check
    age = int((now - completed_at).total_seconds())
    check.update(completed_at=_iso(completed_at), age_seconds=age)
    if age > limit.total_seconds():
        problems.append(
            f"The due check last completed {age} s ago (limit {check['limit_seconds']} s)."
        )
    else:
        check["status"] = OK
    return check


def _outbox(name: str, counts: dict[str, int], problems: list[str]) -> dict[str, Any]:
    what = OUTBOXES[name]
    status = OK
    if counts["retrying"]:
        status = WARN
        problems.append(f"{counts['retrying']} {what} refused lately, being retried.")
    if counts["overdue"]:
        status = RED
        problems.append(f"{counts['overdue']} {what} owed a try that nobody made.")
    if counts["failed_last_day"]:
        status = RED
        problems.append(
            f"{counts['failed_last_day']} {what} failed in the last day, "
            f"{counts['given_up_last_day']} of them given up."
        )
    return {"status": status, **counts}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def report() -> dict[str, Any]:
    """Everything /healthz and `manage.py health` say, worst first in ``problems``."""
    now = timezone.now()
    problems: list[str] = []
    result: dict[str, Any] = {"status": OK, "database": _database(), "broker": _broker()}
    for check in ("database", "broker"):
        if result[check] != "ok":
            problems.append(f"The {check} is {result[check]}.")
    statuses = [RED]
    if result["database"] == "ok":
        try:
            # A savepoint, so that a failed read leaves the connection usable.
            with transaction.atomic():
                result["due_check"] = _due_check(now, problems)
                result["outbox"] = {
                    "notifications": _outbox("notifications", outbox_health(now), problems),
                    "account_emails": _outbox(
                        "account_emails", account_outbox.outbox_health(now), problems
                    ),
                }
        except DatabaseError as error:
            # A database that answers without these tables (not migrated yet)
            # makes a red report, not a 500: whether the process serves shows.
            result.pop("due_check", None)
            problems.append(
                f"The due check and the outbox cannot be read: {error.__class__.__name__}."
            )
        else:
            statuses = [result["due_check"]["status"]] + [
                outbox["status"] for outbox in result["outbox"].values()
            ]
    if result["broker"] != "ok" or RED in statuses:
        result["status"] = RED
    elif WARN in statuses:
        result["status"] = WARN
    result["problems"] = problems
    return result


def serves(result: dict[str, Any]) -> bool:
    """Can this process serve requests: what a load balancer needs to know."""
    return result["database"] == "ok" and result["broker"] == "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    result = report()
    healthy = serves(result) if "serving" in request.GET else result["status"] != RED
    return JsonResponse(result, status=200 if healthy else 503)

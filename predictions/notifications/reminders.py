"""Weekly reminders about a prediction left due, and the state that says
which one is owed next.

Each prediction carries the reminders of its current due round:
``reminder_sequence`` (the number of the last one written, 0 to
REMINDER_LIMIT) and ``next_reminder_at`` (when the next is owed; null when
none is). The reminder check reads only the published due predictions whose
``next_reminder_at`` has passed, through a partial index, and never the
outbox: its cost is what is owed, not how many emails were ever sent, and a
pruned outbox (predictions.notifications.pruning) cannot make it write a
reminder twice.

The state changes with the prediction:
- the due check flips it to due (a new round): no reminder yet, the first
  owed REMINDER_INTERVAL later (predictions.services.due);
- it is filed already past its deadline, reopened to due, or edited to an
  earlier deadline that has passed (the same round): the next reminder of
  the round is owed REMINDER_INTERVAL later, if any is left
  (``resume_reminders``);
- a reminder is written: the next is owed REMINDER_INTERVAL after it.
Leaving due (resolved, withdrawn, a later deadline) changes nothing here: the
check reads due predictions only.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from predictions.models import Notification, Prediction
from predictions.notifications.outbox import due_round, queue_delivery, write_notifications

Kind = Notification.Kind

# An unresolved due prediction is recalled this long after it came due, and
# again each such period after, at most REMINDER_LIMIT times.
REMINDER_INTERVAL = timedelta(days=7)
REMINDER_LIMIT = 4
# Predictions handled per transaction by one run of the check.
REMINDER_BATCH = 1000


def first_reminder_fields(now: datetime) -> dict[str, object]:
    """The reminder state of a prediction that has just come due in a new
    round (for an UPDATE or a new row)."""
    return {"reminder_sequence": 0, "next_reminder_at": now + REMINDER_INTERVAL}


def first_reminder_at(status: str, now: datetime | None = None) -> datetime | None:
    """When a new prediction filed with ``status`` owes its first reminder: a
    week on if it is filed already past its deadline (due), else never yet."""
    if status != Prediction.Status.DUE:
        return None
    return (now or timezone.now()) + REMINDER_INTERVAL


def resume_reminders(prediction: Prediction, now: datetime | None = None) -> list[str]:
    """Set the reminder state of ``prediction``, which has just become due
    again within its round (filed late, reopened, edited to a past deadline):
    the round's next reminder is owed a week from now, if any is left. Returns
    the fields to save; none if it is not due."""
    if prediction.status != Prediction.Status.DUE:
        return []
    now = now or timezone.now()
    left = prediction.reminder_sequence < REMINDER_LIMIT
    prediction.next_reminder_at = now + REMINDER_INTERVAL if left else None
    return ["next_reminder_at"]


def _owed(now: datetime):
    """Published due predictions whose next reminder is owed: what the
    ``prediction_reminder_owed`` partial index holds, up to ``now``."""
    return Prediction.objects.filter(
        status=Prediction.Status.DUE,
        review_state=Prediction.ReviewState.PUBLISHED,
        next_reminder_at__lte=now,
    )


def queue_reminders(*, now: datetime | None = None, batch_size: int = REMINDER_BATCH) -> int:
    """Owe an ``overdue_reminder`` about every prediction still due a week after
    it came due, and each week after the last reminder, four at most in each
    due round. Returns how many outbox rows it wrote.

    Counting from the last reminder means a job that did not run for weeks
    sends the next one, not a burst, and a prediction reopened after two
    reminders gets its third a week later (reopening starts no new round). A
    deadline moved later that passes again is a new round: its reminders count
    from 1 again. A reminder is counted when it is owed, whether or not anyone
    is left to receive it, so a prediction nobody watches is not asked about
    again each run. A run that finds nothing owed is one indexed query.
    """
    now = now or timezone.now()
    written = 0
    while True:
        owed = _owed(now).order_by("next_reminder_at", "pk").values_list("pk", flat=True)
        ids = list(owed[:batch_size])
        if not ids:
            return written
        reminded, rows = _remind_batch(ids, now)
        written += rows
        # A short batch was the last; one another run holds entirely is that
        # run's to finish, not this one's to wait for.
        if len(ids) < batch_size or not reminded:
            return written


def _remind_batch(ids: list[int], now: datetime) -> tuple[int, int]:
    """Write the next reminder of each of ``ids`` still owed one, and move
    their state on, in one transaction. Rows another run holds are skipped:
    that run writes them. Returns how many predictions it reminded about and
    how many outbox rows it wrote."""
    with transaction.atomic():
        locked = (
            _owed(now)
            .filter(pk__in=ids)
            .select_for_update(skip_locked=True, of=("self",))
            .annotate(round=due_round())
            .values_list("pk", "reminder_sequence", "round")
        )
        by_sequence: dict[int, dict[int, int]] = defaultdict(dict)
        for prediction_id, sequence, round_ in locked:
            by_sequence[sequence + 1][prediction_id] = round_
        if not by_sequence:
            return 0, 0
        rows: list[Notification] = []
        for sequence, rounds in by_sequence.items():
            rows += write_notifications(rounds, Kind.OVERDUE_REMINDER, sequence)
        # Locked above: these predictions are this run's until it commits.
        reminded = Prediction.objects.filter(
            pk__in=[pk for rounds in by_sequence.values() for pk in rounds]
        ).update(
            reminder_sequence=F("reminder_sequence") + 1,
            next_reminder_at=Case(
                When(reminder_sequence__lt=REMINDER_LIMIT - 1, then=Value(now + REMINDER_INTERVAL)),
                default=None,
            ),
        )
        queue_delivery(row.recipient_id for row in rows)
    return reminded, len(rows)

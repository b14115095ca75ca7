"""Keeping the totals tables (predictions.models.totals) in step with the ledger.

A prediction *contributes* to its predictor's row and to each of its tags'
rows: +1 to the counts its status, outcome and review state put it in, and,
when its confidence is scored, its squared error to ``brier_sum`` and +1 to
its calibration bin. A change of a prediction moves the rows by the
difference between what it contributed before and what it contributes after,
with ``UPDATE … SET x = x + delta`` in the writer's transaction: no row is
read, and two writers touching one row queue on its lock only until commit.
Rows are updated in a fixed order (people, then tags, each by id) so that two
writers touching the same rows cannot deadlock.

The arithmetic matches what the database computes when it counts afresh
(predictions.records.rebuild): a confidence is the decimal PostgreSQL makes of
the float (15 significant digits, rounded to 17 places), squared exactly.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, QuerySet, Value, When

from predictions.models import PersonTagTotals, PersonTotals, Prediction, TagTotals
from predictions.records.scoring import bin_index
from predictions.records.sort_keys import sort_keys
from sources.models import Person

Status = Prediction.Status
PLACES = Decimal(10) ** -17

type Delta = dict[str, int | Decimal]


@dataclass(frozen=True)
class Counted:
    """What of a prediction its contribution depends on."""

    predictor_id: int
    status: str
    outcome: str
    review_state: str
    confidence: float | None
    confidence_basis: str

    @classmethod
    def of(cls, prediction: Prediction) -> "Counted":
        return cls(*(getattr(prediction, name) for name in Prediction.COUNTED_FIELDS))


def exact(confidence: float) -> Decimal:
    """The confidence as PostgreSQL casts it to numeric(20, 17)."""
    return Decimal(format(confidence, ".15g")).quantize(PLACES, rounding=ROUND_HALF_UP)


def contribution(state: Counted | None) -> Delta:
    """What a prediction in ``state`` adds to its rows (nothing when None)."""
    if state is None or state.review_state != Prediction.ReviewState.PUBLISHED:
        return {}
    if state.status == Status.WITHDRAWN:
        return {"withdrawn": 1}
    counts: Delta = {"predictions": 1}
    if state.status == Status.OPEN:
        counts["open"] = 1
    elif state.status == Status.DUE:
        counts["overdue"] = 1
    elif state.status == Status.RESOLVED:
        counts["resolved"] = 1
        counts[state.outcome] = 1
        scored = state.confidence is not None and (
            state.confidence_basis in Prediction.SCORED_BASES
        )
        if scored and state.outcome in ("right", "wrong"):
            assert state.confidence is not None
            confidence = exact(state.confidence)
            right = state.outcome == "right"
            error = (1 - confidence) if right else confidence
            counts["brier_count"] = 1
            counts["brier_sum"] = error * error
            k = bin_index(state.confidence)
            counts[f"bin{k}"] = 1
            if right:
                counts[f"bin{k}_right"] = 1
    return counts


def _add(target: Delta, delta: Mapping[str, int | Decimal], sign: int) -> None:
    for name, value in delta.items():
        target[name] = target.get(name, 0) + sign * value


@dataclass
class Changes:
    """Deltas gathered for many rows, applied together (apply)."""

    people: dict[int, Delta]
    tags: dict[int, Delta]
    # (person, tag) → the change in how many of the person's published
    # predictions carry the tag (PersonTagTotals).
    person_tags: dict[tuple[int, int], int]

    def __init__(self) -> None:
        self.people = defaultdict(dict)
        self.tags = defaultdict(dict)
        self.person_tags = defaultdict(int)

    def move(
        self,
        before: Counted | None,
        after: Counted | None,
        *,
        tags_before: Iterable[int] = (),
        tags_after: Iterable[int] = (),
    ) -> None:
        old, new = contribution(before), contribution(after)
        # A contribution is empty exactly when the prediction is not published.
        if before is not None and old:
            _add(self.people[before.predictor_id], old, -1)
            for tag in tags_before:
                _add(self.tags[tag], old, -1)
                self.person_tags[before.predictor_id, tag] -= 1
        if after is not None and new:
            _add(self.people[after.predictor_id], new, 1)
            for tag in tags_after:
                _add(self.tags[tag], new, 1)
                self.person_tags[after.predictor_id, tag] += 1

    def add(self, *, person: int | None = None, tag: int | None = None, **delta: int) -> None:
        """Add a delta gathered elsewhere (a bulk write's counts) to a row."""
        _add(self.people[person] if person is not None else self.tags[tag], delta, 1)  # type: ignore[index]

    def apply(self) -> None:
        """Write every gathered delta; the site's cached record is dropped on commit."""
        if any(self.people.values()) or any(self.tags.values()):
            forget_site_record()
        for pk, delta in sorted(self.people.items()):
            _apply(PersonTotals, "person_id", pk, delta)
        for (person, tag), change in sorted(self.person_tags.items()):
            _apply_person_tag(person, tag, change)
        for pk, delta in sorted(self.tags.items()):
            _apply(TagTotals, "tag_id", pk, delta)


def _apply_person_tag(person: int, tag: int, change: int) -> None:
    if not change:
        return
    rows = PersonTagTotals.objects.filter(person_id=person, tag_id=tag)
    if not rows.update(predictions=F("predictions") + change):
        PersonTagTotals.objects.bulk_create(
            [PersonTagTotals(person_id=person, tag_id=tag)], ignore_conflicts=True
        )
        rows.update(predictions=F("predictions") + change)


def _apply(model: type[PersonTotals] | type[TagTotals], key: str, pk: int, delta: Delta) -> None:
    delta = {name: value for name, value in delta.items() if value}
    if not delta:
        return
    values: dict[str, Any] = {name: F(name) + value for name, value in delta.items()}
    if model is PersonTotals:
        values.update(sort_keys(delta))
    rows = model.objects.filter(**{key: pk})
    if not rows.update(**values):
        # A row made outside the services (a bulk load): start it at zero.
        ensure_rows(model, [pk])
        rows.update(**values)


def ensure_rows(model: type[PersonTotals] | type[TagTotals], pks: Iterable[int]) -> None:
    """Rows at zero for those of ``pks`` that have none."""
    if model is PersonTotals:
        names = dict(Person.objects.filter(pk__in=list(pks)).values_list("pk", "name"))
        made = [PersonTotals(person_id=pk, name=name) for pk, name in names.items()]
        PersonTotals.objects.bulk_create(made, ignore_conflicts=True)
    else:
        TagTotals.objects.bulk_create([TagTotals(tag_id=pk) for pk in pks], ignore_conflicts=True)


def forget_site_record() -> None:
    """Drop the site's cached record once the write commits."""
    from predictions.records.totals import SITE_KEY

    transaction.on_commit(lambda: cache.delete(SITE_KEY))


# --- the one place every write of a prediction passes: its saves -------------
#
# A save (a service's, a factory's, the admin's) compares what the row counted
# as when it was read with what it counts as now; adding or removing tags moves
# the row's contribution between tags. Bulk UPDATEs bypass both: their writers
# add a grouped delta themselves (predictions.services.due.mark_due).


def _tag_ids(prediction_id: int) -> list[int]:
    through = Prediction.tags.through
    return list(
        through.objects.filter(prediction_id=prediction_id).values_list("tag_id", flat=True)
    )


def _stored(prediction_id: int) -> Counted | None:
    row = Prediction.objects.filter(pk=prediction_id).values_list(*Prediction.COUNTED_FIELDS)
    found = row.first()
    return Counted(*found) if found is not None else None


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id")


def prediction_pre_save(
    sender: Any, instance: Prediction, raw: bool = False, **kwargs: Any
) -> None:
    # Loaded without one of the fields (QuerySet.only): read what it was.
    if not raw and not instance._state.adding and instance.counted_as is None:
        stored = _stored(instance.pk)
        instance.counted_as = None if stored is None else astuple(stored)


def prediction_saved(
    sender: Any,
    instance: Prediction,
    created: bool,
    update_fields: Iterable[str] | None = None,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if raw:
        return
    before = None if created or instance.counted_as is None else Counted(*instance.counted_as)
    now = Counted.of(instance)
    if before is not None and update_fields is not None:
        # Only the fields written are what the row holds now.
        written = set(update_fields)
        now = Counted(
            *(
                getattr(now, name) if _field_name(name) in written else getattr(before, name)
                for name in Prediction.COUNTED_FIELDS
            )
        )
    instance.counted_as = astuple(now)
    if before == now:
        return
    tags = [] if created else _tag_ids(instance.pk)
    changes = Changes()
    changes.move(before, now, tags_before=tags, tags_after=tags)
    changes.apply()


def tags_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if action == "pre_clear":
        # Which rows the clear is about to take, kept until it has.
        instance._tags_cleared = (
            list(instance.predictions.values_list("pk", flat=True))
            if reverse
            else _tag_ids(instance.pk)
        )
        return
    if action == "post_clear":
        pk_set, sign = set(getattr(instance, "_tags_cleared", ())), -1
    elif action in ("post_add", "post_remove"):
        sign = 1 if action == "post_add" else -1
    else:
        return
    if not pk_set:
        return
    changes = Changes()
    if reverse:  # a tag's predictions changed
        rows = Prediction.objects.filter(pk__in=pk_set).values_list(*Prediction.COUNTED_FIELDS)
        for row in rows:
            counted = Counted(*row)
            if delta := contribution(counted):
                _add(changes.tags[instance.pk], delta, sign)
                changes.person_tags[counted.predictor_id, instance.pk] += sign
    else:
        state = (
            Counted(*instance.counted_as)
            if instance.counted_as is not None
            else _stored(instance.pk)
        )
        delta = contribution(state)
        for tag in pk_set:
            _add(changes.tags[tag], delta, sign)
            if delta and state is not None:
                changes.person_tags[state.predictor_id, tag] += sign
    changes.apply()


def prediction_deleting(sender: Any, instance: Prediction, **kwargs: Any) -> None:
    instance.__dict__["_tags_deleted"] = _tag_ids(instance.pk)


def prediction_deleted(sender: Any, instance: Prediction, **kwargs: Any) -> None:
    state = Counted(*instance.counted_as) if instance.counted_as is not None else None
    changes = Changes()
    tags = getattr(instance, "_tags_deleted", [])
    changes.move(state, None, tags_before=tags)
    changes.apply()


def person_saved(
    sender: Any, instance: Person, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Every person has a row from the start; a new name reaches its copy."""
    if raw:
        return
    if created:
        PersonTotals.objects.bulk_create(
            [PersonTotals(person_id=instance.pk, name=instance.name)], ignore_conflicts=True
        )
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is None or "name" in update_fields:
        PersonTotals.objects.filter(person_id=instance.pk).exclude(name=instance.name).update(
            name=instance.name
        )


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    uid = "record-totals"
    pre_save.connect(prediction_pre_save, sender=Prediction, dispatch_uid=uid)
    post_save.connect(prediction_saved, sender=Prediction, dispatch_uid=uid)
    pre_delete.connect(prediction_deleting, sender=Prediction, dispatch_uid=uid)
    post_delete.connect(prediction_deleted, sender=Prediction, dispatch_uid=uid)
    m2m_changed.connect(tags_changed, sender=Prediction.tags.through, dispatch_uid=uid)
    post_save.connect(person_saved, sender=Person, dispatch_uid=uid)


def became_due(prediction_ids: list[int]) -> None:
    """mark_due's bulk UPDATE moved these from open to due: each person's and
    each tag's row moves by its count of them, in a constant number of
    queries however many rows and people the batch holds (a batch of 500
    can name 500 people; a statement each would make the due check cost
    what the ledger's spread is, not what is due)."""
    flipped = Prediction.objects.filter(
        pk__in=prediction_ids, review_state=Prediction.ReviewState.PUBLISHED
    ).order_by()
    through = Prediction.tags.through.objects.filter(
        prediction_id__in=flipped.values("pk")
    ).order_by()
    people = _move_open_to_due(PersonTotals, "person_id", flipped, "predictor_id")
    tags = _move_open_to_due(TagTotals, "tag_id", through, "tag_id")
    if people or tags:
        forget_site_record()


def _move_open_to_due(
    model: type[PersonTotals] | type[TagTotals], key: str, rows: QuerySet[Any], row_key: str
) -> int:
    """Count ``rows`` by ``row_key`` (one grouped query over the batch's own
    rows), lock the totals rows those keys name in key order (the order
    every writer of several rows takes, so two due checks cannot deadlock),
    then move each by its count in one UPDATE: a CASE with a branch per
    distinct count. Counting inside the UPDATE instead, row by row, read
    each person's every prediction, which made the due check cost what the
    ledger holds."""
    counts = dict(rows.values_list(row_key).annotate(n=Count("*")).order_by())
    if not counts:
        return 0
    locked = list(
        model.objects.filter(**{f"{key}__in": list(counts)})
        .order_by(key)
        .select_for_update()
        .values_list(key, flat=True)
    )
    if not locked:
        return 0
    by_count: dict[int, list[int]] = defaultdict(list)
    for row in locked:
        by_count[counts[row]].append(row)
    delta = Case(
        *(When(**{f"{key}__in": keys}, then=Value(n)) for n, keys in by_count.items()),
        default=Value(0),
    )
    return model.objects.filter(**{f"{key}__in": locked}).update(
        open=F("open") - delta, overdue=F("overdue") + delta
    )

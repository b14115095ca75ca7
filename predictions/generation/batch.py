"""The rows of one batch of predictions, with their quotes, sources, tags,
events and watches, drawn from one random.Random so a seed gives one ledger.

The status mix follows a running ledger on ``today``: deadlines spread over
ten years either side; those still ahead are open (a few withdrawn); those
past are mostly resolved, some still due, a few withdrawn; a few claims wait
for review. Only what a running system keeps is made: no outbox rows, which
a real ledger would have sent and pruned.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from predictions.generation import vocabulary
from predictions.generation.population import EDITORS, SOURCE_URL, Cast, midnight, skewed_pick
from predictions.history import GENESIS, canonical_json, chain_hash
from predictions.notifications.reminders import REMINDER_INTERVAL, REMINDER_LIMIT

Row = tuple[object, ...]

OUTCOMES = (("right", 0.4), ("wrong", 0.4), ("partly_right", 0.12), ("unresolvable", 0.08))
PENDING_SHARE = 0.02
# A new quote (with a new source half the time), the predictor's last quote
# again, or no quote: 400,000 quotes and 200,000 sources per 1,000,000 claims.
NEW_STATEMENT_SHARE = 0.4
REUSED_STATEMENT_SHARE = 0.2


@dataclass
class Counters:
    """Ids handed out so far; the generator assigns every id itself."""

    sources: int = 0
    statements: int = 0
    events: int = 0
    prediction_tags: int = 0
    watches: int = 0
    last_statement: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    # Each source's title, by id - 1: a quote's filing event names it.
    source_titles: list[str] = field(default_factory=list)


@dataclass
class Batch:
    sources: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    predictions: list[Row] = field(default_factory=list)
    prediction_tags: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    watches: list[Row] = field(default_factory=list)


SOURCE_COLUMNS = (
    "id",
    "url",
    "title",
    "publisher",
    "published_on",
    "kind",
    "description",
    "text",
    "text_sha256",
    "archive_url",
    "added_by_id",
    "created_at",
)
STATEMENT_COLUMNS = (
    "id",
    "source_id",
    "speaker_id",
    "text",
    "said_on",
    "context",
    "added_by_id",
    "created_at",
)
PREDICTION_COLUMNS = (
    "id",
    "claim",
    "predictor_id",
    "statement_id",
    "made_on",
    "resolves_on",
    "deadline_text",
    "confidence",
    "confidence_basis",
    "confidence_hedge",
    "status",
    "outcome",
    "resolution_note",
    "evidence_url",
    "resolved_by_id",
    "resolved_at",
    "self_judged",
    "review_state",
    "review_reason",
    "reviewed_by_id",
    "reviewed_at",
    "proposed_outcome",
    "proposed_note",
    "proposed_evidence_url",
    "proposed_by_id",
    "proposed_at",
    "filed_by_id",
    "created_at",
    "updated_at",
    "version",
    "reminder_sequence",
    "next_reminder_at",
)
PREDICTION_TAG_COLUMNS = ("id", "prediction_id", "tag_id")
EVENT_COLUMNS = ("id", "prediction_id", "kind", "actor_id", "at", "data", "previous_hash", "hash")
WATCH_COLUMNS = ("id", "user_id", "prediction_id", "created_at")


def _data_of(canonical: str, kind: str, prediction_id: int) -> str:
    """The event's data as JSON, cut from its canonical JSON rather than
    serialised a second time (a third of the making, at a million). The
    canonical document's keys are sorted and ``data`` comes before ``kind``
    and ``prediction``, the last two, so the data is what lies between
    '"data":' and their fixed tail. verify_ledger, which hashes the stored
    data again, checks the cut."""
    start = canonical.index(',"data":') + len(',"data":')
    tail = f',"kind":{json.dumps(kind, ensure_ascii=False)},"prediction":{prediction_id}}}'
    assert canonical.endswith(tail)
    return canonical[start : -len(tail)]


class BatchMaker:
    def __init__(self, rng: random.Random, cast: Cast, today: date) -> None:
        self.rng = rng
        self.cast = cast
        self.today = today
        self.counters = Counters()
        self.person_slugs: dict[int, str] = {}

    def make(self, first_id: int, last_id: int) -> Batch:
        batch = Batch()
        for pk in range(first_id, last_id + 1):
            self._prediction(batch, pk)
        return batch

    # --- One prediction -------------------------------------------------------

    def _prediction(self, batch: Batch, pk: int) -> None:
        rng = self.rng
        predictor = 1 + skewed_pick(rng, self.cast.people)
        filer = 1 + skewed_pick(rng, self.cast.accounts)
        resolves_on = self.today + timedelta(days=rng.randint(-3650, 3650))
        made_on = min(resolves_on - timedelta(days=rng.randint(30, 1500)), self.today)
        created = midnight(made_on) + timedelta(seconds=rng.randrange(36000))
        subject, verb = rng.choice(vocabulary.SUBJECTS), rng.choice(vocabulary.VERBS)
        claim = f"{subject.capitalize()} {verb} by {resolves_on:%B %Y} (#{pk})."
        statement_id, quoted = self._statement(batch, predictor, subject, verb, made_on, filer)
        confidence, basis, hedge = self._confidence()
        pending = rng.random() < PENDING_SHARE
        past = resolves_on < self.today
        status = self._status(pending, past)
        outcome = note = evidence = ""
        resolved_by: int | None = None
        resolved_at: datetime | None = None
        events: list[tuple[str, int | None, datetime, dict[str, Any]]] = [
            ("filed", filer, created, {
                "claim": claim, "predictor": self._slug(predictor),
                "made_on": made_on.isoformat(), "resolves_on": resolves_on.isoformat(),
                "deadline_text": "", "confidence": confidence, "confidence_basis": basis,
                "confidence_hedge": hedge, "status": "open",
                "review_state": "pending" if pending or filer > EDITORS else "published",
                "statement": quoted,
            })
        ]  # fmt: skip
        reviewer: int | None = None
        reviewed_at: datetime | None = None
        if not pending and filer > EDITORS:
            reviewer = 1 + rng.randrange(EDITORS)
            reviewed_at = created + timedelta(hours=rng.randint(1, 72))
            events.append(
                ("approved", reviewer, reviewed_at, {"reason": "", "from_review_state": "pending"})
            )
        due_at = midnight(resolves_on + timedelta(days=1)) + timedelta(minutes=5)
        if (past and status != "withdrawn") or status == "resolved":
            events.append(("became_due", None, due_at, {"resolves_on": resolves_on.isoformat()}))
        if status == "resolved":
            outcome = self._outcome()
            note = rng.choice(vocabulary.NOTES)
            evidence = f"{SOURCE_URL}evidence/{pk}"
            resolved_by = 1 + rng.randrange(EDITORS)
            latest = min(resolves_on + timedelta(days=rng.randint(1, 120)), self.today)
            resolved_at = max(midnight(latest) + timedelta(hours=rng.randint(6, 20)), due_at)
            events.append(("resolved", resolved_by, resolved_at, {
                "outcome": outcome, "note": note, "evidence_url": evidence, "from_status": "due",
            }))  # fmt: skip
        elif status == "withdrawn":
            # Withdrawn while still open: today, or the day before a past deadline.
            day = min(self.today, resolves_on - timedelta(days=1))
            at = max(events[-1][2], midnight(day) + timedelta(hours=9))
            events.append(("withdrawn", 1 + rng.randrange(EDITORS), at, {
                "reason": rng.choice(vocabulary.REASONS), "from_status": "open",
                "previous": None,
            }))  # fmt: skip
        self._chain(batch, pk, events)
        batch.predictions.append((
            pk, claim, predictor, statement_id, made_on, resolves_on, "", confidence, basis,
            hedge, status, outcome, note, evidence, resolved_by, resolved_at, False,
            "pending" if pending else "published", "", reviewer, reviewed_at, "", "", "", None,
            None, filer, created, events[-1][2], len(events),
            *self._reminder_state(status, due_at),
        ))  # fmt: skip
        self._tags(batch, pk)
        self._watches(batch, pk, filer, created)

    def _reminder_state(self, status: str, due_at: datetime) -> tuple[int, datetime | None]:
        """Where a running site would be with a due prediction's weekly
        reminders (predictions.notifications.reminders): one a week since it
        came due, four at most, the next owed a week after the last."""
        if status != "due":
            return 0, None
        weeks = max(0, (midnight(self.today) - due_at) // REMINDER_INTERVAL)
        sequence = min(weeks, REMINDER_LIMIT)
        if sequence == REMINDER_LIMIT:
            return sequence, None
        return sequence, due_at + REMINDER_INTERVAL * (sequence + 1)

    def _status(self, pending: bool, past: bool) -> str:
        if pending:
            return "due" if past else "open"
        draw = self.rng.random()
        if not past:
            return "withdrawn" if draw < 0.02 else "open"
        return "resolved" if draw < 0.72 else "due" if draw < 0.95 else "withdrawn"

    def _outcome(self) -> str:
        draw = self.rng.random()
        for outcome, share in OUTCOMES:
            if draw < share:
                return outcome
            draw -= share
        return OUTCOMES[-1][0]

    def _confidence(self) -> tuple[float | None, str, str]:
        """Half the claims carry a confidence: stated, read from hedging words, or the filer's."""
        rng = self.rng
        if rng.random() < 0.5:
            return None, "", ""
        draw = rng.random()
        if draw < 0.2:
            words, value = rng.choice(vocabulary.HEDGES)
            return value, "hedge", words
        return round(rng.uniform(0.05, 0.95), 2), "stated" if draw < 0.6 else "filer", ""

    def _slug(self, person: int) -> str:
        return self.person_slugs.get(person, "")

    # --- Quotes and their sources -----------------------------------------------

    def _statement(
        self, batch: Batch, speaker: int, subject: str, verb: str, said_on: date, filer: int
    ) -> tuple[int | None, dict[str, Any] | None]:
        rng, counters = self.rng, self.counters
        draw = rng.random()
        if draw >= NEW_STATEMENT_SHARE:
            if draw < NEW_STATEMENT_SHARE + REUSED_STATEMENT_SHARE:
                previous = counters.last_statement.get(speaker)
                if previous is not None:
                    return previous
            return None, None
        source = self._source(batch, said_on, filer)
        counters.statements += 1
        words, _ = rng.choice(vocabulary.HEDGES)
        text = f"I think {subject} {verb.removeprefix('will ')}, {words}, within a few years."
        created = midnight(said_on) + timedelta(seconds=rng.randrange(36000))
        batch.statements.append(
            (counters.statements, source, speaker, text, said_on, "", filer, created)
        )
        quoted = {
            "id": counters.statements,
            "text": text,
            "speaker": self._slug(speaker),
            "said_on": said_on.isoformat(),
            "source_url": f"{SOURCE_URL}{source}",
            "source_title": counters.source_titles[source - 1],
        }
        counters.last_statement[speaker] = (counters.statements, quoted)
        return counters.statements, quoted

    def _source(self, batch: Batch, published_on: date, filer: int) -> int:
        rng, counters = self.rng, self.counters
        if counters.sources and rng.random() < 0.5:
            return 1 + rng.randrange(counters.sources)
        counters.sources += 1
        pk = counters.sources
        publisher = rng.choice(vocabulary.PUBLISHERS)
        title = f"{publisher}: {rng.choice(vocabulary.SUBJECTS)} in question"
        counters.source_titles.append(title)
        kind = rng.choice(("article", "article", "video", "podcast", "social", "paper"))
        batch.sources.append((
            pk, f"{SOURCE_URL}{pk}", title, publisher, published_on, kind, "", "", "", "",
            filer, midnight(published_on),
        ))  # fmt: skip
        return pk

    # --- What hangs off a prediction --------------------------------------------

    def _chain(
        self, batch: Batch, pk: int, events: list[tuple[str, int | None, datetime, dict[str, Any]]]
    ) -> None:
        """The events, hashed by the ledger's one rule (predictions.history)."""
        previous = GENESIS
        for kind, actor, at, data in events:
            self.counters.events += 1
            canonical = canonical_json(
                prediction_id=pk, kind=kind, actor_id=actor, at=at, data=data
            ).decode()
            digest = chain_hash(previous, canonical.encode())
            batch.events.append(
                (self.counters.events, pk, kind, actor, at, _data_of(canonical, kind, pk),
                 previous, digest)
            )  # fmt: skip
            previous = digest

    def _tags(self, batch: Batch, pk: int) -> None:
        count = self.rng.choice((0, 1, 1, 2, 2, 3))
        for tag in sorted({1 + skewed_pick(self.rng, self.cast.tags) for _ in range(count)}):
            self.counters.prediction_tags += 1
            batch.prediction_tags.append((self.counters.prediction_tags, pk, tag))

    def _watches(self, batch: Batch, pk: int, filer: int, created: datetime) -> None:
        """The filer watches what they filed (as filing does), and a few others."""
        watchers = {filer}
        for _ in range(self.rng.choice((0, 0, 1, 2))):
            watchers.add(1 + skewed_pick(self.rng, self.cast.accounts))
        for user in sorted(watchers):
            self.counters.watches += 1
            batch.watches.append((self.counters.watches, user, pk, created))

"""Restoring Hindsight's JSON file (transfer.ledger_format) into a ledger:
each prediction under its own id with its history as it was, every event's
hash kept and checked, so the restored ledger proves its history as the
original did, and exporting it again gives the same file.

An event's hash covers the prediction's id and the acting account's id
(predictions.history), so both are kept: a prediction goes back under its id,
and an account the history names is the one of that id here, or, where there
is none, an inactive account of that id and name is made for the history to
name (it cannot sign in). A file therefore restores into the ledger it came
from or into an empty one; where an id here is another prediction, or another
account, that prediction is refused and the report says why. A prediction
already here with the same history is left as it is.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from predictions import history
from predictions.models import Prediction, PredictionEvent
from predictions.notifications.reminders import first_reminder_at
from predictions.search import refresh_search_documents
from predictions.services.filing import tags_named
from sources.models import Person, Source, Statement
from sources.names import name_key
from transfer import ledger_format
from transfer.formats.records import RowProblem, UnreadableFile

User = get_user_model()


class RestoreRefused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def restore_file(
    document: Any,
    report: Any,
    progress: Callable[[int, int], None] | None,
    *,
    dry_run: bool = False,
) -> None:
    _check_header(document)
    items = document["predictions"]
    for done, item in enumerate(items, start=1):
        try:
            with transaction.atomic():
                report.count(restore_prediction(item))
        except RestoreRefused as refused:
            report.problems.append(RowProblem(done, refused.field, refused.message))
        except DatabaseError as error:
            report.problems.append(RowProblem(done, "", refused_by_database(error)))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            report.problems.append(
                RowProblem(
                    done, "", f"The prediction cannot be read from the file: {_said(error)}."
                )
            )
        if progress is not None:
            progress(done, len(items))
    if not dry_run:
        # A sequence is not rolled back with a dry run: it is left alone.
        _follow_explicit_ids()


def _said(error: Exception) -> str:
    """A reading error in words: a missing field is named, not shown as KeyError('x')."""
    if isinstance(error, KeyError):
        return f"it has no “{error.args[0]}”"
    return str(error) or type(error).__name__


def refused_by_database(error: DatabaseError) -> str:
    """A value the database refused (too long, out of range, not allowed), in words."""
    text = str(error).strip()
    detail = text.splitlines()[0] if text else type(error).__name__
    return f"The database refused it ({detail}); nothing of it was imported."


def _check_header(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != ledger_format.FORMAT:
        raise UnreadableFile("This is not a Hindsight file: its “format” is not “hindsight”.")
    if document.get("version") != ledger_format.VERSION:
        raise UnreadableFile(
            f"This Hindsight file is version {document.get('version')!r}; "
            f"this ledger reads version {ledger_format.VERSION}."
        )
    if not isinstance(document.get("predictions"), list):
        raise UnreadableFile("The file has no list of predictions.")


def _follow_explicit_ids() -> None:
    """Rows written under their own ids leave PostgreSQL's sequences behind:
    move them past the highest id, or the next prediction filed would collide.
    Never back: a sequence already further on (ids handed out meanwhile) stays."""
    if connection.vendor != "postgresql":
        return  # SQLite takes the next id from the table itself
    with connection.cursor() as cursor:
        for model in (Prediction, User):
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(seq, GREATEST("
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}), "
                "COALESCE(pg_sequence_last_value(seq::regclass), 1))) "
                "FROM pg_get_serial_sequence(%s, 'id') AS seq",
                [table],
            )


def restore_prediction(item: dict[str, Any]) -> str:
    events = item["events"]
    if not events:
        raise RestoreRefused("events", "The prediction has no events: its filing is missing.")
    existing = Prediction.objects.filter(pk=item["id"]).first()
    if existing is not None:
        return _compare(existing, item)
    prediction = _prediction(item)
    prediction.save()
    prediction.tags.set(tags_named(item["tags"]))
    _events(prediction, events)
    # auto_now and auto_now_add set these on save: the file's, afterwards.
    Prediction.objects.filter(pk=prediction.pk).update(
        created_at=_time(item["created_at"]), updated_at=_time(item["updated_at"])
    )
    refresh_search_documents([prediction.pk])
    return "created"


def _compare(existing: Prediction, item: dict[str, Any]) -> str:
    chain = list(existing.events.order_by("at", "id").values_list("hash", flat=True))
    if chain and chain[0] == item["events"][0]["hash"]:
        if chain[-1] == item["event_chain_head"]:
            return "unchanged"
        raise RestoreRefused(
            "events",
            f"Prediction {existing.pk} is here with a different history from the file's: "
            "it was changed after one of the two was exported. It is left as it is here.",
        )
    raise RestoreRefused(
        "id",
        f"Id {existing.pk} is another prediction here. A Hindsight file restores into the "
        "ledger it came from, or into an empty one.",
    )


def _prediction(item: dict[str, Any]) -> Prediction:
    details = item["details"]
    status = item["status"]
    return Prediction(
        pk=item["id"],
        claim=item["claim"],
        predictor=_person(item["predictor"]),
        statement=_statement(item["statement"]) if item["statement"] else None,
        made_on=date.fromisoformat(item["made_on"]),
        resolves_on=date.fromisoformat(item["deadline"]),
        deadline_text=item["deadline_text"] or "",
        confidence=item["confidence"],
        confidence_basis=item["confidence_basis"] or "",
        confidence_hedge=details["confidence_hedge"],
        status=status,
        outcome=item["outcome"] or "",
        resolution_note=item["resolution_note"] or "",
        evidence_url=item["evidence_url"] or "",
        resolved_by=_account(details["resolved_by"]),
        resolved_at=_time(item["resolved_at"]),
        self_judged=details["self_judged"],
        review_state=item["review_state"],
        review_reason=details["review_reason"],
        reviewed_by=_account(details["reviewed_by"]),
        reviewed_at=_time(details["reviewed_at"]),
        proposed_outcome=details["proposed_outcome"],
        proposed_note=details["proposed_note"],
        proposed_evidence_url=details["proposed_evidence_url"],
        proposed_by=_account(details["proposed_by"]),
        proposed_at=_time(details["proposed_at"]),
        filed_by=_account(details["filed_by"]),
        external_id=item["external_id"] or "",
        version=details["version"],
        # A due prediction is reminded of from a week after it is restored.
        next_reminder_at=first_reminder_at(status),
    )


def _events(prediction: Prediction, documents: list[dict[str, Any]]) -> None:
    """The history as it was, each event checked against its hash before it is kept."""
    previous = history.GENESIS
    events = []
    for number, document in enumerate(documents, start=1):
        event = PredictionEvent(
            prediction=prediction,
            kind=document["kind"],
            actor=_account(document["actor"]),
            at=datetime.fromisoformat(document["at"]),
            data=document["data"],
            previous_hash=document["previous_hash"],
            hash=document["hash"],
        )
        if event.previous_hash != previous or history.hash_of(event, previous) != event.hash:
            raise RestoreRefused(
                "events",
                f"Event {number} ({event.kind}) does not match its hash: the file was "
                "changed after it was exported, so its history cannot be vouched for.",
            )
        previous = event.hash
        events.append(event)
    PredictionEvent.objects.bulk_create(events)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _account(document: dict[str, Any] | None) -> Any:
    """The account of the file's id: the one here if it has the file's name, a
    new inactive one if there is none; refused if the id is someone else's."""
    if document is None:
        return None
    account_id, username = document["id"], document["username"]
    account = User.objects.filter(pk=account_id).first()
    if account is None:
        if User.objects.filter(username=username).exists():
            raise RestoreRefused(
                "events",
                f"The file's account {account_id} is named “{username}”, a name another "
                "account here has.",
            )
        account = User(pk=account_id, username=username, is_active=False)
        account.set_unusable_password()
        account.save()
        return account
    if account.get_username() != username:
        raise RestoreRefused(
            "events",
            f"Account {account_id} is “{account.get_username()}” here but “{username}” in the "
            "file. A Hindsight file restores into the ledger it came from, or into an empty one.",
        )
    return account


def _person(document: dict[str, Any]) -> Person:
    person, _ = Person.objects.get_or_create(
        slug=document["slug"],
        defaults={
            "name": document["name"],
            "name_key": name_key(document["name"]),
            "kind": document["kind"],
            "description": document["description"],
            "url": document["url"],
        },
    )
    return person


def _source(document: dict[str, Any]) -> Source:
    if document["url"]:
        found = Source.objects.filter(url=document["url"]).first()
    else:
        found = Source.objects.filter(
            url="", title=document["title"], text_sha256=document["text_sha256"]
        ).first()
    if found is not None:
        return found
    return Source.objects.create(
        url=document["url"],
        title=document["title"],
        publisher=document["publisher"],
        published_on=date.fromisoformat(document["published_on"])
        if document["published_on"]
        else None,
        kind=document["kind"],
        description=document["description"],
        text=document["text"],
        text_sha256=document["text_sha256"],
        archive_url=document["archive_url"],
    )


def _statement(document: dict[str, Any]) -> Statement:
    original = document.get("original")
    statement, _ = Statement.objects.get_or_create(
        source=_source(document["source"]),
        speaker=_person(document["speaker"]),
        text=document["text"],
        said_on=date.fromisoformat(document["said_on"]),
        defaults={
            "is_paraphrase": document["is_paraphrase"],
            "context": document["context"],
            "original": _statement(original) if original else None,
        },
    )
    return statement

"""Importing a file: Hindsight's own (JSON restored whole, with its history;
CSV as records), Fatebook's and PredictionBook's.

Each prediction is its own transaction (a dry run excepted: one transaction,
rolled back), and the report names every row that
could not be imported, by row and column, and why. A file from another tool
routinely has a few rows it cannot be taken at its word on; one of them should
not cost the hundreds of good ones (and the person can fix the few and import
the file again: a prediction is known by its external id, so a second import
updates, never duplicates). A dry run does all of it inside one transaction
that is rolled back, so its report is exactly what the import would do.
"""

import collections
import json
import re
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import rules, services
from predictions.models import Prediction
from reading.hedges import find_hedge
from transfer import restore
from transfer.formats import detect
from transfer.formats.records import IncomingPrediction, ParsedFile, RowProblem, UnreadableFile
from transfer.restore import refused_by_database

Progress = Callable[[int, int], None]

# The file's own name for each field a service may refuse, by format.
COLUMNS: dict[str, dict[str, str]] = {
    "fatebook": {
        "claim": "Question title",
        "predictor": "Question created by",
        "made_on": "Question created at",
        "resolves_on": "Question resolve by",
        "confidence": "Forecast (scale = 0-1)",
        "tags": "Question tags",
        "outcome": "Resolution",
        "resolved_at": "Resolved at",
    },
    "predictionbook": {
        "claim": "description",
        "predictor": "creator",
        "made_on": "created_at",
        "resolves_on": "deadline",
        "confidence": "responses",
        "tags": "tags",
        "quote": "description",
        "source_url": "id",
        "outcome": "outcome",
        "resolved_at": "judged_at",
    },
    "hindsight": {
        "predictor": "person",
        "confidence_hedge": "confidence_basis",
        "made_on": "created_at",
        "resolves_on": "deadline",
        "resolved_at": "resolved_at",
    },
}
EXTERNAL_ID_LENGTH = Prediction._meta.get_field("external_id").max_length or 200
OWN_PREDICTION = re.compile(r"/predictions/(\d{1,18})/")
OUTCOME_AWAITS_REVIEW = "outcome left for an editor (the claim awaits review)"
OUTCOME_NEEDS_EDITOR = "outcome left for an editor (no evidence page to propose it with)"
ORIGINS = {"fatebook": "Fatebook", "predictionbook": "PredictionBook", "hindsight": "Hindsight"}


@dataclass
class ImportReport:
    format: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: collections.Counter[str] = field(default_factory=collections.Counter)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, result: str) -> None:
        setattr(self, result, getattr(self, result) + 1)

    @property
    def summary(self) -> str:
        """ "3 created, 1 updated, 0 unchanged; skipped: 2 withdrawn; 1 row not imported"."""
        words = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
            words += f"; skipped: {reasons}"
        if self.problems:
            rows = len(self.problems)
            words += f"; {rows} row{'s' if rows != 1 else ''} not imported"
        if self.dry_run:
            words += " (a dry run: nothing was saved)"
        return words

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": dict(self.skipped),
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in self.problems
            ],
            "warnings": self.warnings,
            "summary": self.summary,
        }


def import_file(
    text: str,
    *,
    user: Any,
    filename: str = "",
    format: str | None = None,
    dry_run: bool = False,
    person: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``text`` (its format told from its contents unless given) as
    ``user``; ``person`` names the predictor of every row when the file does
    not (or overrides it). UnreadableFile when the file as a whole cannot be read."""
    format = format or detect.detect_format(text, filename)
    report = ImportReport(format=format, dry_run=dry_run)
    # Each prediction commits on its own (see the module's docstring); only a
    # dry run holds them all, to roll every one of them back at the end.
    with transaction.atomic() if dry_run else nullcontext():
        if is_restore(text, filename=filename, format=format):
            _restore(text, report, progress, dry_run=dry_run)
        else:
            _import_records(detect.parse(text, format), report, user, person, progress)
        if dry_run:
            transaction.set_rollback(True)
    return report


def is_restore(text: str, *, filename: str = "", format: str | None = None) -> bool:
    """Whether ``text`` is Hindsight's JSON, which is restored whole, history
    and accounts included, rather than filed row by row by someone."""
    format = format or detect.detect_format(text, filename)
    return format == detect.HINDSIGHT and text.removeprefix("\ufeff").lstrip().startswith("{")


def _restore(text: str, report: ImportReport, progress: Progress | None, *, dry_run: bool) -> None:
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except (json.JSONDecodeError, RecursionError) as error:
        raise UnreadableFile(f"The file looks like JSON but can't be read ({error}).") from None
    restore.restore_file(document, report, progress, dry_run=dry_run)


def _import_records(
    parsed: ParsedFile, report: ImportReport, user: Any, person: str, progress: Progress | None
) -> None:
    report.skipped.update(parsed.skipped)
    report.problems.extend(parsed.problems)
    report.warnings.extend(parsed.warnings)
    columns = COLUMNS.get(parsed.format, {})
    total = len(parsed.predictions)
    for done, incoming in enumerate(parsed.predictions, start=1):
        try:
            with transaction.atomic():
                report.count(_import_one(incoming, parsed.format, user, person, report))
        except InvalidInput as error:
            for field_name, messages in error.errors.items():
                column = columns.get(field_name, field_name)
                report.problems.append(RowProblem(incoming.row, column, " ".join(messages)))
        except (NotPermitted, InvalidTransition) as error:
            report.problems.append(RowProblem(incoming.row, "", str(error)))
        except DatabaseError as error:
            # A value the database refuses (too long, out of range) that no
            # check before it caught: this row only, said in words.
            report.problems.append(RowProblem(incoming.row, "", refused_by_database(error)))
        if progress is not None:
            progress(done, total)
    report.problems.sort(key=lambda problem: problem.row)


def _import_one(
    incoming: IncomingPrediction, format: str, user: Any, person: str, report: ImportReport
) -> str:
    if len(incoming.external_id) > EXTERNAL_ID_LENGTH:
        raise InvalidInput.field(
            "external_id", f"An external id is at most {EXTERNAL_ID_LENGTH} characters."
        )
    existing = _existing(incoming)
    if existing is None:
        prediction = _file(incoming, format, user, person)
        _settle(prediction, incoming, format, user, report)
        return "created"
    changed = _update(existing, incoming, format, user)
    settled = _settle(existing, incoming, format, user, report)
    return "updated" if changed or settled else "unchanged"


def _existing(incoming: IncomingPrediction) -> Prediction | None:
    """The prediction imported from the same place before; or, for a row of
    this ledger's own CSV, the prediction it is (a file brought back home)."""
    found = Prediction.objects.filter(external_id=incoming.external_id).first()
    if found is None and incoming.external_id.startswith("hindsight:"):
        url = incoming.external_id.removeprefix("hindsight:")
        path = url.removeprefix(settings.SITE_URL) if url.startswith(settings.SITE_URL) else ""
        if match := OWN_PREDICTION.fullmatch(path):
            found = Prediction.objects.filter(pk=int(match[1])).first()
    return found


def _predictor(incoming: IncomingPrediction, person: str) -> str:
    name = person or incoming.person_name
    if not name:
        raise InvalidInput.field(
            "predictor", "The file does not say who made this prediction: name them for the import."
        )
    return name


def _imported(incoming: IncomingPrediction, format: str) -> dict[str, Any]:
    """What the filed event keeps of the file: where the claim came from, the
    forecasts as made there, and the outcome it gave."""
    document: dict[str, Any] = {
        "from": format,
        "row": incoming.row,
        "created_at": incoming.created_at.astimezone(UTC).isoformat(),
    }
    if incoming.confidence_history:
        document["confidence_history"] = [
            [point.at.astimezone(UTC).isoformat(), str(point.confidence)]
            for point in incoming.confidence_history
        ]
    if incoming.outcome:
        document["outcome"] = incoming.outcome
    if incoming.notes:
        document["notes"] = incoming.notes
    return document


def _file(incoming: IncomingPrediction, format: str, user: Any, person: str) -> Prediction:
    quote = incoming.quote
    if format == "predictionbook" and incoming.source_url:
        # A PredictionBook page holds the creator's own words: the claim is the quote.
        quote = incoming.claim
    confidence = float(incoming.confidence) if incoming.confidence is not None else None
    hedge = ""
    if incoming.confidence_basis == "hedge":
        # Hindsight's CSV names the basis, not the words: they are in the quote.
        found = find_hedge(quote or incoming.claim)
        hedge = found.phrase if found else ""
    return services.file_claim(
        filed_by=user,
        claim=incoming.claim,
        predictor=_predictor(incoming, person),
        made_on=incoming.made_on or incoming.created_at.date(),
        resolves_on=incoming.deadline,
        deadline_text=incoming.deadline_text,
        confidence=confidence,
        confidence_basis=incoming.confidence_basis or ("stated" if confidence is not None else ""),
        confidence_hedge=hedge,
        tags=incoming.tags,
        quote=quote if incoming.source_url or incoming.source_title else "",
        source_url=incoming.source_url,
        source_title=incoming.source_title or incoming.source_url,
        quote_is_paraphrase=incoming.quote_is_paraphrase,
        external_id=incoming.external_id,
        imported=_imported(incoming, format),
    )


def _update(prediction: Prediction, incoming: IncomingPrediction, format: str, user: Any) -> bool:
    """The file's newer words for a prediction imported before."""
    changes: dict[str, Any] = {}
    if incoming.claim.strip() != prediction.claim:
        changes["claim"] = incoming.claim.strip()
    if incoming.deadline != prediction.resolves_on:
        changes["resolves_on"] = incoming.deadline
    confidence = float(incoming.confidence) if incoming.confidence is not None else None
    if confidence != prediction.confidence:
        changes["confidence"] = confidence
        changes["confidence_basis"] = "stated" if confidence is not None else ""
    if sorted(slugify(name) for name in incoming.tags) != sorted(
        tag.slug for tag in prediction.tags.all()
    ):
        changes["tags"] = list(incoming.tags)
    if prediction.status == Prediction.Status.RESOLVED:
        # The judged fields wait for a reopening (predictions.rules.JUDGED_FIELDS).
        changes = {name: value for name, value in changes.items() if name == "tags"}
    if not changes:
        return False
    services.edit_prediction(
        prediction=prediction,
        actor=user,
        changes=changes,
        reason=f"Imported again from {ORIGINS.get(format, format)}.",
    )
    return True


def _settle(
    prediction: Prediction,
    incoming: IncomingPrediction,
    format: str,
    user: Any,
    report: ImportReport,
) -> bool:
    """Record the file's outcome, where the ledger has none yet."""
    if incoming.outcome is None:
        return False
    prediction.refresh_from_db()
    if prediction.status not in (Prediction.Status.OPEN, Prediction.Status.DUE):
        return False
    if prediction.review_state != Prediction.ReviewState.PUBLISHED:
        report.skipped[OUTCOME_AWAITS_REVIEW] += 1
        return False
    now = timezone.now()
    resolved_at = min(incoming.resolved_at, now) if incoming.resolved_at else None
    note = incoming.resolution_note or f"Resolved on {ORIGINS.get(format, format)}."
    if rules.may("resolve", user, prediction):
        services.resolve_prediction(
            prediction=prediction,
            outcome=incoming.outcome,
            actor=user,
            note=note,
            evidence_url=incoming.evidence_url,
            resolved_at=resolved_at,
        )
    elif incoming.evidence_url:
        services.propose_outcome(
            prediction=prediction,
            outcome=incoming.outcome,
            actor=user,
            note=note,
            evidence_url=incoming.evidence_url,
        )
    else:
        # A proposal needs a page that shows what happened; the file has none.
        report.skipped[OUTCOME_NEEDS_EDITOR] += 1
        return False
    return True


def summary_lines(report: ImportReport) -> list[str]:
    """The report as lines for a terminal or a page: the summary, warnings,
    then each row not imported."""
    lines = [report.summary, *report.warnings]
    lines += [
        f"Row {p.row}{f', {p.column}' if p.column else ''}: {p.message}" for p in report.problems
    ]
    return lines

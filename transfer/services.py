"""Writes of the transfer app: an uploaded file queued for import, and the
import run and recorded."""

import logging
import time

from django.db import transaction
from django.utils import timezone

from transfer import progress
from transfer.formats.records import UnreadableFile
from transfer.importing import import_file
from transfer.models import ImportJob

logger = logging.getLogger(__name__)
# How often a running import tells its progress, at most.
PROGRESS_EVERY_SECONDS = 0.5


def queue_import(*, user, filename: str, format: str, text: str, person: str, dry_run: bool):
    job = ImportJob.objects.create(
        created_by=user,
        filename=filename,
        format=format,
        text=text,
        person=person,
        dry_run=dry_run,
    )
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    from transfer.tasks import run_import

    try:
        run_import.delay(job_id)
    except Exception:  # kombu raises many kinds; the job stays queued for a retry by hand
        logger.exception("Could not queue import job %s", job_id)


def run(job_id: int) -> ImportJob:
    """Import the job's file; the report, or why it could not be read, on the job."""
    # Taken in one UPDATE, so that a task delivered twice (acks_late, a lost
    # worker) runs the import once; the second finds it taken and stops.
    taken = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not taken:
        return job
    last = 0.0

    def tell(done: int, total: int) -> None:
        nonlocal last
        if done == total or time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
            progress.record(job.pk, done, total)
            last = time.monotonic()

    try:
        report = import_file(
            job.text,
            user=job.created_by,
            filename=job.filename,
            format=job.format,
            dry_run=job.dry_run,
            person=job.person,
            progress=tell,
        )
    except UnreadableFile as error:
        job.state, job.error = ImportJob.State.FAILED, str(error)
    except Exception:
        # Nothing was saved (the import is one transaction); the page must
        # not say "importing" for ever.
        logger.exception("Import job %s stopped on an error", job.pk)
        job.state = ImportJob.State.FAILED
        job.error = "The import stopped on an unexpected error; nothing was imported."
    else:
        job.state, job.report = ImportJob.State.DONE, report.as_dict()
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "report", "finished_at"])
    return job

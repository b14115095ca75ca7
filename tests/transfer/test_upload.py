"""The editors' upload page: only editors; a file it cannot read is named on
the form with a 400 and nothing queued; a good one becomes a job a worker runs,
whose page shows its progress, then its summary and every row left out."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from predictions.models import Prediction
from tests.support.factories import make_editor
from tests.support.html import Page
from tests.support.markers import requires_postgres, requires_redis
from tests.support.worker import CeleryProcesses, purge_broker, wait_for
from transfer import progress
from transfer.models import ImportJob
from transfer.tasks import run_import

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "formats" / "fixtures"


def upload(client, name: str, content: bytes, **fields):
    return client.post("/imports/new/", {"file": SimpleUploadedFile(name, content), **fields})


def test_only_editors_may_import(client, contributor):
    assert client.get("/imports/new/").status_code == 302  # to sign in
    client.force_login(contributor)
    assert client.get("/imports/new/").status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", b"a,b\n1,2\n", "header this importer knows"),
        ("book.xlsx", b"PK\x03\x04", "save it as CSV"),
        ("latin.csv", "Question title\né".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_and_nothing_is_queued(
    client, editor, name, content, message
):
    client.force_login(editor)

    response = upload(client, name, content)

    assert response.status_code == 400
    page = Page(response.content.decode())
    assert message in page.one(".error-summary").get_text()
    assert message in page.one("#id_file_error").get_text()
    assert not ImportJob.objects.exists()


def test_a_format_that_does_not_match_the_file_is_refused(client, editor):
    client.force_login(editor)

    response = upload(
        client, "f.csv", (FIXTURES / "fatebook_2023.csv").read_bytes(), format="predictionbook"
    )

    assert response.status_code == 400
    assert "reads as Fatebook" in Page(response.content.decode()).one("#id_format_error").text


def test_an_upload_is_imported_by_the_task_and_reported(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, "fatebook.csv", (FIXTURES / "fatebook_2025_01.csv").read_bytes())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert len(queued) == 1  # the worker is sent for once the job is saved
    waiting = Page(client.get(f"/imports/{job.pk}/").content.decode())
    assert waiting.soup.find("meta", attrs={"http-equiv": "refresh"}) is not None
    assert "Waiting to start" in waiting.one('p[role="status"]').get_text()

    assert run_import(job.pk) == "done"  # what the worker runs

    job.refresh_from_db()
    report = job.report
    assert report is not None
    assert report["created"] == Prediction.objects.count() > 0
    done, total = progress.of(job.pk) or (0, 0)
    assert done == total >= report["created"]  # the last row told
    page = Page(client.get(f"/imports/{job.pk}/").content.decode())
    assert page.soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert f"{report['created']} created" in page.one(".import-summary").get_text()
    rows = page.table("Rows not imported")
    assert any(row["Column"] == "Forecast (scale = 0-1)" for row in rows)


def test_a_dry_run_upload_saves_nothing(client, editor):
    client.force_login(editor)
    upload(client, "f.csv", (FIXTURES / "fatebook_2023.csv").read_bytes(), dry_run="on")
    job = ImportJob.objects.get()

    run_import(job.pk)

    job.refresh_from_db()
    assert job.report is not None
    assert job.report["dry_run"] and job.report["created"] > 0
    assert not Prediction.objects.exists()


@requires_postgres
@requires_redis
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_an_upload(client, editor, tmp_path):
    purge_broker(settings.REDIS_URL)
    celery = CeleryProcesses(tmp_path)
    try:
        celery.start_worker()
        client.force_login(editor)
        upload(client, "pb.json", (FIXTURES / "predictionbook_array.json").read_bytes())
        job = ImportJob.objects.get()

        finished = wait_for(lambda: ImportJob.objects.get(pk=job.pk).finished)

        assert finished, f"the worker did not finish the import; its log:\n{celery.log()}"
    finally:
        celery.stop()
        purge_broker(settings.REDIS_URL)
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.report is not None
    created = job.report["created"]
    assert created == Prediction.objects.count() > 0
    page = Page(client.get(f"/imports/{job.pk}/").content.decode())
    assert f"{created} created" in page.one(".import-summary").get_text()


def test_a_job_delivered_twice_is_imported_once(client, editor):
    client.force_login(editor)
    upload(client, "f.csv", (FIXTURES / "fatebook_2023.csv").read_bytes())
    job = ImportJob.objects.get()

    assert run_import(job.pk) == "done"
    created = Prediction.objects.count()
    assert run_import(job.pk) == "done"  # acks_late: the same task again

    assert Prediction.objects.count() == created
    job.refresh_from_db()
    assert job.report is not None and job.report["created"] == created


def test_only_an_administrator_may_restore_a_ledgers_history_from_the_page(client, editor, staff):
    document = b'{"format": "hindsight", "version": 1, "predictions": []}'
    client.force_login(editor)

    refused = upload(client, "ledger.json", document)

    assert refused.status_code == 400
    assert (
        "only the site's administrators"
        in Page(refused.content.decode()).one("#id_file_error").get_text()
    )
    staff.is_superuser = True
    staff.save()
    client.force_login(make_editor(staff))
    assert upload(client, "ledger.json", document).status_code == 302

from celery import shared_task

from transfer import services


@shared_task
def run_import(job_id: int) -> str:
    """Import an uploaded file (transfer.services.run)."""
    return services.run(job_id).state

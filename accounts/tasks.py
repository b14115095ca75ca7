"""Account mail, sent by a worker: never inside a request."""

from celery import shared_task
from django.core.mail import send_mail


# The task kept the name it had before accounts had an app of its own, so
# messages already queued under that name still find it.
@shared_task(
    name="predictions.tasks.send_account_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_account_email(*, subject: str, body: str, to: str) -> None:
    """Account mail (password resets)."""
    send_mail(subject, body, None, [to])

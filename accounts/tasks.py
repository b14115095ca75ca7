"""Account mail, sent by a worker: never inside a request. The tasks carry an
outbox row's id only (accounts/outbox.py)."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from accounts import outbox
from accounts.models import AccountEmail


@shared_task
def deliver_account_email(row_id: int) -> str:
    """Write and send the outbox row's email (what became of it: outbox.deliver)."""
    return outbox.deliver(row_id)


@shared_task
def send_pending_account_emails() -> int:
    """The sweeper, run by beat: queue again the rows a lost task, a dead
    worker or a failed send left pending. The outbox is the truth, not the broker."""
    return outbox.requeue_pending()


@shared_task
def prune_account_emails() -> int:
    """Delete account email rows done with longer ago than
    OUTBOX_RETENTION_DAYS (core/outbox_pruning.py); run by beat."""
    return outbox.prune()


# The task kept the name it had before accounts had an app of its own. Only
# messages queued by earlier releases reach it: remove after the next release.
@shared_task(
    name="predictions.tasks.send_account_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_account_email(
    *,
    user_id: int | None = None,
    email: str = "",
    **rendered: str,
) -> bool:
    """Send an account email queued by an earlier release.

    The release before the outbox queued a user's id and which email
    (``user_id``, ``email="password_reset"``): that becomes an outbox row,
    sent now. The one before it queued the email already written
    (``subject``, ``body``, ``to``): it is sent as it is, so a reset asked
    for during a deploy is not lost.
    """
    if user_id is None:
        send_mail(rendered["subject"], rendered["body"], None, [rendered["to"]])
        return True
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or email not in AccountEmail.Kind.values:
        return False
    row = AccountEmail.objects.create(user=user, kind=email)
    return outbox.deliver(row.pk) == AccountEmail.Status.SENT

"""Account mail, sent by a worker: never inside a request."""

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction

from accounts import emails


# The task kept the name it had before accounts had an app of its own.
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
    """Write and send one account email (accounts.emails); the request passed ids only.

    Messages queued by the previous release carry the email already written
    (``subject``, ``body``, ``to``); they are still sent as they are, so a
    reset asked for during a deploy is not lost. Remove after the next release.
    """
    if user_id is None:
        send_mail(rendered["subject"], rendered["body"], None, [rendered["to"]])
        return True
    return emails.send_account_email(user_id=user_id, email=email)


def queue_account_email(*, user_id: int, email: str) -> None:
    """Ask a worker, once the transaction commits, to send ``email`` to the user.

    Robust: a broker that is down is logged, never raised. The answer must not
    depend on it: for a password reset it would tell whether an account uses
    the address. The email is then lost; asking again sends another.
    """
    if email not in emails.EMAILS:
        raise ValueError(f"No account email is called {email!r}.")
    transaction.on_commit(
        lambda: send_account_email.delay(user_id=user_id, email=email), robust=True
    )

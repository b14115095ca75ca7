"""Accounts' own records: API tokens, the usernames' skeletons and the
account emails' outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q

NAME_MAX_LENGTH = 100


class ApiToken(models.Model):
    """A key for the REST API. Only its SHA-256 is stored: the key itself is
    shown once, when it is made, and cannot be recovered from the database."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    key_hash = models.CharField(max_length=64, editable=False)
    # The first characters of the key, so its owner can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Written at most once a minute (accounts.services.user_for_key).
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # None: until revoked. A password change revokes every token anyway.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved here from predictions.
        db_table = "predictions_apitoken"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["key_hash"], name="api_token_unique_hash")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"


class UsernameSkeleton(models.Model):
    """What a user's name looks like (accounts.confusables.skeleton), unique:
    the database, not only the sign-up form, refuses a second account whose
    name looks like the first's, even when both sign up at once. Kept by
    accounts.signals on every save that makes or renames a user. Accounts
    that clashed before skeletons existed have no row (migration 0005)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="username_skeleton",
    )
    skeleton = models.CharField(max_length=600)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skeleton"], name="username_skeleton_unique"),
        ]

    def __str__(self) -> str:
        return self.skeleton


class AccountEmail(models.Model):
    """The account emails' outbox: one row per email owed to an account. The
    row is written where the email is asked for; a worker writes the message
    when it sends it (accounts/outbox.py), so no link or token is stored here
    or carried by the broker."""

    class Kind(models.TextChoices):
        CONFIRM_EMAIL = "confirm_email", "Confirm the address"
        # Someone signed up with an address an account already has.
        ALREADY_REGISTERED = "already_registered", "Already registered"
        PASSWORD_RESET = "password_reset", "Password reset"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # No longer owed when its turn came: the account was deactivated, lost
        # its address or (for a confirmation) confirmed meanwhile.
        CANCELLED = "cancelled", "Cancelled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_emails"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When a worker last took the row to send it. Until the sweep delay has
    # passed since, no other worker takes it (a lease against double sends).
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When its quick retries ran out (status failed), when the sweeper tries
    # it again (hourly) and when it was given up, after three days of that
    # (core/outbox_retry.py).
    failed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweeper reads pending rows only; they are few.
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending"),
                name="account_email_pending",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed", "cancelled"]),
                name="account_email_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["confirm_email", "already_registered", "password_reset"]),
                name="account_email_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} ({self.status})"

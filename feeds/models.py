import secrets

from django.conf import settings
from django.db import models


def new_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarKey(models.Model):
    """The secret in an account's private calendar address (feeds.tokens).
    Replacing it is how the address is revoked: the old one stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key"
    )
    key = models.CharField(max_length=64, default=new_key)
    replaced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar key of account {self.user_id}"

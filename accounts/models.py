"""Accounts' own records: API tokens."""

from django.conf import settings
from django.db import models

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
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        # The table kept its name when the model moved here from predictions.
        db_table = "predictions_apitoken"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["key_hash"], name="api_token_unique_hash")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'unnamed'})"

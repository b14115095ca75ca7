"""Who is told when a prediction falls due: watchers, followers of its
predictor and its tags, and each user's email settings."""

from django.conf import settings
from django.db import models

from predictions.models.prediction import Prediction
from predictions.models.tags import Tag
from sources.models import Person


class Watch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    prediction = models.ForeignKey(Prediction, on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "watches"
        constraints = [
            models.UniqueConstraint(fields=["user", "prediction"], name="watch_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches #{self.prediction_id}"


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "person"], name="follow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.person}"


class TagFollow(models.Model):
    """Following a tag: mail about every prediction carrying it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_follows"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="tag_follow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows tag {self.tag}"


class EmailPreferences(models.Model):
    """Which emails a user wants. No row means the defaults: everything on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_preferences",
    )
    due_emails = models.BooleanField(
        default=True, help_text="An email when a prediction you watch or follow comes due."
    )
    reminder_emails = models.BooleanField(
        default=True, help_text="Weekly reminders, up to four, while it stays unresolved."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "email preferences"

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"

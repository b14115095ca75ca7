"""Which emails a user gets."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.errors import NotPermitted
from predictions.models import EmailPreferences
from predictions.notifications.outbox import PREFERENCE_FIELD


def email_preferences_of(user) -> EmailPreferences:
    """The user's saved choices, or the defaults (everything on) if none."""
    try:
        return user.email_preferences
    except EmailPreferences.DoesNotExist:
        return EmailPreferences(user=user)


@transaction.atomic
def set_email_preferences(*, user, due_emails: bool, reminder_emails: bool) -> EmailPreferences:
    if user is None or not user.is_authenticated:
        raise NotPermitted("Sign in to choose your emails.")
    preferences, _ = EmailPreferences.objects.update_or_create(
        user=user, defaults={"due_emails": due_emails, "reminder_emails": reminder_emails}
    )
    return preferences


@transaction.atomic
def unsubscribe(*, user_id: int, kinds: Iterable[str]) -> EmailPreferences:
    """Turn these kinds of email off (a signed link from an email, no sign-in).
    Rows already waiting are cancelled by the delivery, which checks again."""
    user = get_user_model().objects.get(pk=user_id)
    # get_or_create survives two one-click POSTs racing to make the row; the
    # UPDATE then turns off only these kinds, whatever the other did.
    preferences, _ = EmailPreferences.objects.get_or_create(user=user)
    EmailPreferences.objects.filter(pk=preferences.pk).update(
        **{PREFERENCE_FIELD[kind]: False for kind in kinds}, updated_at=timezone.now()
    )
    preferences.refresh_from_db()
    return preferences

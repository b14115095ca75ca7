"""Writes of the feeds app: an account's private calendar key."""

from django.db import transaction

from feeds.models import CalendarKey, new_key


def calendar_key(user) -> CalendarKey:
    """The account's key, made the first time its calendar address is shown."""
    key, _ = CalendarKey.objects.get_or_create(user=user)
    return key


@transaction.atomic
def replace_calendar_key(user) -> CalendarKey:
    """A new secret: every copy of the old address stops working at once."""
    key, created = CalendarKey.objects.select_for_update().get_or_create(user=user)
    if not created:
        key.key = new_key()
        key.save(update_fields=["key", "replaced_at"])
    return key

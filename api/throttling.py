"""Rate limits read from settings.API_THROTTLE_RATES on every request, so they
follow the environment (and tests) rather than being fixed at import."""

from django.conf import settings
from rest_framework import throttling


class SettingsRateMixin:
    scope: str | None

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope) if self.scope else None


class AnonymousRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    """Per client IP for requests without a user."""


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    """Per user when signed in (per IP otherwise)."""

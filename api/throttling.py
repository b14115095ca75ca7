"""Rate limits read from settings.API_THROTTLE_RATES on every request, so they
follow the environment (and tests) rather than being fixed at import."""

from django.conf import settings
from rest_framework import throttling


class SettingsRateMixin:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonymousRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    """Per client IP for requests without a user."""


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    """Per user when signed in (per IP otherwise)."""

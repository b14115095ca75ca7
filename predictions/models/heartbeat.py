"""When a periodic job last finished, for the health check (config/health.py).

Kept in the database rather than the cache: a Redis flush, or Redis down with
the cache failing open, would otherwise make a live beat look dead; and the
database is what the health check reads anyway.
"""

from django.db import models


class Heartbeat(models.Model):
    """One row per job, rewritten each time it completes."""

    DUE_CHECK = "due_check"

    name = models.CharField(max_length=50, primary_key=True)
    completed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} completed at {self.completed_at:%Y-%m-%d %H:%M:%S}"

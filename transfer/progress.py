"""How far a running import has got, kept in the cache: the import's rows are
written in one transaction the page cannot see into until it ends, so its
progress is told outside it."""

from django.core.cache import cache

KEPT_SECONDS = 24 * 3600


def _key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def record(job_id: int, done: int, total: int) -> None:
    cache.set(_key(job_id), (done, total), KEPT_SECONDS)


def of(job_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all), or None before the first row."""
    value = cache.get(_key(job_id))
    return (value[0], value[1]) if value else None

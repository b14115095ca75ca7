"""Domain errors. The form, the API and the email pages each turn these into
their own message; services never return error codes."""


class DomainError(Exception):
    """A request the ledger refuses, with a message fit for the person who made it."""


class InvalidInput(DomainError):
    """Input that fails a rule; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(
            "; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items())
        )

    @classmethod
    def field(cls, name: str, message: str) -> "InvalidInput":
        return cls({name: [message]})


class NotPermitted(DomainError):
    """The actor may not do this to this prediction."""


class InvalidTransition(DomainError):
    """The prediction's state does not allow this (reopening an open one, say)."""


class VersionConflict(DomainError):
    """Someone changed the prediction since the caller read it. ``change``
    says who did what, when (predictions.history.last_change), in place of
    version numbers that mean nothing to a reader."""

    def __init__(self, *, expected: int, current: int, change: str = ""):
        self.expected = expected
        self.current = current
        what = change or f"you had version {expected}, it is now at version {current}"
        super().__init__(
            f"This prediction changed since you loaded it ({what}). Reload it and try again."
        )


class RateLimited(DomainError):
    """Too many tries in a window (core/ratelimit.py); ``retry_after`` is how
    many seconds remain until it ends."""

    def __init__(self, message: str, *, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)

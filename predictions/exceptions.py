from sources.exceptions import DomainError, InvalidInput

__all__ = ["DomainError", "InvalidInput", "InvalidTransition", "NotPermitted", "VersionConflict"]


class NotPermitted(DomainError):
    """The actor may not do this to this prediction."""


class InvalidTransition(DomainError):
    """The prediction's state does not allow this (reopening an open one, say)."""


class VersionConflict(DomainError):
    """Someone changed the prediction since the caller read it."""

    def __init__(self, *, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"This prediction changed since you loaded it (you had version {expected}, "
            f"it is now at version {current}). Reload it and try again."
        )

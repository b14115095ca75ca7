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

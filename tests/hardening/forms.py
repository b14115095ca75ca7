"""Every public form as the bad-input table and the fuzzer see it: where it
is posted, by whom, a valid body, and the kind of each field. Bodies are
sent URL-encoded as a browser sends them."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from tests.hardening.world import HUGE, NUL, World

Values = list[tuple[str, str]]
# What a browser sends for a lone surrogate: its bytes, which are not UTF-8.
SURROGATE_BYTES = "%ED%A0%80"

UNSTORABLE: Values = [("1 MB", HUGE), ("NUL", NUL)]
TEXT: Values = [("empty", ""), ("spaces", "   "), *UNSTORABLE]
OPTIONAL_TEXT: Values = UNSTORABLE
DATE: Values = [
    ("not a date", "someday"),
    ("impossible", "2026-02-30"),
    ("year 1", "0001-01-01"),
    ("year 9999", "9999-12-31"),
    *UNSTORABLE,
]
REQUIRED_DATE: Values = [*DATE, ("empty", "")]
VERSION: Values = [("empty", ""), ("text", "abc"), ("fraction", "1.5"), ("zero", "0"), *UNSTORABLE]
CHOICE: Values = [("empty", ""), ("not a choice", "nope"), *UNSTORABLE]
OPTIONAL_CHOICE: Values = [("not a choice", "nope"), *UNSTORABLE]
CONFIDENCE: Values = [("text", "likely"), ("exponent", "1e1"), ("NaN", "NaN"), ("101", "101")]
DEADLINE: Values = [("empty", ""), ("nonsense", "when pigs fly"), *DATE]


@dataclass(frozen=True)
class Form:
    path: Callable[[World], str]
    actor: str | None  # "editor", "contributor", or None for a visitor
    body: Callable[[World], dict[str, str]]
    fields: dict[str, Values]
    prefix: str = ""  # the form's field-name prefix, if any


def on(name: str, action: str) -> Callable[[World], str]:
    return lambda world: f"/predictions/{getattr(world, name).pk}/{action}/"


def version(name: str) -> Callable[[World], str]:
    return lambda world: str(world.fresh(name).version)


FORMS = {
    "file": Form(
        lambda world: "/predictions/new/",
        "contributor",
        lambda world: {
            "claim": "The harbour bridge is painted red",
            "predictor": "A Painter",
            "deadline": "2030-01-01",
            "confidence_basis": "filer",
            "confirm_similar": "1",
        },
        {
            "claim": TEXT,
            "predictor": TEXT,
            "deadline": DEADLINE,
            "source_url": [("not a URL", "not a url"), *UNSTORABLE],
            "source_title": OPTIONAL_TEXT,
            "source_publisher": OPTIONAL_TEXT,
            "published_on": DATE,
            "quote": OPTIONAL_TEXT,
            "said_on": DATE,
            "confidence": CONFIDENCE,
            "confidence_basis": OPTIONAL_CHOICE,
            "confidence_hedge": OPTIONAL_TEXT,
            "tags": OPTIONAL_TEXT,
            "predictor_slug": [("not a slug", "a b"), *UNSTORABLE],
        },
    ),
    "from-article": Form(
        lambda world: "/predictions/new/from-article/",
        "contributor",
        lambda world: {"text": "It will rain within a month.", "published_on": "2026-01-01"},
        {"text": TEXT, "published_on": REQUIRED_DATE, "url": UNSTORABLE, "title": UNSTORABLE},
    ),
    "edit": Form(
        on("open", "edit"),
        "editor",
        lambda world: {
            "version": version("open")(world),
            "claim": "The Riverton bridge reopens fully",
            "made_on": "2026-02-20",
            "deadline": "2026-03-20",
            "confidence_basis": "filer",
            "reason": "The mayor's notice says fully.",
        },
        {
            "version": VERSION,
            # The claim changes in the valid body, so a reason is needed.
            "reason": TEXT,
            "claim": TEXT,
            "made_on": REQUIRED_DATE,
            "deadline": DEADLINE,
            "confidence": CONFIDENCE,
            "confidence_basis": OPTIONAL_CHOICE,
            "confidence_hedge": OPTIONAL_TEXT,
            "tags": OPTIONAL_TEXT,
        },
    ),
    "resolve": Form(
        on("open", "resolve"),
        "editor",
        lambda world: {"version": version("open")(world), "outcome": "right", "note": "Open."},
        {
            "version": VERSION,
            "outcome": CHOICE,
            "note": OPTIONAL_TEXT,
            "evidence_url": [("not a URL", "not a url"), *UNSTORABLE],
        },
    ),
    "reopen": Form(
        on("resolved", "reopen"),
        "editor",
        lambda world: {"version": version("resolved")(world), "reason": "Too soon."},
        {"version": VERSION, "reason": TEXT},
    ),
    "withdraw": Form(
        on("open", "withdraw"),
        "editor",
        lambda world: {"version": version("open")(world), "reason": "Filed twice."},
        {"version": VERSION, "reason": TEXT},
    ),
    "review": Form(
        on("pending", "review"),
        "editor",
        lambda world: {
            "version": version("pending")(world),
            "decision": "reject",
            "reason": "Too vague.",
        },
        {"version": VERSION, "decision": CHOICE, "reason": OPTIONAL_TEXT},
    ),
    "proposal": Form(
        on("proposed", "proposal"),
        "editor",
        lambda world: {
            "version": version("proposed")(world),
            "decision": "decline",
            "reason": "Not shown.",
        },
        {"version": VERSION, "decision": CHOICE, "reason": OPTIONAL_TEXT},
    ),
    "dispute": Form(
        on("open", "disputes"),
        "contributor",
        lambda world: {"subject": "quote", "reason": "Misquoted."},
        {
            "subject": CHOICE,
            "reason": TEXT,
            "evidence_url": [("not a URL", "not a url"), *UNSTORABLE],
        },
    ),
    "settle": Form(
        on("disputed", "disputes/1"),
        "editor",
        lambda world: {"decision": "dismiss", "reason": "The quote stands."},
        {"decision": CHOICE, "reason": TEXT, "action": OPTIONAL_CHOICE},
        prefix="settle-{disputed}-1",
    ),
    "merge": Form(
        lambda world: f"/people/{world.person.slug}/merge/",
        "editor",
        lambda world: {"into": "a-harbour-master"},
        {"into": [("unknown", "nobody-at-all"), *TEXT]},
    ),
    "this-is-me": Form(
        lambda world: f"/people/{world.person.slug}/this-is-me/",
        "contributor",
        lambda world: {"message": "My profile links here."},
        {"message": OPTIONAL_TEXT},
    ),
    "decline-link": Form(
        lambda world: f"/link-requests/{world.link_request.pk}/decline/",
        "editor",
        lambda world: {"reason": "No proof."},
        {"reason": TEXT},
    ),
    "signup": Form(
        lambda world: "/accounts/signup/",
        None,
        lambda world: {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
        {
            "username": [("not a username", "two words"), *TEXT],
            "email": [("not an address", "nobody"), *TEXT],
            "password1": [("empty", ""), ("NUL", NUL)],
            "password2": [("empty", ""), ("different", "another passphrase 43"), *UNSTORABLE],
        },
    ),
    "tokens": Form(
        lambda world: "/accounts/tokens/",
        "contributor",
        lambda world: {"name": "notebook"},
        {"name": UNSTORABLE},
    ),
}

# Forms that store nothing, whose bad input is only to be refused politely:
# signing in, asking for a reset or another confirmation link.
QUIET_FORMS = {
    "login": ("/accounts/login/", None, {"username": "alice", "password": "wrong"}),
    "password-reset": ("/accounts/password_reset/", None, {"email": "nobody@example.com"}),
    "confirm-again": ("/accounts/confirm/again/", "contributor", {}),
    "email-preferences": ("/accounts/emails/", "contributor", {"due_emails": "on"}),
}


def encoded(body: dict[str, str], raw: frozenset[str] = frozenset()) -> bytes:
    """``body`` URL-encoded; the values of the names in ``raw`` are sent as
    they are (already percent-encoded bytes)."""
    parts = [
        f"{quote(name)}={value if name in raw else quote(value, safe='')}"
        for name, value in body.items()
    ]
    return "&".join(parts).encode("ascii")


def prefixed(form: Form, world: World, body: dict[str, str]) -> dict[str, str]:
    if not form.prefix:
        return body
    prefix = form.prefix.format(disputed=world.disputed.pk)
    return {f"{prefix}-{name}": value for name, value in body.items()}

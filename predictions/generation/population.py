"""The ledger's cast, made before any prediction: accounts, people, tags.

Everything the generator writes is recognisable (predictions.generation.guard
relies on it): usernames and people's slugs start with PREFIX, source URLs
with SOURCE_URL.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.text import slugify

from predictions.generation import vocabulary
from sources.names import name_key

PREFIX = "gen-"
SOURCE_URL = "https://ledger.example/gen/"

# How big the cast is for N predictions, after the measurements of a real
# ledger: 1,000,000 predictions by 20,000 people, filed by 10,000 accounts.
PREDICTIONS_PER_PERSON = 50
PREDICTIONS_PER_ACCOUNT = 100
# The first accounts are the editors who review and resolve.
EDITORS = 20


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def skewed_pick(rng: random.Random, count: int) -> int:
    """An index in [0, count), the low ones far more often: cubing a uniform
    number gives the first 1% of the cast about a fifth of the picks, as a
    few prolific forecasters have on a real ledger."""
    return min(int(count * rng.random() ** 3), count - 1)


@dataclass(frozen=True)
class Cast:
    people: int
    accounts: int
    tags: int


def cast_for(predictions: int) -> Cast:
    return Cast(
        people=max(5, predictions // PREDICTIONS_PER_PERSON),
        accounts=max(EDITORS + 5, predictions // PREDICTIONS_PER_ACCOUNT),
        tags=len(vocabulary.TAGS),
    )


def account_rows(cast: Cast, today: date) -> list[tuple[object, ...]]:
    """auth_user rows: unusable passwords, so nobody can sign in as one."""
    joined = midnight(today - timedelta(days=3650))
    return [
        (
            i,
            "!",
            None,
            False,
            f"{PREFIX}user-{i}",
            "",
            "",
            f"{PREFIX}user-{i}@ledger.example",
            i <= EDITORS,
            True,
            joined,
        )
        for i in range(1, cast.accounts + 1)
    ]


ACCOUNT_COLUMNS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
)


def person_rows(rng: random.Random, cast: Cast, today: date) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    created = midnight(today - timedelta(days=3650))
    for i in range(1, cast.people + 1):
        if rng.random() < 0.1:
            name = f"{rng.choice(vocabulary.LAST_NAMES)} {rng.choice(vocabulary.ORGANIZATIONS)}"
            kind = "organization"
        else:
            first = rng.choice(vocabulary.FIRST_NAMES)
            name = f"{first} {rng.choice(vocabulary.LAST_NAMES)}"
            kind = "person"
        slug = f"{PREFIX}{i}-{slugify(name)}"
        rows.append((i, name, name_key(name), slug, kind, "", "", created, None, None))
    return rows


PERSON_COLUMNS = (
    "id",
    "name",
    "name_key",
    "slug",
    "kind",
    "description",
    "url",
    "created_at",
    "account_id",
    "merged_into_id",
)


def tag_rows() -> list[tuple[object, ...]]:
    return [(i, name.capitalize(), name) for i, name in enumerate(vocabulary.TAGS, start=1)]


TAG_COLUMNS = ("id", "name", "slug")

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

import factory
from django.contrib.auth.models import Group, Permission, User

from predictions.models import Prediction
from predictions.search import refresh_search_documents
from sources.models import Person, Source, Statement
from sources.names import name_key

# Every factory user signs in with this password.
PASSWORD = "correct horse battery staple"

Model = TypeVar("Model")


class ModelFactory(factory.django.DjangoModelFactory[Model]):
    """The factories' base: calling one, ``PersonFactory(name=...)``, gives
    the model it makes, and mypy knows it (factory_boy's metaclass does the
    call, and mypy does not read a metaclass's ``__call__``)."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, **kwargs: Any) -> Model:  # type: ignore[misc]  # the metaclass returns the model, not a factory
            ...


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(user: User, create: bool, extracted: object, **kwargs: object) -> None:
        """A factory user has confirmed its address unless ``verified=False``."""
        if create and extracted is not False:
            make_verified(user)


class PersonFactory(ModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Pundit {n}")
    name_key = factory.LazyAttribute(lambda person: name_key(person.name))
    slug = factory.Sequence(lambda n: f"pundit-{n}")


class SourceFactory(ModelFactory[Source]):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.com/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    published_on = dt.date(2026, 1, 5)


class StatementFactory(ModelFactory[Statement]):
    class Meta:
        model = Statement

    source = factory.SubFactory(SourceFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "It will happen within the next month."
    said_on = factory.SelfAttribute("source.published_on")


class PredictionFactory(ModelFactory[Prediction]):
    """A row written directly, for tests of constraints and reads; tests of
    behaviour file claims through predictions.services instead."""

    class Meta:
        model = Prediction
        skip_postgeneration_save = True

    claim = factory.Sequence(lambda n: f"Something testable happens ({n})")
    predictor = factory.SubFactory(PersonFactory)
    made_on = dt.date(2026, 1, 5)
    resolves_on = dt.date(2026, 2, 5)
    confidence = None
    confidence_basis = factory.LazyAttribute(
        lambda prediction: "" if prediction.confidence is None else "stated"
    )

    @factory.post_generation
    def searchable(
        prediction: Prediction, create: bool, extracted: object, **kwargs: object
    ) -> None:
        # The services keep the search vector; rows written directly need it too.
        if create:
            refresh_search_documents([prediction.pk])


def make_verified(user: User) -> User:
    """Grant what confirming the email address grants."""
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="predictions", codename="contribute")
    )
    return user


def make_editor(user: User) -> User:
    """Put ``user`` in the editors group, which holds the editor permission.
    Migration 0006 makes the group; a transactional test's flush empties it,
    so the permission is granted here again."""
    group, _ = Group.objects.get_or_create(name="editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="predictions", codename="editor")
    )
    user.groups.add(group)
    return user

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from predictions.models import Prediction
from predictions.search import refresh_search_vector
from sources.models import Person, Source, Statement

# Every factory user signs in with this password.
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Pundit {n}")
    slug = factory.Sequence(lambda n: f"pundit-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.com/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    published_on = dt.date(2026, 1, 5)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    source = factory.SubFactory(SourceFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "It will happen within the next month."
    said_on = factory.SelfAttribute("source.published_on")


class PredictionFactory(factory.django.DjangoModelFactory):
    """A row written directly, for tests of constraints and reads; tests of
    behaviour file claims through predictions.services instead."""

    class Meta:
        model = Prediction
        skip_postgeneration_save = True

    claim = factory.Sequence(lambda n: f"Something testable happens ({n})")
    predictor = factory.SubFactory(PersonFactory)
    made_on = dt.date(2026, 1, 5)
    resolves_on = dt.date(2026, 2, 5)

    @factory.post_generation
    def searchable(prediction, create, extracted, **kwargs):
        # The services keep the search vector; rows written directly need it too.
        if create:
            refresh_search_vector([prediction.pk])


def make_editor(user):
    """Put ``user`` in the editors group, which holds the editor permission.
    Migration 0006 makes the group; a transactional test's flush empties it,
    so the permission is granted here again."""
    group, _ = Group.objects.get_or_create(name="editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="predictions", codename="editor")
    )
    user.groups.add(group)
    return user

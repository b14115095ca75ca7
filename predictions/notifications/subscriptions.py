"""Who hears about a prediction: watching it, or following its predictor or a
tag. Starting to needs a confirmed address (predictions.rules); stopping
needs only a sign-in."""

from django.db import transaction

from core.errors import NotPermitted
from predictions import rules
from predictions.models import Follow, Prediction, Tag, TagFollow, Watch
from sources.models import Person


def _require_user(user) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotPermitted("Sign in to watch predictions or follow people and tags.")


def _require_verified(user) -> None:
    _require_user(user)
    rules.require_verified(user)


@transaction.atomic
def watch(*, user, prediction: Prediction) -> Watch:
    _require_verified(user)
    return Watch.objects.get_or_create(user=user, prediction=prediction)[0]


@transaction.atomic
def unwatch(*, user, prediction: Prediction) -> None:
    _require_user(user)
    Watch.objects.filter(user=user, prediction=prediction).delete()


@transaction.atomic
def follow(*, user, person: Person) -> Follow:
    _require_verified(user)
    return Follow.objects.get_or_create(user=user, person=person)[0]


@transaction.atomic
def unfollow(*, user, person: Person) -> None:
    _require_user(user)
    Follow.objects.filter(user=user, person=person).delete()


@transaction.atomic
def follow_tag(*, user, tag: Tag) -> TagFollow:
    _require_verified(user)
    return TagFollow.objects.get_or_create(user=user, tag=tag)[0]


@transaction.atomic
def unfollow_tag(*, user, tag: Tag) -> None:
    _require_user(user)
    TagFollow.objects.filter(user=user, tag=tag).delete()

"""The watch and follow buttons on a prediction's, a person's and a tag's pages.

Each is a POST; someone not signed in is sent to sign in and then back to the
page the button was on. One view serves all six buttons: what differs is only
how the thing is found, where its page is, and which service to call.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import NotPermitted
from predictions import selectors
from predictions.models import Prediction, Tag
from predictions.notifications import subscriptions
from sources.models import Person


@dataclass(frozen=True)
class Target:
    model: type[Model]
    lookup: str
    keyword: str  # the service's keyword for the thing
    page: Callable[[Any], str]
    start: Callable[..., object]
    stop: Callable[..., object]
    started: Callable[[Any], str]
    stopped: Callable[[Any], str]
    # What the user may find: a claim awaiting review is a 404 to all but its
    # filer and the editors, as its page is.
    visible: Callable[[Any], QuerySet] | None = None

    def findable(self, user) -> QuerySet:
        return self.visible(user) if self.visible else self.model._default_manager.all()


TARGETS = {
    "prediction": Target(
        model=Prediction,
        lookup="pk",
        keyword="prediction",
        page=lambda prediction: prediction.get_absolute_url(),
        start=subscriptions.watch,
        stop=subscriptions.unwatch,
        started=lambda _: "You are watching this prediction: you will hear when it falls due.",
        stopped=lambda _: "You are no longer watching this prediction.",
        visible=lambda user: Prediction.objects.filter(
            pk__in=selectors.visible_predictions(user).values("pk")
        ),
    ),
    "person": Target(
        model=Person,
        lookup="slug",
        keyword="person",
        page=lambda person: reverse("predictions:person", args=[person.slug]),
        start=subscriptions.follow,
        stop=subscriptions.unfollow,
        started=lambda person: (
            f"You follow {person.name}: you will hear when their predictions fall due."
        ),
        stopped=lambda person: f"You no longer follow {person.name}.",
    ),
    "tag": Target(
        model=Tag,
        lookup="slug",
        keyword="tag",
        page=lambda tag: f"{reverse('predictions:list')}?{urlencode({'tag': tag.slug})}",
        start=subscriptions.follow_tag,
        stop=subscriptions.unfollow_tag,
        started=lambda _: "You follow this tag: you will hear when its predictions fall due.",
        stopped=lambda _: "You no longer follow this tag.",
    ),
}


@require_POST
def subscription(request, *, target: str, subscribe: bool, **lookup):
    spec = TARGETS[target]
    thing = get_object_or_404(spec.findable(request.user), **{spec.lookup: lookup[spec.lookup]})
    back = spec.page(thing)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    change = spec.start if subscribe else spec.stop
    try:
        change(user=request.user, **{spec.keyword: thing})
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, (spec.started if subscribe else spec.stopped)(thing))
    return redirect(back)

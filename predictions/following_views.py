"""Watching a prediction and following a tag from their pages (following a
person is on the person's page, sources.views, through the same helper).

Each is a POST from a button; someone not signed in is sent to sign in and
then back to the page the button was on.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from predictions import services
from predictions.exceptions import NotPermitted
from predictions.models import Prediction, Tag


def change_subscription(request, *, back: str, change: Callable[[object], object], done: str):
    """Apply ``change`` to the signed-in user and go back to ``back`` with ``done``."""
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        change(request.user)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, done)
    return redirect(back)


@require_POST
def watch(request, pk: int):
    prediction = get_object_or_404(Prediction, pk=pk)
    return change_subscription(
        request,
        back=prediction.get_absolute_url(),
        change=lambda user: services.watch(user=user, prediction=prediction),
        done="You are watching this prediction: you will hear when it falls due.",
    )


@require_POST
def unwatch(request, pk: int):
    prediction = get_object_or_404(Prediction, pk=pk)
    return change_subscription(
        request,
        back=prediction.get_absolute_url(),
        change=lambda user: services.unwatch(user=user, prediction=prediction),
        done="You are no longer watching this prediction.",
    )


def _tag_page(tag: Tag) -> str:
    return f"{reverse('predictions:list')}?{urlencode({'tag': tag.slug})}"


@require_POST
def follow_tag(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    return change_subscription(
        request,
        back=_tag_page(tag),
        change=lambda user: services.follow_tag(user=user, tag=tag),
        done="You follow this tag: you will hear when its predictions fall due.",
    )


@require_POST
def unfollow_tag(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    return change_subscription(
        request,
        back=_tag_page(tag),
        change=lambda user: services.unfollow_tag(user=user, tag=tag),
        done="You no longer follow this tag.",
    )

"""Watching a prediction, following a person or a tag: the same action on
three resources, POST starts and DELETE stops, answered and documented alike."""

from collections.abc import Callable

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

FOLLOWING = inline_serializer("Following", {"following": serializers.BooleanField()})


def subscription(
    request: Request,
    *,
    start: Callable[..., object],
    stop: Callable[..., object],
    key: str,
    **thing,
) -> Response:
    """Start (POST) or stop (DELETE) the signed-in user's subscription to
    ``thing``; the answer says which state it is in now, under ``key``."""
    subscribed = request.method != "DELETE"
    (start if subscribed else stop)(user=request.user, **thing)
    return Response({key: subscribed})


def follow_schema(noun: str, which_predictions: str):
    """The POST and DELETE halves of a follow action, documented alike."""

    def decorate(view):
        view = extend_schema(
            methods=["POST"],
            summary=f"Follow a {noun}",
            description=f"The signed-in user is emailed when {which_predictions} come due. "
            "Following twice is harmless.",
            request=None,
            responses={200: FOLLOWING},
        )(view)
        return extend_schema(
            methods=["DELETE"],
            summary=f"Stop following a {noun}",
            description="Not following already is harmless.",
            request=None,
            responses={200: FOLLOWING},
        )(view)

    return decorate

"""Following a person or a tag: the same POST-starts, DELETE-stops action on
both resources, documented alike."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers

FOLLOWING = inline_serializer("Following", {"following": serializers.BooleanField()})


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

"""Domain errors as HTTP answers: bad input 400 naming the field, not allowed
403, a state or version conflict 409 with the current version, too many tries
429 with Retry-After. A message never echoes more than a few hundred
characters of what was sent (a megabyte that is not a valid choice, say)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import status
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import (
    InvalidInput,
    InvalidTransition,
    NotPermitted,
    RateLimited,
    VersionConflict,
)
from sources.services import LookalikePeople

JSON_ONLY = "The API takes JSON: send Content-Type: application/json."
MAX_MESSAGE_LENGTH = 500


def shortened(data: object) -> object:
    """``data`` with every string in it cut to MAX_MESSAGE_LENGTH characters."""
    if isinstance(data, str) and len(data) > MAX_MESSAGE_LENGTH:
        return data[: MAX_MESSAGE_LENGTH - 1] + "…"
    if isinstance(data, dict):
        return {shortened(key): shortened(value) for key, value in data.items()}
    if isinstance(data, list):
        return [shortened(item) for item in data]
    return data


def exception_handler(exc, context):
    match exc:
        case LookalikePeople():
            # The field's message, and whom it may mean, for the client to offer.
            candidates = [{"slug": person.slug, "name": person.name} for person in exc.candidates]
            return Response(
                {**exc.errors, "candidates": candidates}, status=status.HTTP_400_BAD_REQUEST
            )
        case InvalidInput():
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        case NotPermitted():
            return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        case VersionConflict():
            return Response(
                {"detail": str(exc), "version": ["Stale."], "current_version": exc.current},
                status=status.HTTP_409_CONFLICT,
            )
        case RateLimited():
            return Response(
                {"detail": str(exc)},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(exc.retry_after)},
            )
        case InvalidTransition():
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        case RequestDataTooBig():
            return Response(
                {
                    "detail": "The request body is larger than "
                    f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB."
                },
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        case UnsupportedMediaType():
            # Writes take JSON only (the parser list in settings): say what to send.
            return Response(
                {"detail": f"{exc.detail} {JSON_ONLY}"},
                status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            )
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = shortened(response.data)
    return response

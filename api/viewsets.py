"""The viewset people, sources and statements share: list, read and add."""

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.caching import KeptForReaders
from predictions import rules


class ListReadCreateViewSet(
    KeptForReaders, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    # POST validates with the resource's serializer, hands the data to add()
    # and answers 201 with what was added, or 200 with the object the ledger
    # already had (a source at a known URL). A comment, not a docstring: DRF
    # and the schema would publish a docstring as every operation's description.

    http_method_names = ["get", "post", "head", "options"]
    # Who may add: anyone whose address is confirmed, or editors only (for
    # what would be public at once with no review, such as a quote).
    editors_only = False
    EDITORS_ONLY = (
        "Only an editor may add this directly; file a claim with its quote instead, "
        "and an editor reviews it."
    )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rules.require_verified(request.user)
        if self.editors_only:
            rules.require_editor(request.user, self.EDITORS_ONLY)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance, created = self.add(dict(serializer.validated_data))
        return Response(
            self.get_serializer(instance).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @property
    def acting_user(self) -> User:
        """Who adds: writes need a signed-in user (the default permission)."""
        user = self.request.user
        assert isinstance(user, User), "a write reached add() without a user"
        return user

    def add(self, data: dict[str, Any]) -> tuple[Model, bool]:
        """Store ``data`` through the resource's service: the object, and
        whether it is new."""
        raise NotImplementedError

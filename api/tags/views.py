"""Tags: list, read (with the tag's record), and follow."""

from rest_framework import mixins, viewsets
from rest_framework.decorators import action

from api.caching import KeptForReaders
from api.following import follow_schema, subscription
from api.tags import serializers as s
from predictions import notifications, selectors
from predictions.models import Tag


class TagViewSet(
    KeptForReaders, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Tag.objects.all()

    def get_queryset(self):
        # The list leaves out tags only claims awaiting review carry.
        tags = super().get_queryset()
        return selectors.public_tags(tags) if self.action == "list" else tags

    serializer_class = s.TagSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    ordering = ("slug",)

    def get_serializer_class(self):
        return s.TagDetailSerializer if self.action == "retrieve" else s.TagSerializer

    @follow_schema("tag", "predictions carrying this tag")
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        return subscription(
            request,
            start=notifications.follow_tag,
            stop=notifications.unfollow_tag,
            key="following",
            tag=self.get_object(),
        )

"""Tags: list, read (with the tag's record), and follow."""

from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.following import follow_schema
from api.tags import serializers as s
from predictions import notifications
from predictions.models import Tag


class TagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Tag.objects.all()
    serializer_class = s.TagSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    ordering = ("slug",)

    def get_serializer_class(self):
        return s.TagDetailSerializer if self.action == "retrieve" else s.TagSerializer

    @follow_schema("tag", "predictions carrying this tag")
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        tag = self.get_object()
        if request.method == "DELETE":
            notifications.unfollow_tag(user=request.user, tag=tag)
            return Response({"following": False})
        notifications.follow_tag(user=request.user, tag=tag)
        return Response({"following": True})

"""People, sources, statements and tags: list, read, create; follow people and tags."""

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from predictions import notifications, records
from predictions.models import Tag
from sources import services as source_services
from sources.models import Person, Source, Statement

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


class ListReadCreate(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance, created = self.perform_create(serializer)
        return Response(
            self.get_serializer(instance).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(
    create=extend_schema(summary="Add a person", responses={201: s.PersonSerializer})
)
class PersonViewSet(ListReadCreate):
    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    ordering = ("name", "id")
    # DELETE only reaches the follow action: people are not deleted over the API.
    http_method_names = [*ListReadCreate.http_method_names, "delete"]

    def get_serializer_class(self):
        # The record is one aggregate query: on the detail, not on every list row.
        return s.PersonDetailSerializer if self.action == "retrieve" else s.PersonSerializer

    def perform_create(self, serializer):
        return source_services.create_person(**serializer.validated_data), True

    @follow_schema("person", "this person's predictions")
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        person = self.get_object()
        if request.method == "DELETE":
            notifications.unfollow(user=request.user, person=person)
            return Response({"following": False})
        notifications.follow(user=request.user, person=person)
        return Response({"following": True})


@extend_schema_view(
    create=extend_schema(
        summary="Add a source",
        description="A URL already in the ledger (after normalisation) answers 200 with that "
        "source instead of adding a second.",
        responses={201: s.SourceSerializer, 200: s.SourceSerializer},
    )
)
class SourceViewSet(ListReadCreate):
    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    lookup_value_regex = r"\d+"

    def perform_create(self, serializer):
        data = serializer.validated_data
        existing = Source.objects.count()
        source = source_services.get_or_create_source(
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            published_on=data.get("published_on"),
            kind=data.get("kind", Source.Kind.ARTICLE),
            text=data.get("text", ""),
            description=data.get("description", ""),
            added_by=self.request.user,
        )
        return source, Source.objects.count() > existing


@extend_schema_view(
    create=extend_schema(summary="Record a statement", responses={201: s.StatementSerializer})
)
class StatementViewSet(ListReadCreate):
    queryset = Statement.objects.select_related("speaker", "source")
    serializer_class = s.StatementSerializer
    lookup_value_regex = r"\d+"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        speaker = data.pop("speaker")
        if isinstance(speaker, str):
            speaker = source_services.get_or_create_person(name=speaker)
        statement = source_services.create_statement(
            speaker=speaker, added_by=self.request.user, **data
        )
        return statement, True


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


class StatsView(APIView):
    @extend_schema(summary="The whole ledger's record", responses={200: s.SCORECARD_SCHEMA})
    def get(self, request):
        return Response(records.site_record().as_dict())

"""People: list, read, add, and follow."""

from typing import Any

from django.http import HttpResponsePermanentRedirect
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from api.following import follow_schema, subscription
from api.people import serializers as s
from api.viewsets import ListReadCreateViewSet
from predictions import notifications, selectors
from sources import services as source_services
from sources.models import Person


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Only people whose name holds every word of this, anywhere "
                "(case, accents and punctuation aside): `altman` finds Sam Altman.",
            )
        ]
    ),
    create=extend_schema(summary="Add a person", responses={201: s.PersonSerializer}),
)
class PersonViewSet(ListReadCreateViewSet):
    # People merged into others are gone from the list; their slug redirects.
    queryset = Person.objects.filter(merged_into__isnull=True)

    def get_queryset(self):
        # The list leaves out people only a claim awaiting review names; a
        # person's own address still answers, as their page does.
        people = super().get_queryset()
        if self.action != "list":
            return people
        named = selectors.named(people, self.request.query_params.get("q", "")[:200])
        return selectors.public_people(named)

    serializer_class = s.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    ordering = ("name", "id")
    # DELETE only reaches the follow action: people are not deleted over the API.
    http_method_names = [*ListReadCreateViewSet.http_method_names, "delete"]

    def get_serializer_class(self):
        # The record is one aggregate query: on the detail, not on every list row.
        return s.PersonDetailSerializer if self.action == "retrieve" else s.PersonSerializer

    @extend_schema(
        responses={200: s.PersonDetailSerializer, 301: None},
        description="A person merged into another answers 301 with the other's address.",
    )
    def retrieve(self, request, *args, **kwargs):
        target = selectors.merged_target(kwargs.get("slug", ""))
        if target is not None:
            url = reverse("api:person-detail", kwargs={"slug": target.slug}, request=request)
            return HttpResponsePermanentRedirect(url)
        return super().retrieve(request, *args, **kwargs)

    def add(self, data: dict[str, Any]) -> tuple[Person, bool]:
        return source_services.create_person(**data), True

    @follow_schema("person", "this person's predictions")
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        return subscription(
            request,
            start=notifications.follow,
            stop=notifications.unfollow,
            key="following",
            person=self.get_object(),
        )

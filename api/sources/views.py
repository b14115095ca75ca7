"""Sources and the statements recorded in them: list, read, add."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.sources import serializers as s
from api.viewsets import ListReadCreateViewSet
from predictions import selectors
from sources import services as source_services
from sources.models import Source, Statement


@extend_schema_view(
    create=extend_schema(
        summary="Add a source",
        description="A URL already in the ledger (after normalisation) answers 200 with that "
        "source instead of adding a second.",
        responses={201: s.SourceSerializer, 200: s.SourceSerializer},
    )
)
class SourceViewSet(ListReadCreateViewSet):
    queryset = Source.objects.all()

    def get_queryset(self):
        # The list leaves out sources only claims awaiting review cite.
        sources = super().get_queryset()
        return selectors.public_sources(sources) if self.action == "list" else sources

    serializer_class = s.SourceSerializer
    lookup_value_regex = r"\d+"

    def add(self, data: dict[str, Any]) -> tuple[Source, bool]:
        return source_services.get_or_create_source(
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            published_on=data.get("published_on"),
            kind=data.get("kind", Source.Kind.ARTICLE),
            text=data.get("text", ""),
            description=data.get("description", ""),
            archive_url=data.get("archive_url", ""),
            added_by=self.acting_user,
        )


@extend_schema_view(
    create=extend_schema(summary="Record a statement", responses={201: s.StatementSerializer})
)
class StatementViewSet(ListReadCreateViewSet):
    # Quotes only claims awaiting review cite are not public yet.
    queryset = selectors.public_statements(Statement.objects.select_related("speaker", "source"))
    # A quote added here is on its speaker's page at once, with no review.
    editors_only = True
    serializer_class = s.StatementSerializer
    lookup_value_regex = r"\d+"

    def add(self, data: dict[str, Any]) -> tuple[Statement, bool]:
        speaker = data.pop("speaker")
        if isinstance(speaker, source_services.PersonReference):
            speaker = source_services.person_for(speaker, field="speaker")
        statement = source_services.create_statement(
            speaker=speaker, added_by=self.acting_user, **data
        )
        return statement, True

"""GET /api/v1/predictions/export/?format=csv|json|fatebook with the list's
filters: the whole filtered ledger as one streamed file (transfer.export),
rather than page after page of the list endpoint."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from transfer.export import FORMATS
from transfer.selectors import ExportRequestError, exported_predictions
from transfer.views import export_response


class ByFormatParameter(BaseContentNegotiation):
    """``?format=`` names the file here, not one of DRF's renderers: errors
    are JSON whatever it says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


class ExportView(APIView):
    content_negotiation_class = ByFormatParameter

    @extend_schema(
        summary="Export predictions as one file",
        description=(
            "Published predictions passing the list's filters, streamed as CSV, as "
            "lossless JSON (with sources, statement and hashed events) or as a Fatebook "
            "spreadsheet. Field names are the same in CSV and JSON; docs/transfer.md "
            "describes them."
        ),
        parameters=[
            OpenApiParameter("format", str, enum=list(FORMATS), description="csv unless given."),
            OpenApiParameter("status", str),
            OpenApiParameter("outcome", str),
            OpenApiParameter("person", str),
            OpenApiParameter("tag", str),
            OpenApiParameter("q", str),
            OpenApiParameter("due_after", OpenApiTypes.DATE),
            OpenApiParameter("due_before", OpenApiTypes.DATE),
            OpenApiParameter("made_after", OpenApiTypes.DATE),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
        },
    )
    def get(self, request):
        try:
            format, predictions = exported_predictions(request.query_params)
        except ExportRequestError as error:
            raise serializers.ValidationError(error.errors) from error
        return export_response(request, format, predictions)

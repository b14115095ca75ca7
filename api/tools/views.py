"""The parsers, for the claim form's live preview and for other tools."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.throttling import SuggestAnonymousThrottle
from api.tools import serializers as s
from predictions.validation import no_deadline_found
from reading.deadlines import parse_deadline
from reading.suggest import as_json, suggest_claims


class DeadlineView(APIView):
    @extend_schema(
        summary="Compute a deadline from words",
        parameters=[
            OpenApiParameter("text", str, required=True, description="E.g. “within 18 months”."),
            OpenApiParameter(
                "from",
                str,
                required=False,
                description="YYYY-MM-DD, the day the words were said; today if absent.",
            ),
        ],
        responses={200: s.DeadlineSerializer},
    )
    def get(self, request):
        query = s.DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["text"]
        anchor = query.validated_data.get("from") or timezone.localdate()
        deadline = parse_deadline(text, anchor)
        if deadline is None:
            raise serializers.ValidationError({"text": [no_deadline_found(text)]})
        return Response({"resolves_on": deadline.resolves_on, "matched": deadline.matched})


class SuggestView(APIView):
    # It reads text and stores nothing, so anyone may use it (within the rate
    # limits: the general ones, and for anonymous clients a tighter one of
    # its own, since each call costs CPU per character).
    permission_classes = [permissions.AllowAny]
    throttle_classes = [*APIView.throttle_classes, SuggestAnonymousThrottle]

    @extend_schema(
        summary="Suggest quotes and predictions from an article's text",
        request=s.SuggestInputSerializer,
        responses={200: dict},
    )
    def post(self, request):
        data = s.SuggestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        suggestions = suggest_claims(
            data.validated_data["text"], data.validated_data["published_on"]
        )
        return Response(as_json(suggestions), status=status.HTTP_200_OK)

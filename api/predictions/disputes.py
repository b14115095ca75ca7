"""Disputes over HTTP: a prediction's disputes are listed publicly (as far as
the prediction is); a verified user opens one; an editor upholds or
dismisses it. Each view checks who may act before it reads the body, calls
one service, and answers with the dispute; the rules and their messages are
predictions.rules' and the services'."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import AccountNameField, BlankableURLField, ModelSerializer, Serializer
from api.predictions.views import rule_description
from predictions import rules, selectors, services
from predictions.models import Dispute, Prediction
from predictions.services.disputes import (
    DECISIONS,
    MAX_REASON_LENGTH,
    MAX_URL_LENGTH,
    UPHOLD_ACTIONS,
)

# --- Output -------------------------------------------------------------------


class DisputeSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()
    prediction: serializers.PrimaryKeyRelatedField[Prediction] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    opened_by = AccountNameField()
    settled_by = AccountNameField()

    class Meta:
        model = Dispute
        fields = [
            "number",
            "url",
            "prediction",
            "subject",
            "reason",
            "evidence_url",
            "state",
            "opened_by",
            "opened_at",
            "settled_by",
            "settled_at",
            "settlement_reason",
        ]
        read_only_fields = fields

    def get_url(self, dispute: Dispute) -> str:
        path = reverse("api:prediction-dispute", args=[dispute.prediction_id, dispute.number])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


# --- Input --------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The outcome is wrong",
            request_only=True,
            value={
                "subject": "outcome",
                "reason": "The weights were released on 5 August, before the deadline.",
                "evidence_url": "https://openai.com/index/introducing-gpt-oss/",
            },
        )
    ]
)
class OpenDisputeSerializer(Serializer):
    subject = serializers.ChoiceField(
        choices=Dispute.Subject.choices,
        help_text="`quote` while the prediction has one; `outcome` once it is resolved.",
    )
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH)
    evidence_url = BlankableURLField(
        max_length=MAX_URL_LENGTH, required=False, allow_blank=True, default=""
    )


ALL_ACTIONS = [action for actions in UPHOLD_ACTIONS.values() for action in actions]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Uphold, and correct the outcome",
            request_only=True,
            value={
                "decision": "uphold",
                "action": "correct",
                "reason": "The release on 5 August settles it.",
                "outcome": "right",
                "note": "Released on 5 August 2025.",
                "evidence_url": "https://openai.com/index/introducing-gpt-oss/",
            },
        ),
        OpenApiExample(
            "Dismiss",
            request_only=True,
            value={"decision": "dismiss", "reason": "The source says exactly this."},
        ),
    ]
)
class SettleDisputeSerializer(Serializer):
    decision = serializers.ChoiceField(choices=list(DECISIONS))
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH)
    action = serializers.ChoiceField(
        choices=ALL_ACTIONS,
        required=False,
        allow_blank=True,
        default="",
        help_text="What upholding does. A disputed outcome: `reopen` (clear it) or "
        "`correct` (record `outcome` instead). A disputed quote: `withdraw` the "
        "prediction, or `keep` it (corrected elsewhere; the upheld dispute stays on "
        "the record).",
    )
    outcome = serializers.ChoiceField(
        choices=Prediction.Outcome.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="With `correct`: the outcome to record instead.",
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    evidence_url = BlankableURLField(
        max_length=MAX_URL_LENGTH, required=False, allow_blank=True, default=""
    )


# --- Views --------------------------------------------------------------------


def _prediction(request: Request, pk: int) -> Prediction:
    """The prediction, if the caller may see it (to anyone else it does not exist)."""
    prediction = Prediction.objects.filter(pk=pk).first()
    if prediction is None or not rules.can_see(request.user, prediction):
        raise NotFound("No such prediction.")
    return prediction


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _answer(request: Request, prediction: Prediction, number: int, code: int) -> Response:
    dispute = selectors.prediction_disputes(prediction).filter(number=number).first()
    if dispute is None:
        raise NotFound("No such dispute.")
    return Response(DisputeSerializer(dispute, context={"request": request}).data, status=code)


class PredictionDisputesView(APIView):
    @extend_schema(
        operation_id="predictions_disputes_list",
        summary="A prediction's disputes",
        description="Every dispute, open or settled, first opened first.",
        responses={200: DisputeSerializer(many=True)},
    )
    def get(self, request: Request, pk: int) -> Response:
        disputes = selectors.prediction_disputes(_prediction(request, pk))
        return Response(DisputeSerializer(disputes, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="predictions_disputes_create",
        summary="Dispute a prediction's quote or recorded outcome",
        description=rule_description("dispute"),
        request=OpenDisputeSerializer,
        responses={201: DisputeSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        prediction = _prediction(request, pk)
        rules.require_permitted("dispute", request.user, prediction)
        dispute = services.open_dispute(
            prediction=prediction, actor=request.user, **_valid(OpenDisputeSerializer, request)
        )
        return _answer(request, prediction, dispute.number, status.HTTP_201_CREATED)


class PredictionDisputeView(APIView):
    @extend_schema(
        operation_id="predictions_disputes_retrieve",
        summary="One dispute",
        responses={200: DisputeSerializer},
    )
    def get(self, request: Request, pk: int, number: int) -> Response:
        return _answer(request, _prediction(request, pk), number, status.HTTP_200_OK)

    @extend_schema(
        operation_id="predictions_disputes_settle",
        summary="Uphold or dismiss a dispute (editor)",
        description="Upholding acts on the prediction as the editor's own reopening, "
        "resolving or withdrawing would, and answers 409 when its state does not allow "
        "that; a dispute settled already is a 409 too. Anyone but an editor gets 403: "
        f"“{rules.RULES['settle'].refusal}”",
        request=SettleDisputeSerializer,
        responses={200: DisputeSerializer},
    )
    def post(self, request: Request, pk: int, number: int) -> Response:
        prediction = _prediction(request, pk)
        rules.require_permitted("settle", request.user, prediction)
        dispute = Dispute.objects.filter(prediction=prediction, number=number).first()
        if dispute is None:
            raise NotFound("No such dispute.")
        services.settle_dispute(
            dispute=dispute, actor=request.user, **_valid(SettleDisputeSerializer, request)
        )
        return _answer(request, prediction, number, status.HTTP_200_OK)

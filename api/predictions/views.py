"""Predictions over HTTP: list, read, file, edit, resolve, reopen, withdraw,
the timeline and watching. Each view parses input, calls one service or
selector, and renders; rules and errors live in the services."""

from collections.abc import Callable

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.caching import kept_list
from api.following import subscription
from api.predictions import rows
from api.predictions import serializers as s
from api.predictions.filters import PredictionFilter
from core import ratelimit
from predictions import notifications, rules, selectors, services
from predictions.models import Prediction

WATCHING = inline_serializer("Watching", {"watching": serializers.BooleanField()})


def _version(data):
    return data.pop("version", None)


def rule_description(action: str) -> str:
    """What predictions.rules says of ``action``, for the schema."""
    rule = rules.RULES[action]
    *others, last = sorted(rule.statuses)
    statuses = f"{', '.join(others)} or {last}" if others else last
    reviews = " or ".join(sorted(rule.review_states))
    example = rule.unavailable.format(status="withdrawn") or "This claim is published already."
    return (
        f"Possible while the prediction is {statuses} and {reviews}; in any other state the "
        f"answer is 409, e.g. “{example}” Anyone else gets 403: “{rule.refusal}”"
    )


@extend_schema_view(
    list=extend_schema(
        summary="List predictions",
        description="Newest first unless `ordering` says otherwise; cursor-paginated.",
    ),
    retrieve=extend_schema(
        summary="One prediction, with its history",
        description="`events` is its history, oldest first: a hash chain anyone can "
        "recompute (how: /about/method/#history). Answers 304 to If-None-Match with its ETag (or "
        "If-Modified-Since with its Last-Modified) while it is unchanged, and 412 to an "
        "If-Match or If-Unmodified-Since it no longer meets.",
        responses={200: s.PredictionDetailSerializer},
    ),
    create=extend_schema(
        summary="File a prediction",
        request=s.FileClaimSerializer,
        responses={201: s.PredictionSerializer},
    ),
    partial_update=extend_schema(
        summary="Edit a prediction (filer or editor)",
        description=rule_description("edit")
        + " A resolved prediction's claim, dates and confidence are a 409 until it is "
        f"reopened (“{rules.REOPEN_FIRST}”); its tags may change.",
        request=s.EditPredictionSerializer,
        responses={200: s.PredictionSerializer},
    ),
)
class PredictionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.PredictionSerializer
    filterset_class = PredictionFilter
    lookup_value_regex = r"\d+"
    # DELETE only reaches the watch action: there is no destroy.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "watch":
            # Only the row's existence matters; the ledger's joins would be wasted.
            return Prediction.objects.filter(
                pk__in=selectors.visible_predictions(user).values("pk")
            )
        if self.action == "list":
            review_state = self.request.query_params.get("review_state", "")
            predictions = selectors.listed_predictions(user, review_state)
        elif self.action == "retrieve":
            # With its events, for the detail; a claim awaiting review is a 404
            # to all but its filer and the editors.
            predictions = selectors.prediction_page(user)
        else:
            predictions = selectors.visible_predictions(user)
        return predictions.select_related("proposed_by")

    def list(self, request, *args, **kwargs):
        # Kept for signed-out readers until the ledger changes (api.caching).
        return kept_list(request, lambda: self.rows_page(request))

    def rows_page(self, request):
        # Plain rows, not model instances through PredictionSerializer: the
        # same JSON for a fraction of the time (api/predictions/rows.py).
        queryset = rows.list_rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(rows.RowRenderer(request).render(page or []))

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.PredictionDetailSerializer
        return super().get_serializer_class()

    def retrieve(self, request, *args, **kwargs):
        prediction = self.get_object()
        # The version names the row; the latest event (prefetched, oldest
        # first) what changes without it: a dispute opened or settled, a quote
        # corrected, a person renamed.
        events = list(prediction.events.all())
        latest = events[-1] if events else None
        etag = quote_etag(
            f"{prediction.pk}-{prediction.version}" + (f"-{latest.pk}" if latest else "")
        )
        changed_at = max(prediction.updated_at, latest.at) if latest else prediction.updated_at
        last_modified = int(changed_at.timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = Response(self.get_serializer(prediction).data)
        elif response.status_code == status.HTTP_412_PRECONDITION_FAILED:
            # Django's answer has no body; the API's errors all carry a detail.
            response = Response(
                {
                    "detail": "The prediction has changed: it no longer meets "
                    "If-Match or If-Unmodified-Since."
                },
                status=status.HTTP_412_PRECONDITION_FAILED,
            )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return response

    def create(self, request, *args, **kwargs):
        data = self._valid(s.FileClaimSerializer, request.data)
        ratelimit.attempt(ratelimit.FILING, *ratelimit.request_keys(request))
        prediction = services.file_claim(filed_by=request.user, **data)
        return self._answer(prediction, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        data = self._valid(s.EditPredictionSerializer, request.data)
        version = _version(data)
        reason = data.pop("reason", "")
        prediction = services.edit_prediction(
            prediction=self.get_object(),
            actor=request.user,
            changes=data,
            expected_version=version,
            reason=reason,
        )
        return self._answer(prediction)

    @extend_schema(
        summary="Record the outcome, or propose it",
        description="An editor's outcome, or a self-forecaster's about their own forecast, "
        "takes effect at once: 200. Anyone else verified proposes it: 202 with "
        "`proposed_outcome` set, and `evidence_url` is required; it counts nowhere until an "
        "editor confirms it (`proposal/`). " + rule_description("resolve"),
        request=s.ResolveSerializer,
        responses={200: s.PredictionSerializer, 202: s.PredictionSerializer},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        data = self._valid(s.ResolveSerializer, request.data)
        recorded = services.record_outcome(
            prediction=self.get_object(),
            actor=request.user,
            outcome=data["outcome"],
            note=data["note"],
            evidence_url=data["evidence_url"],
            expected_version=_version(data),
        )
        code = status.HTTP_202_ACCEPTED if recorded.proposed else status.HTTP_200_OK
        return self._answer(recorded.prediction, code)

    @extend_schema(
        summary="Approve or reject a claim awaiting review (editor)",
        description="Approving publishes it: it enters lists and its predictor's record. "
        "Rejecting needs a `reason`, shown to the filer. " + rule_description("review"),
        request=s.ReviewDecisionSerializer,
        responses={200: s.PredictionSerializer},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._decide(request, s.ReviewDecisionSerializer, services.review_claim)

    @extend_schema(
        summary="Confirm or decline a proposed outcome (editor)",
        description="Confirming resolves the prediction as proposed, crediting the proposer. "
        "Declining needs a `reason`. " + rule_description("confirm"),
        request=s.ProposalDecisionSerializer,
        responses={200: s.PredictionSerializer},
    )
    @action(detail=True, methods=["post"])
    def proposal(self, request, pk=None):
        return self._decide(request, s.ProposalDecisionSerializer, services.decide_proposal)

    def _decide(self, request, serializer_class, service: Callable[..., Prediction]) -> Response:
        """An editor's decision: review a claim, or settle a proposed outcome."""
        data = self._valid(serializer_class, request.data)
        prediction = service(
            prediction=self.get_object(),
            actor=request.user,
            decision=data["decision"],
            reason=data["reason"],
            expected_version=_version(data),
        )
        return self._answer(prediction)

    @extend_schema(
        summary="Undo a resolution (editor)",
        description=rule_description("reopen"),
        request=s.ReasonSerializer,
        responses={200: s.PredictionSerializer},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._with_reason(request, services.reopen_prediction)

    @extend_schema(
        summary="Withdraw a prediction (editor)",
        description=rule_description("withdraw"),
        request=s.ReasonSerializer,
        responses={200: s.PredictionSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._with_reason(request, services.withdraw_prediction)

    def _with_reason(self, request, service: Callable[..., Prediction]) -> Response:
        """Reopen or withdraw: the same body, a different service."""
        data = self._valid(s.ReasonSerializer, request.data)
        prediction = service(
            prediction=self.get_object(),
            actor=request.user,
            reason=data["reason"],
            expected_version=_version(data),
        )
        return self._answer(prediction)

    @extend_schema(
        summary="The prediction's history",
        responses={200: s.EventSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def events(self, request, pk=None):
        prediction = self.get_object()
        events = prediction.events.select_related("actor").order_by("at", "id")
        return Response(s.EventSerializer(events, many=True).data)

    @extend_schema(
        methods=["POST"],
        summary="Watch a prediction",
        description="The signed-in user is emailed when it comes due. Watching twice is harmless.",
        request=None,
        responses={200: WATCHING},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Stop watching a prediction",
        description="Not watching it already is harmless.",
        request=None,
        responses={200: WATCHING},
    )
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def watch(self, request, pk=None):
        return subscription(
            request,
            start=notifications.watch,
            stop=notifications.unwatch,
            key="watching",
            prediction=self.get_object(),
        )

    def _valid(self, serializer_class, data) -> dict:
        serializer = serializer_class(data=data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, prediction, code=status.HTTP_200_OK):
        fresh = selectors.any_predictions().select_related("proposed_by").get(pk=prediction.pk)
        return Response(self.get_serializer(fresh).data, status=code)

"""Predictions in JSON: what a reader gets back, and what filing, editing,
resolving and the editors' actions take. Serializers only translate; the
rules live in predictions.validation and the services."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.fields import (
    AccountNameField,
    BlankableURLField,
    FiniteFloatField,
    ModelSerializer,
    PersonReferenceField,
    Serializer,
)
from api.people.serializers import PersonRefSerializer
from api.sources.serializers import MAX_QUOTE_LENGTH, StatementRefSerializer
from core import limits
from predictions.models import Prediction, PredictionEvent, Tag
from predictions.validation import MAX_CLAIM_LENGTH, MAX_HEDGE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS
from sources.models import Statement

# --- Output -------------------------------------------------------------------


class ProposedOutcomeSerializer(serializers.Serializer):
    """An outcome proposed by someone who may not resolve, awaiting an editor."""

    outcome = serializers.ChoiceField(choices=Prediction.Outcome.choices, source="proposed_outcome")
    note = serializers.CharField(source="proposed_note")
    evidence_url = serializers.URLField(source="proposed_evidence_url")
    proposed_by = AccountNameField(
        help_text="The proposer's username (“deleted user #<id>” once the account is closed); "
        "null if the account is gone.",
    )
    proposed_at = serializers.DateTimeField()


class ConfidenceBasisField(serializers.ChoiceField):
    """Where a confidence came from; null when there is no confidence (the
    model stores "")."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=Prediction.ConfidenceBasis.choices,
            allow_null=True,
            help_text="Where the confidence came from: “stated” (the speaker gave the number), "
            "“hedge” (read from the speaker's words by the ICD 203 table; confidence_hedge "
            "holds them) or “filer” (the filer's estimate, left out of Brier scores and "
            "calibration). Null when there is no confidence.",
            **kwargs,
        )

    def to_representation(self, value):
        return value or None

    def to_internal_value(self, data):
        return "" if data in ("", None) else super().to_internal_value(data)


CONFIDENCE_HEDGE_HELP = (
    "For basis “hedge”: the speaker's words the confidence was read from, e.g. “very likely”; "
    "they must be in the quote. Without a confidence, the middle of their ICD 203 range is used."
)


class PredictionSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:prediction-detail")
    page_url = serializers.SerializerMethodField()
    predictor = PersonRefSerializer()
    statement = StatementRefSerializer(allow_null=True)
    tags: serializers.SlugRelatedField[Tag] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    evidence_url = BlankableURLField(read_only=True)
    confidence_basis = ConfidenceBasisField(read_only=True)
    confidence_hedge = serializers.CharField(
        read_only=True, help_text="The words the confidence was read from; empty unless “hedge”."
    )
    outcome = serializers.ChoiceField(
        choices=Prediction.Outcome.choices,
        allow_blank=True,
        read_only=True,
        help_text="Empty until the prediction is resolved.",
    )
    review_state = serializers.ChoiceField(
        choices=Prediction.ReviewState.choices,
        read_only=True,
        help_text="Only published predictions are in lists and records; a claim filed by "
        "someone other than an editor is pending until an editor reviews it.",
    )
    review_reason = serializers.CharField(
        read_only=True, help_text="The editor's reason, when the claim was rejected."
    )
    proposed_outcome = serializers.SerializerMethodField(
        help_text="An outcome someone proposed, awaiting an editor; null when none."
    )
    disputes_open = serializers.IntegerField(
        read_only=True, help_text="How many of its disputes await an editor's decision."
    )

    class Meta:
        model = Prediction
        fields = [
            "id",
            "url",
            "page_url",
            "claim",
            "predictor",
            "statement",
            "made_on",
            "resolves_on",
            "deadline_text",
            "confidence",
            "confidence_basis",
            "confidence_hedge",
            "status",
            "outcome",
            "resolution_note",
            "evidence_url",
            "resolved_at",
            "self_judged",
            "review_state",
            "review_reason",
            "proposed_outcome",
            "tags",
            "disputes_open",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(ProposedOutcomeSerializer(allow_null=True))
    def get_proposed_outcome(self, prediction) -> dict | None:
        if not prediction.has_proposal:
            return None
        return dict(ProposedOutcomeSerializer(prediction).data)

    def get_page_url(self, prediction) -> str:
        request = self.context.get("request")
        path = prediction.get_absolute_url()
        return request.build_absolute_uri(path) if request else settings.SITE_URL + path


class EventSerializer(ModelSerializer):
    """One link of the prediction's hash chain: with the prediction's id, these
    fields are all it takes to recompute `hash` (how: /about/method/#history)."""

    actor = AccountNameField(
        help_text="The acting account's username (“deleted user #<id>” once the account is "
        "closed); null when the system acted.",
    )
    actor_id = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The acting account's id, which the hash covers; null when the system acted.",
    )

    class Meta:
        model = PredictionEvent
        fields = ["id", "kind", "actor", "actor_id", "at", "data", "previous_hash", "hash"]
        read_only_fields = fields
        extra_kwargs = {
            "data": {"help_text": "What changed, as recorded."},
            "previous_hash": {"help_text": "The hash of the event before; empty for the first."},
            "hash": {
                "help_text": "SHA-256 (hex) of previous_hash followed by the event's "
                "canonical JSON."
            },
        }


class PredictionDetailSerializer(PredictionSerializer):
    """One prediction, with its whole history, oldest first."""

    events = EventSerializer(many=True, read_only=True)

    class Meta(PredictionSerializer.Meta):
        fields = [*PredictionSerializer.Meta.fields, "events"]
        read_only_fields = fields


# --- Input --------------------------------------------------------------------


class TagListField(serializers.ListField):
    child = serializers.CharField(max_length=MAX_TAG_LENGTH)
    max_length = MAX_TAGS


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The seed article's prediction, deadline in words",
            request_only=True,
            value={
                "claim": "OpenAI open-sources one of its models",
                "predictor": {"name": "The article's commentator"},
                "quote": "OpenAI may move towards open sourcing its models within the next month",
                "source_title": 'OpenAI "We Are On The Wrong Side Of History" (of Open Source)',
                "published_on": "2025-02-01",
                "deadline_text": "within the next month",
                "tags": ["openai", "open-source"],
            },
        ),
        OpenApiExample(
            "A known person, a date and a confidence",
            request_only=True,
            value={
                "claim": "GPT-6 is released to the public",
                "predictor": "sam-altman",
                "made_on": "2026-01-15",
                "resolves_on": "2026-12-31",
                "confidence": 0.7,
                "confidence_basis": "stated",
            },
        ),
        OpenApiExample(
            "A confidence read from the speaker's words",
            request_only=True,
            value={
                "claim": "Fusion power reaches a commercial grid",
                "predictor": {"name": "A. Physicist"},
                "quote": "It is very likely that fusion power reaches a commercial grid by 2040.",
                "source_url": "https://example.com/interview",
                "resolves_on": "2040-12-31",
                "confidence_basis": "hedge",
                "confidence_hedge": "very likely",
            },
        ),
    ]
)
class FileClaimSerializer(Serializer):
    """What ``file_claim`` takes: a claim, who made it, a deadline as a date or
    as words, and optionally the verbatim quote and its source."""

    # Each field's type and size only. The rules across fields (a deadline as
    # a date or in words, a quote's source) are file_claim's, which answers
    # InvalidInput naming the field: a 400 (api.errors), with nothing stored.

    claim = serializers.CharField(max_length=MAX_CLAIM_LENGTH)
    predictor = PersonReferenceField()
    made_on = serializers.DateField(
        required=False, help_text="When it was said; defaults to the quote's date."
    )
    resolves_on = serializers.DateField(required=False, help_text="The deadline, inclusive.")
    deadline_text = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The deadline in words, e.g. “within the next month”; computed from made_on "
        "when resolves_on is not given.",
    )
    confidence = FiniteFloatField(min_value=0, max_value=1, required=False, allow_null=True)
    confidence_basis = ConfidenceBasisField(required=False)
    confidence_hedge = serializers.CharField(
        max_length=MAX_HEDGE_LENGTH,
        required=False,
        allow_blank=True,
        help_text=CONFIDENCE_HEDGE_HELP,
    )
    tags = TagListField(required=False, max_length=MAX_TAGS)
    statement = serializers.PrimaryKeyRelatedField(
        queryset=Statement.objects.all(), required=False, allow_null=True
    )
    quote = serializers.CharField(
        max_length=MAX_QUOTE_LENGTH, required=False, allow_blank=True, trim_whitespace=True
    )
    quote_is_paraphrase = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The quote is the source's account of what was said, not the speaker's words.",
    )
    speaker = PersonReferenceField(
        required=False, help_text="Who said the quote; defaults to the predictor."
    )
    source_url = BlankableURLField(max_length=1000, required=False, allow_blank=True)
    source_title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    source_publisher = serializers.CharField(max_length=200, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Reword the claim",
            request_only=True,
            value={"version": 2, "claim": "OpenAI releases the weights of one of its models"},
        )
    ]
)
class EditPredictionSerializer(Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you last read.")
    reason = serializers.CharField(
        max_length=limits.REASON,
        required=False,
        allow_blank=True,
        help_text="Why it changes, shown on the prediction's history.",
    )
    claim = serializers.CharField(max_length=MAX_CLAIM_LENGTH, required=False)
    made_on = serializers.DateField(required=False)
    resolves_on = serializers.DateField(required=False)
    deadline_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
    confidence = FiniteFloatField(min_value=0, max_value=1, required=False, allow_null=True)
    confidence_basis = ConfidenceBasisField(required=False)
    confidence_hedge = serializers.CharField(
        max_length=MAX_HEDGE_LENGTH,
        required=False,
        allow_blank=True,
        help_text=CONFIDENCE_HEDGE_HELP,
    )
    tags = TagListField(required=False, max_length=MAX_TAGS)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Wrong, with evidence",
            request_only=True,
            value={
                "outcome": "wrong",
                "note": "OpenAI released gpt-oss on 5 August 2025.",
                "evidence_url": "https://openai.com/index/introducing-gpt-oss/",
                "version": 1,
            },
        )
    ]
)
class ResolveSerializer(Serializer):
    outcome = serializers.ChoiceField(choices=Prediction.Outcome.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    evidence_url = serializers.URLField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="When given, a stale version is a 409."
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A reason",
            request_only=True,
            value={"reason": "Filed twice; see #12."},
        )
    ]
)
class ReasonSerializer(Serializer):
    reason = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text="When given, a stale version is a 409."
    )


def decision_serializer(name: str, decisions: list[str], reason_help: str) -> type:
    """The body of an editor's decision: one of ``decisions``, a reason (the
    service says when one is required) and optionally the version read."""
    fields = {
        "decision": serializers.ChoiceField(choices=decisions),
        "reason": serializers.CharField(
            max_length=2000, required=False, allow_blank=True, default="", help_text=reason_help
        ),
        "version": serializers.IntegerField(
            min_value=1, required=False, help_text="When given, a stale version is a 409."
        ),
    }
    return type(name, (Serializer,), fields)


ReviewDecisionSerializer = decision_serializer(
    "ReviewDecisionSerializer", ["approve", "reject"], "Required to reject; shown to the filer."
)
ProposalDecisionSerializer = decision_serializer(
    "ProposalDecisionSerializer",
    ["confirm", "decline"],
    "Required to decline; shown on the prediction's history.",
)

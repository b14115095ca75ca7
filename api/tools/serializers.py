"""Serializers of the tools the forms use: the deadline parser and the
article suggester. They translate query and body fields, nothing more."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from api.fields import Serializer
from core import limits


class DeadlineQuerySerializer(Serializer):
    text = serializers.CharField(max_length=500, help_text="Words such as “within 18 months”.")
    # "from" is a Python keyword: declared as from_, renamed below.
    from_ = serializers.DateField(
        required=False, help_text="The day the words were said; defaults to today."
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Eighteen months from 1 February 2025",
            response_only=True,
            value={"resolves_on": "2026-08-01", "matched": "within 18 months"},
        )
    ]
)
class DeadlineSerializer(serializers.Serializer):
    resolves_on = serializers.DateField()
    matched = serializers.CharField()


class CappedTextField(serializers.CharField):
    """A text up to ``max_length`` characters; the refusal gives the limit
    and the length sent."""

    def to_internal_value(self, data):
        if isinstance(data, str) and self.max_length and len(data) > self.max_length:
            raise serializers.ValidationError(
                f"At most {self.max_length:,} characters (this has {len(data):,}): "
                "send the part of the article that holds the claims."
            )
        return super().to_internal_value(data)


class SuggestInputSerializer(Serializer):
    text = CappedTextField(
        max_length=limits.SUGGEST_TEXT,
        help_text=f"The article's text, up to {limits.SUGGEST_TEXT:,} characters.",
    )
    published_on = serializers.DateField(
        help_text="When it was published: deadlines count from this day."
    )

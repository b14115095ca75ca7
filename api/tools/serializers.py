"""Serializers of the tools the forms use: the deadline parser and the
article suggester. They translate query and body fields, nothing more."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from api.fields import Serializer


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


class SuggestInputSerializer(Serializer):
    text = serializers.CharField(max_length=200_000, help_text="The article's text.")
    published_on = serializers.DateField(
        help_text="When it was published: deadlines count from this day."
    )

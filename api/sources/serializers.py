"""Sources and statements in JSON: the short references a prediction embeds,
and the full objects read and added at /sources/ and /statements/."""

from rest_framework import serializers

from api.fields import BlankableURLField, ModelSerializer, PersonReferenceField
from api.people.serializers import PersonRefSerializer
from core import limits
from sources.models import Source, Statement

MAX_QUOTE_LENGTH = limits.QUOTE


class SourceRefSerializer(ModelSerializer):
    url = BlankableURLField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "url", "title", "published_on"]


class StatementRefSerializer(ModelSerializer):
    speaker = PersonRefSerializer()
    # The stubs type Field.source (the attribute a field reads) as a string,
    # which a field named "source" shadows; the name is the API's.
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = Statement
        fields = ["id", "text", "is_paraphrase", "speaker", "source"]


class SourceSerializer(ModelSerializer):
    url = BlankableURLField(max_length=1000, required=False, allow_blank=True)
    archive_url = BlankableURLField(max_length=1000, required=False, allow_blank=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "published_on",
            "kind",
            "description",
            "text",
            "text_sha256",
            "archive_url",
            "created_at",
        ]
        read_only_fields = ["id", "text_sha256", "created_at"]


class StatementSerializer(ModelSerializer):
    speaker = PersonReferenceField()
    source = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]  # as above
        queryset=Source.objects.all()
    )
    said_on = serializers.DateField(
        required=False, help_text="Defaults to the source's publication date."
    )

    class Meta:
        model = Statement
        fields = [
            "id", "text", "is_paraphrase", "speaker", "source", "said_on", "context", "created_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"text": {"max_length": MAX_QUOTE_LENGTH}}

"""A person in JSON: the short reference other resources embed, the list row
and the detail with the track record."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import ModelSerializer
from api.records.serializers import RECORD_SCHEMA
from predictions import records
from sources.models import Person


class PersonRefSerializer(ModelSerializer):
    class Meta:
        model = Person
        fields = ["slug", "name"]


class PersonSerializer(ModelSerializer):
    slug = serializers.SlugField(
        max_length=200, required=False, help_text="Made from the name when not given."
    )

    class Meta:
        model = Person
        # "url" is the person's own web address, not a link into this API.
        fields = ["slug", "name", "kind", "description", "url", "created_at"]
        read_only_fields = ["created_at"]


class PersonDetailSerializer(PersonSerializer):
    record = serializers.SerializerMethodField()
    scorecard = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "record", "scorecard"]

    def to_representation(self, person):
        # Read once for both keys, so that the alias cannot differ from the record.
        self._record = records.person_record(person).as_dict()
        return super().to_representation(person)

    @extend_schema_field(RECORD_SCHEMA)
    def get_record(self, person) -> dict:
        return self._record

    @extend_schema_field(
        {
            **RECORD_SCHEMA,
            "deprecated": True,
            "description": "Deprecated: the same as `record`, under its old name; it will be "
            "removed in the next release.",
        }
    )
    def get_scorecard(self, person) -> dict:
        return self._record

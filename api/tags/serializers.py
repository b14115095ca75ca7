"""A tag in JSON: the list row links to its predictions; the detail adds the
tag's track record."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.fields import ModelSerializer
from api.records.serializers import RECORD_SCHEMA
from predictions import records
from predictions.models import Tag


class TagSerializer(ModelSerializer):
    predictions = serializers.SerializerMethodField()

    class Meta:
        model = Tag
        fields = ["slug", "name", "predictions"]

    @extend_schema_field(serializers.URLField())
    def get_predictions(self, tag) -> str:
        url = reverse("api:prediction-list", request=self.context.get("request"))
        return f"{url}?tag={tag.slug}"


class TagDetailSerializer(TagSerializer):
    record = serializers.SerializerMethodField()

    class Meta(TagSerializer.Meta):
        fields = [*TagSerializer.Meta.fields, "record"]

    @extend_schema_field(RECORD_SCHEMA)
    def get_record(self, tag) -> dict:
        return records.tag_record(tag).as_dict()

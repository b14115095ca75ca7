"""The whole ledger's track record."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.records.serializers import RECORD_SCHEMA
from predictions import records


class StatsView(APIView):
    @extend_schema(summary="The whole ledger's record", responses={200: RECORD_SCHEMA})
    def get(self, request):
        return Response(records.site_record().as_dict())

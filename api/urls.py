from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.people.views import PersonViewSet
from api.predictions.disputes import PredictionDisputesView, PredictionDisputeView
from api.predictions.export import ExportView
from api.predictions.views import PredictionViewSet
from api.records.views import StatsView
from api.sources.views import SourceViewSet, StatementViewSet
from api.tags.views import TagViewSet
from api.tools.views import DeadlineView, SuggestView

app_name = "api"

router = DefaultRouter()
router.register("predictions", PredictionViewSet, basename="prediction")
router.register("people", PersonViewSet, basename="person")
router.register("sources", SourceViewSet, basename="source")
router.register("statements", StatementViewSet, basename="statement")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = [
    path("deadline/", DeadlineView.as_view(), name="deadline"),
    path("suggest/", SuggestView.as_view(), name="suggest"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("predictions/export/", ExportView.as_view(), name="export"),
    path(
        "predictions/<int:pk>/disputes/",
        PredictionDisputesView.as_view(),
        name="prediction-disputes",
    ),
    path(
        "predictions/<int:pk>/disputes/<int:number>/",
        PredictionDisputeView.as_view(),
        name="prediction-dispute",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its script from docs/?script instead of inline,
    # and the template has no inline style: the page keeps the site's CSP.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]

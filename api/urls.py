from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from api import catalog, tools, views

app_name = "api"

router = DefaultRouter()
router.register("predictions", views.PredictionViewSet, basename="prediction")
router.register("people", catalog.PersonViewSet, basename="person")
router.register("sources", catalog.SourceViewSet, basename="source")
router.register("statements", catalog.StatementViewSet, basename="statement")
router.register("tags", catalog.TagViewSet, basename="tag")

urlpatterns = [
    path("deadline/", tools.DeadlineView.as_view(), name="deadline"),
    path("suggest/", tools.SuggestView.as_view(), name="suggest"),
    path("stats/", catalog.StatsView.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]

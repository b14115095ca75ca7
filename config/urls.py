from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "Hindsight administration"
admin.site.site_title = "Hindsight admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("predictions.urls")),
]

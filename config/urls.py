from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import QueuedPasswordResetForm
from config.health import healthz
from predictions.views.method import method

admin.site.site_header = "Hindsight administration"
admin.site.site_title = "Hindsight admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("api.urls")),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("about/method/", method, name="about-method"),
    path("", include("predictions.urls")),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

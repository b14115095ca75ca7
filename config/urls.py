from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import auth_views
from accounts.forms import AdminSignInForm
from config.health import healthz
from predictions.views.method import method


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        # Asked per request: the hashed name is in the manifest collectstatic writes.
        return static("favicon.svg")


admin.site.site_header = "Hindsight administration"
admin.site.site_title = "Hindsight admin"
# The admin's sign-in counts failures with the site's (the same passwords).
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Where browsers and feed readers look without reading the page's <link>.
    path("favicon.ico", FaviconView.as_view()),
    path("api/v1/", include("api.urls")),
    # Django's own pages, as accounts/auth_views.py changes them; the rest of
    # django.contrib.auth.urls below is used as it is.
    path("accounts/login/", auth_views.SignInView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls")),
    path("about/method/", method, name="about-method"),
    path("feeds/", include("feeds.urls")),
    path("", include("transfer.urls")),
    path("", include("predictions.urls")),
]

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

"""Django's sign-in and password reset pages, with this site's rate limits,
its outbox for the reset email, and a completed reset confirming the address."""

from django.contrib.auth import views as auth_views

from accounts import services
from accounts.forms import QueuedPasswordResetForm, SignInForm
from core import ratelimit


class SignInView(auth_views.LoginView):
    """Django's sign-in page with the rate limit of failed sign-ins
    (accounts.forms.SignInForm)."""

    authentication_form = SignInForm


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link, limited per client address and per address
    asked for (whether or not an account has it, so the limit tells nothing)."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        ratelimit.attempt(
            ratelimit.PASSWORD_RESET,
            ratelimit.ip_key(self.request),
            ratelimit.name_key("address", form.cleaned_data["email"]),
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing the new password. The link came to the account's address, so
    using it proves the address as a confirmation link would."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.confirm_email(form.user)
        return response

"""The account forms: signing in with a rate limit, signing up, a password
reset sent by a worker, email settings and API tokens."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import AccountEmail
from accounts.outbox import queue_account_email
from core import ratelimit
from core.forms import DomainErrorsMixin


class RateLimitedSignIn(AuthenticationForm):
    """Failed sign-ins are counted per username and per client address; once
    either has had too many in the window, every sign-in for it is refused
    (RateLimited, a 429 page), even with the right password, until the
    window ends: guessing gets no answer at all."""

    def _keys(self) -> list[str]:
        assert self.request is not None  # the sign-in views always pass it
        username = str(self.data.get("username", ""))
        return [ratelimit.ip_key(self.request), ratelimit.name_key("username", username)]

    def clean(self) -> dict[str, Any]:
        ratelimit.refuse_if_exhausted(ratelimit.SIGN_IN, *self._keys())
        try:
            return super().clean()
        except ValidationError:
            ratelimit.record(ratelimit.SIGN_IN, *self._keys())
            raise


class SignInForm(RateLimitedSignIn):
    """The site's sign-in form."""


class AdminSignInForm(RateLimitedSignIn, AdminAuthenticationForm):
    """The admin's, counted with the site's: the same passwords."""


class SignupForm(DomainErrorsMixin, UserCreationForm):
    """The new account's name, address and password. Whether an account
    already has the address is not checked here: the form would tell
    (accounts.services.sign_up emails that account instead). A taken
    username is said, since usernames are public."""

    email = forms.EmailField(
        label="Email",
        help_text="We send a link to confirm it; deadline reminders and password resets go there.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip()


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the request only writes an outbox row: a
    worker makes the link and sends it (accounts.outbox, accounts.emails)."""

    def save(self, *args: Any, **options: Any) -> None:
        # The view's options (domain, templates, token generator) are not
        # used: the worker builds the link from SITE_URL.
        for user in self.get_users(self.cleaned_data["email"]):
            queue_account_email(user=user, kind=AccountEmail.Kind.PASSWORD_RESET)


class EmailPreferencesForm(forms.Form):
    due_emails = forms.BooleanField(
        label="Email me when a prediction I watch or follow reaches its deadline",
        required=False,
    )
    reminder_emails = forms.BooleanField(
        label="Remind me weekly, up to four times, while it stays unresolved",
        required=False,
    )


class TokenForm(DomainErrorsMixin, forms.Form):
    name = forms.CharField(
        label="What is it for?",
        max_length=100,
        required=False,
        help_text="A note for you, e.g. “research notebook”.",
    )

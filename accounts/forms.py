"""The account forms: signing in with a rate limit, signing up, a password
reset sent by a worker, email settings, API tokens and closing the account."""

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import AccountEmail
from accounts.outbox import queue_account_email
from accounts.services import check_username
from core import ratelimit
from core.errors import InvalidInput
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

    def clean_username(self) -> str:
        username = super().clean_username()
        if not username:  # Django's check found it taken and said so
            return username
        try:
            check_username(username)
        except InvalidInput as error:
            raise ValidationError(error.errors["username"]) from None
        return username

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
    expires_in = forms.TypedChoiceField(
        label="Expires",
        choices=[
            ("", "Never (until revoked)"),
            ("30", "In 30 days"),
            ("90", "In 90 days"),
            ("365", "In a year"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Changing your password revokes every token, whatever its expiry.",
    )


class CloseAccountForm(forms.Form):
    """Closing one's own account (accounts.services.deactivate_user), with
    the password, so that a session left open is not enough."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.")
        return password

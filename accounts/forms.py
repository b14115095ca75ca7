"""The account forms: signing up, a password reset sent by a worker, email
settings and API tokens."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from accounts.emails import PASSWORD_RESET
from accounts.tasks import queue_account_email
from core.forms import DomainErrorsMixin


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label="Email", help_text="Where deadline reminders and password resets go."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses this email address.")
        return email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the request only queues the user's id: the
    worker makes the link and sends it (accounts.emails)."""

    def save(self, *args: Any, **options: Any) -> None:
        # The view's options (domain, templates, token generator) are not
        # used: the worker builds the link from SITE_URL.
        for user in self.get_users(self.cleaned_data["email"]):
            queue_account_email(user_id=user.pk, email=PASSWORD_RESET)


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

"""The account forms: signing up, a password reset sent by a worker, email
settings and API tokens."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.db import transaction
from django.template import loader

from accounts.tasks import send_account_email


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label="Email", help_text="Where deadline reminders and password resets go."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses this email address.")
        return email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the message goes to a worker after commit."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: send_account_email.delay(subject=subject, body=body, to=to_email)
        )


class EmailPreferencesForm(forms.Form):
    due_emails = forms.BooleanField(
        label="Email me when a prediction I watch or follow reaches its deadline",
        required=False,
    )
    reminder_emails = forms.BooleanField(
        label="Remind me weekly, up to four times, while it stays unresolved",
        required=False,
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is it for?",
        max_length=100,
        required=False,
        help_text="A note for you, e.g. “research notebook”.",
    )

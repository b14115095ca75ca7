"""Signing up and the account page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from predictions.account_views import EmailPreferencesForm
from predictions.models import Follow, TagFollow, Watch
from predictions.services.preferences import email_preferences_of
from predictions.tasks import send_account_email


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


def signup(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.get_username()}. You can file claims now.")
        return redirect(next_url or "predictions:account")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@login_required
def account(request):
    new_claim = request.build_absolute_uri(reverse("predictions:new"))
    return render(
        request,
        "predictions/account.html",
        {
            "watches": Watch.objects.filter(user=request.user)
            .select_related("prediction")
            .order_by("prediction__resolves_on"),
            "follows": Follow.objects.filter(user=request.user)
            .select_related("person")
            .order_by("person__name"),
            "tag_follows": TagFollow.objects.filter(user=request.user)
            .select_related("tag")
            .order_by("tag__name"),
            "email_form": EmailPreferencesForm(
                initial=model_to_dict(
                    email_preferences_of(request.user), fields=["due_emails", "reminder_emails"]
                )
            ),
            "bookmarklet": bookmarklet(new_claim),
        },
    )


def bookmarklet(new_claim_url: str) -> str:
    """A javascript: link that opens the claim form prefilled with the page's
    address, title and selected text (the quote)."""
    return (
        "javascript:(()=>{const p=new URLSearchParams({url:location.href,title:document.title,"
        "selection:String(getSelection()).trim()});"
        f"window.location.href='{new_claim_url}?'+p;}})()"
    )

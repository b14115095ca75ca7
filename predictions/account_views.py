"""The account page's API tokens, made and revoked by their owner, and its
email settings."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from predictions.exceptions import InvalidInput
from predictions.models import ApiToken
from predictions.services.preferences import set_email_preferences
from predictions.services.tokens import create_api_token, revoke_api_token


class EmailPreferencesForm(forms.Form):
    due_emails = forms.BooleanField(
        label="Email me when a prediction I watch or follow reaches its deadline",
        required=False,
    )
    reminder_emails = forms.BooleanField(
        label="Remind me weekly, up to four times, while it stays unresolved",
        required=False,
    )


@login_required
@require_POST
def email_preferences(request):
    form = EmailPreferencesForm(request.POST)
    form.is_valid()  # two optional checkboxes: any POST is valid
    set_email_preferences(user=request.user, **form.cleaned_data)
    messages.success(request, "Your email settings are saved.")
    return redirect(f"{reverse('predictions:account')}#emails-heading")


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is it for?",
        max_length=100,
        required=False,
        help_text="A note for you, e.g. “research notebook”.",
    )


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = create_api_token(user=request.user, name=form.cleaned_data["name"])
        except InvalidInput as error:
            for field, problems in error.errors.items():
                form.add_error(field if field in form.fields else None, problems)
    if form.errors:
        status = 400
    # The key is shown in this response only: it is not stored, so it cannot be shown again.
    return render(
        request,
        "predictions/tokens.html",
        {
            "form": TokenForm() if new_key else form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token=token, user=request.user)
    messages.success(request, f"Revoked the token {token.prefix}…; it no longer works.")
    return redirect("predictions:tokens")

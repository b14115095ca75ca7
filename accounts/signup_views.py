"""Signing up and confirming the address: the form, the "check your inbox"
answer, the confirmation link's page and sending the link again."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import confirmation, services
from accounts.forms import SignupForm
from core import ratelimit
from core.errors import InvalidInput, NotPermitted
from predictions import rules


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ratelimit.attempt(
            ratelimit.SIGN_UP,
            ratelimit.ip_key(request),
            ratelimit.name_key("address", data["email"]),
        )
        try:
            services.sign_up(
                username=data["username"], email=data["email"], password=data["password1"]
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
        else:
            # The same answer whether the account was made or the address
            # had one already (that account got an email saying so).
            return render(request, "accounts/signup_done.html", {"email": data["email"]})
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    """GET shows the button, POST confirms: a link opened by a mail scanner
    or a preview changes nothing."""
    try:
        user = confirmation.user_for_token(token)
    except confirmation.InvalidConfirmation as error:
        return render(request, "accounts/confirm_invalid.html", {"problem": str(error)}, status=400)
    if request.method != "POST":
        return render(
            request,
            "accounts/confirm.html",
            {"account": user, "confirmed": rules.is_verified(user)},
        )
    if not services.confirm_email(user):
        # Confirmed before: the link signs in only once.
        messages.info(request, "This address was confirmed already.")
        return redirect("accounts:account" if request.user.is_authenticated else "login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        f"Thank you, {user.get_username()}: your address is confirmed. "
        "You can file claims, watch predictions and follow people now.",
    )
    return redirect("accounts:account")


@login_required
@require_POST
def send_confirmation_again(request):
    ratelimit.attempt(ratelimit.CONFIRMATION, ratelimit.account_key(request.user))
    try:
        sent = services.send_confirmation_again(request.user)
    except NotPermitted as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(
                request,
                f"We sent the link again to {request.user.email}. It works for three days.",
            )
        else:
            messages.info(request, "Your address is confirmed already.")
    return redirect("accounts:account")

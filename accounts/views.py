"""The account page, its email settings, its API tokens and closing it.
(Signing up and confirming the address: signup_views.py.)"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.forms import CloseAccountForm, EmailPreferencesForm, TokenForm
from accounts.models import ApiToken
from accounts.services import create_api_token, deactivate_user, revoke_api_token
from core.errors import InvalidInput
from core.limits import SUGGEST_TEXT
from feeds import services as feed_services
from feeds.links import url_of, webcal
from feeds.tokens import token_for
from predictions import rules
from predictions.models import Follow, TagFollow, Watch
from predictions.notifications.preferences import email_preferences_of, set_email_preferences


@login_required
def account(request, close_form: CloseAccountForm | None = None, status: int = 200):
    new_claim = request.build_absolute_uri(reverse("predictions:new"))
    from_article = request.build_absolute_uri(reverse("predictions:from-article"))
    return render(
        request,
        "accounts/account.html",
        {
            "close_form": close_form or CloseAccountForm(user=request.user),
            # Unconfirmed: the page leads with the way to confirm.
            "confirmed": rules.is_verified(request.user),
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
            "bookmarklet": bookmarklet(new_claim, from_article),
            "calendar": private_calendar(request.user),
        },
        status=status,
    )


def private_calendar(user) -> dict[str, str]:
    """The address of the calendar of everything ``user`` watches and follows."""
    url = url_of("feeds:my-deadlines", token_for(feed_services.calendar_key(user)))
    return {"url": url, "webcal": webcal(url)}


def bookmarklet(new_claim_url: str, from_article_url: str) -> str:
    """A javascript: link that opens Hindsight in a new tab, leaving the
    article where it was: the claim form, with the page's address, title and
    the selected text as the quote; or, with nothing selected, the article
    step with the page's text (its <article>, else its body). The text rides
    in the address's #fragment, which no request carries, so its length
    meets no server limit; the article step's script reads it into the form.
    The title goes as the page gives it, with its og:site_name, and the
    server takes the site's name off (reading.titles)."""
    return (
        "javascript:(()=>{const m=n=>(document.querySelector('meta[property=\"'+n+'\"]')||{})"
        ".content||'',s=String(getSelection()).trim(),p=new URLSearchParams({url:location.href,"
        "title:m('og:title')||document.title,site:m('og:site_name')});let u;"
        f"if(s){{p.set('selection',s);u='{new_claim_url}?'+p}}"
        "else{const a=document.querySelector('article')||document.body;"
        # Cut at the limit, but not between the halves of a character
        # (encodeURIComponent refuses half of one).
        f"u='{from_article_url}?'+p+'#text='+encodeURIComponent(a.innerText.slice(0,{SUGGEST_TEXT})"
        ".replace(/[\\uD800-\\uDBFF]$/,''))}"
        "const w=window.open(u,'_blank');if(w){w.opener=null}else{location.href=u}})()"
    )


@login_required
@require_POST
def email_preferences(request):
    form = EmailPreferencesForm(request.POST)
    form.is_valid()  # two optional checkboxes: any POST is valid
    set_email_preferences(user=request.user, **form.cleaned_data)
    messages.success(request, "Your email settings are saved.")
    return redirect(f"{reverse('accounts:account')}#emails-heading")


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in"],
            )
        except InvalidInput as error:
            form.add_service_errors(error.errors)
    if form.errors:
        status = 400
    # The key is shown in this response only: it is not stored, so it cannot be shown again.
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": TokenForm() if new_key else form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_api_token(token=token, user=request.user)
    messages.success(request, f"Revoked the token {token.prefix}…; it no longer works.")
    return redirect("accounts:tokens")


@login_required
@require_POST
def close_account(request):
    """Deactivates the account (it is never deleted: its history stays,
    shown as "deleted user #<id>") and signs out."""
    form = CloseAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return account(request, close_form=form, status=400)
    deactivate_user(request.user)
    logout(request)
    messages.success(request, "Your account is closed. Thank you for your part in the ledger.")
    return redirect("predictions:list")

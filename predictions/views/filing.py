"""Filing a claim through the web: the form, its confirmation step, and the
start-from-an-article step that prefills it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format

from core import limits, ratelimit
from core.errors import InvalidInput, NotPermitted
from predictions import rules, selectors, services
from predictions.forms.claim import ArticleForm, ClaimForm
from predictions.views import articles
from reading.hedges import phrase_occurs
from reading.suggest import suggest_claims
from reading.titles import without_site_name
from sources import services as source_services
from sources.models import Person
from sources.services import LookalikePeople

# Query parameters that prefill the form (the article step and the
# bookmarklet send these); "url", "title" and "selection" are aliases.
PREFILL = {"source_url": "url", "source_title": "title", "quote": "selection"}


def _prefill(query) -> dict:
    initial = {}
    for name in ClaimForm.base_fields:
        value = query.get(name) or query.get(PREFILL.get(name, ""), "")
        if value:
            initial[name] = value[:5000]
    if "source_title" in initial and "site" in query:
        # From the bookmarklet: the page's title, with the site's name to take off.
        initial["source_title"] = without_site_name(
            initial["source_title"], query.get("site", "")[:200]
        )
    return initial


def _article_prefill(query) -> dict:
    """The article step's address and title, as the bookmarklet sends them
    (its text comes in the fragment, for static/js/article-text.js)."""
    initial = {}
    url = query.get("url", "")[: limits.URL]
    if url.startswith(("https://", "http://")):
        initial["url"] = url
    if title := query.get("title", ""):
        if "site" in query:  # from the bookmarklet: take the site's name off
            title = without_site_name(title[:5000], query["site"][:200])
        initial["title"] = title[: limits.TITLE]
    return initial


@login_required
def new_claim(request):
    if not rules.can_file(request.user):
        # Not a bare 403: say what to do (the account page sends the link again).
        return render(
            request, "predictions/confirm_first.html", {"refusal": rules.UNCONFIRMED}, status=403
        )
    if request.method != "POST":
        initial = _prefill(request.GET)
        # "File another prediction from this quote": its speaker is the likely predictor.
        cited = selectors.citable_statement(initial.pop("statement", ""))
        if cited is not None:
            initial.update(statement=cited.pk)
            initial.setdefault("predictor", cited.speaker.name)
            initial.setdefault("predictor_slug", cited.speaker.slug)
        form = ClaimForm(initial=initial)
        return _render_form(request, form, hedge=request.GET.get("hedge", "")[:200])

    form = ClaimForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form)
    try:
        predictor = source_services.find_person(form.predictor_reference(), field="predictor")
    except LookalikePeople as lookalike:
        # Not an error: the filer says whom they meant, or that it is someone new.
        return _render_form(request, form, lookalikes=lookalike.candidates)
    except InvalidInput as error:
        form.add_service_errors(error.errors)
        return _render_form(request, form)
    similar = (
        []
        if form.cleaned_data.get("confirm_similar")
        else selectors.similar_claims(
            predictor=predictor, claim=form.cleaned_data["claim"], user=request.user
        )
    )
    if form.needs_confirmation or similar:
        # The filer sees what will be saved before it is: the date the words give
        # (the preview shows it when JavaScript runs) and any near-duplicate.
        data = request.POST.copy()
        data["confirm_deadline"] = form.cleaned_data["resolves_on"].isoformat()
        data["confirm_similar"] = "1"
        return _render_form(
            request,
            ClaimForm(data),
            similar=similar,
            confirming=form.cleaned_data if form.needs_confirmation else None,
        )
    ratelimit.attempt(ratelimit.FILING, *ratelimit.request_keys(request))
    try:
        prediction = services.file_claim(
            filed_by=request.user,
            **form.service_arguments(),
            source_text=articles.text_for(
                request, form.cleaned_data.get("article"), form.cleaned_data.get("source_url") or ""
            ),
        )
    except InvalidInput as error:
        form.add_service_errors(error.errors)
        return _render_form(request, form)
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    return _filed(request, prediction)


def _filed(request, prediction):
    """Where a filer goes next: to record the outcome of a claim whose
    deadline has passed already (filed after the fact), else to its page."""
    if prediction.status != prediction.Status.DUE:
        messages.success(request, "Filed. You are watching it: you will hear when it falls due.")
        return redirect(prediction)
    deadline = date_format(prediction.resolves_on, "j F Y")
    allowed = rules.actions_for(request.user, prediction)
    for action in ("resolve", "propose"):
        if action in allowed:
            messages.success(
                request,
                f"Filed. Its deadline, {deadline}, has passed already: if you know what "
                "happened, record the outcome now.",
            )
            return redirect("predictions:resolve", pk=prediction.pk)
    messages.success(
        request,
        f"Filed. Its deadline, {deadline}, has passed already: it is due for its outcome, "
        "which an editor can record once it is reviewed.",
    )
    return redirect(prediction)


def _cited(form: ClaimForm):
    """The quote the claim cites, if it cites one already in the ledger."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    if cleaned.get("statement") is not None:
        return cleaned["statement"]
    pk = form.data.get("statement") if form.is_bound else form.initial.get("statement")
    return selectors.citable_statement(pk) if pk else None


def _render_form(request, form, confirming=None, hedge="", similar=(), lookalikes=()):
    people = (
        Person.objects.filter(merged_into__isnull=True)
        .order_by("name")
        .values_list("name", "slug")[:1000]
    )
    status = 400 if form.is_bound and form.errors else 200
    words = articles.words_kept(request, form["article"].value())
    return render(
        request,
        "predictions/claim_form.html",
        {
            "form": form,
            "article": {"words": words} if words else None,
            "cited": _cited(form),
            "people": people,
            "confirming": confirming,
            "similar": similar,
            "lookalikes": lookalikes,
            "hedge": hedge or request.POST.get("hedge", "")[:200],
        },
        status=status,
    )


@login_required
def from_article(request):
    form = ArticleForm(request.POST or None, initial=_article_prefill(request.GET))
    suggestions = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = suggest_claims(data["text"], data["published_on"])
        published_on = data["published_on"] or found.said_on
        source = {
            "source_url": data.get("url") or "",
            "source_title": data.get("title") or "",
            "published_on": published_on.isoformat() if published_on else "",
            # The dateline's day when there is one: when the words were said.
            "said_on": found.said_on.isoformat() if found.said_on else "",
            "article": articles.keep(request, data["text"], data.get("url") or ""),
        }
        suggestions = {
            "said_on": found.said_on,
            "dateline": found.dateline,
            "quotes": [
                {
                    "item": q,
                    "link": _claim_link({**source, "quote": q.text, "predictor": q.speaker or ""}),
                }
                for q in found.quotes
            ],
            "predictions": [
                {
                    "item": p,
                    "link": _claim_link(
                        {
                            **source,
                            "quote": p.quote,
                            "quote_is_paraphrase": "1" if p.paraphrase else "",
                            "claim": p.claim,
                            "predictor": p.speaker or "",
                            "deadline": p.deadline.matched if p.deadline else "",
                            "hedge": _hedge_hint(p.hedge),
                            **_hedge_basis(p.hedge, p.sentence),
                        }
                    ),
                }
                for p in found.predictions
            ],
        }
    return render(
        request,
        "predictions/from_article.html",
        {"form": form, "suggestions": suggestions},
        status=400 if form.is_bound and form.errors else 200,
    )


def _hedge_hint(hedge) -> str:
    if hedge is None:
        return ""
    return (
        f"“{hedge.phrase}” reads as {hedge.icd203_term}: {hedge.low:.0%}–{hedge.high:.0%} "
        "on the ICD 203 scale"
    )


def _hedge_basis(hedge, sentence: str) -> dict:
    """Prefills "read from the speaker's words" with the words, for the filer
    to keep or change, when they are ICD 203's own estimative words in the
    quote. Words the table only maps ("may", "will", "perhaps") are too loose
    to be offered as the speaker's number; the hint still shows their range."""
    if hedge is None or hedge.mapped or not phrase_occurs(hedge.phrase, sentence):
        return {}
    return {"confidence_basis": "hedge", "confidence_hedge": hedge.phrase}


def _claim_link(params: dict) -> str:
    return reverse("predictions:new") + "?" + urlencode({k: v for k, v in params.items() if v})

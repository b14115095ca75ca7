from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format

from predictions import rules, selectors
from predictions.filters import PredictionPageFilter
from predictions.models import Prediction, PredictionEvent, Tag

PAGE_SIZE = 25


def home(request):
    return render(
        request,
        "predictions/home.html",
        {
            "due_now": selectors.due_now(),
            "coming_due": selectors.coming_due(),
            "recently_resolved": selectors.recently_resolved(),
            "overdue_people": selectors.most_overdue_people(),
            "today": timezone.localdate(),
        },
    )


def prediction_list(request):
    filters = PredictionPageFilter(request.GET or None, queryset=selectors.ledger_predictions())
    predictions = filters.qs if filters.is_bound else filters.queryset
    page = Paginator(predictions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "predictions/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
            **tag_following(request),
        },
        status=400 if filters.is_bound and filters.errors else 200,
    )


def tag_following(request) -> dict:
    """When the list is filtered by one tag: the tag, and whether the reader follows it."""
    slug = request.GET.get("tag", "").strip()
    tag = Tag.objects.filter(slug=slug).first() if slug and "\x00" not in slug else None
    if tag is None:
        return {}
    following = request.user.is_authenticated and tag.followers.filter(user=request.user).exists()
    return {"tag": tag, "following_tag": following}


def detail(request, pk: int):
    prediction = get_object_or_404(selectors.prediction_page(), pk=pk)
    days_left = None
    if prediction.status in (Prediction.Status.OPEN, Prediction.Status.DUE):
        days_left = (prediction.resolves_on - timezone.localdate()).days
    return render(
        request,
        "predictions/detail.html",
        {
            "prediction": prediction,
            "page_url": request.build_absolute_uri(prediction.get_absolute_url()),
            "timeline": [timeline_entry(event) for event in prediction.events.all()],
            "days_left": days_left,
            "days_over": -days_left if days_left is not None and days_left < 0 else None,
            "actions": rules.actions_for(request.user, prediction),
            "watching": selectors.is_watching(request.user, prediction),
        },
    )


# How an edited field is named on the timeline.
EDITED_FIELDS = {
    "claim": "Claim",
    "made_on": "Said on",
    "resolves_on": "Deadline",
    "deadline_text": "Deadline words",
    "confidence": "Confidence",
    "tags": "Tags",
    "status": "Status",
}


def timeline_entry(event: PredictionEvent) -> dict:
    """One line of a prediction's history: who did what, when, and what it meant.

    ``data`` is what the service recorded at the time; a key missing from an
    older event leaves its part of the line out rather than breaking the page.
    """
    data = event.data if isinstance(event.data, dict) else {}
    entry = {
        "event": event,
        "actor": event.actor.get_username() if event.actor else "Hindsight",
    }
    Kind = PredictionEvent.Kind
    if event.kind == Kind.RESOLVED:
        outcome = data.get("outcome", "")
        entry["outcome"] = outcome
        entry["outcome_label"] = _label(Prediction.Outcome, outcome)
        entry["note"] = data.get("note", "")
        entry["evidence_url"] = data.get("evidence_url", "")
    elif event.kind in (Kind.REOPENED, Kind.WITHDRAWN):
        entry["reason"] = data.get("reason", "")
        if event.kind == Kind.REOPENED and data.get("status"):
            entry["now"] = _label(Prediction.Status, data["status"])
    elif event.kind == Kind.EDITED:
        entry["changes"] = [
            {
                "field": EDITED_FIELDS.get(name, name),
                "old": _shown(name, old),
                "new": _shown(name, new),
            }
            for name, (old, new) in (data.get("changes") or {}).items()
        ]
    elif event.kind == Kind.BECAME_DUE and data.get("resolves_on"):
        entry["deadline"] = _shown("resolves_on", data["resolves_on"])
    return entry


def _label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


def _shown(name: str, value) -> str:
    if value is None or value in ("", []):
        return "none"
    if name in ("made_on", "resolves_on") and isinstance(value, str):
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        return date_format(day, "j F Y") if day else value
    if name == "confidence" and isinstance(value, int | float):
        return f"{value:.0%}"
    if name == "tags" and isinstance(value, list):
        return ", ".join(str(tag) for tag in value)
    if name == "status":
        return _label(Prediction.Status, value)
    return str(value)

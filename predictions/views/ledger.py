from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from core.counting import BoundedCount, count_up_to, counted_page
from core.display import account_name
from core.page_cache import cached_for_readers
from predictions import filters, rules, selectors
from predictions.filters import PredictionPageFilter
from predictions.models import Prediction, PredictionEvent, Tag
from predictions.views import dispute_panel
from predictions.views.conditional import conditional_for_readers
from predictions.views.filter_form import active_filters, filter_fields
from predictions.views.paging import KeysetListMixin

PAGE_SIZE = 25
# The list's filters but the search, which stays in sight: behind a
# "Filters" disclosure on a phone, each in force shown as a chip (but the
# order, which is no filter).
FILTER_NAMES = tuple(name for name in PredictionPageFilter.Meta.fields if name != "q")
CHIP_NAMES = tuple(name for name in FILTER_NAMES if name != "sort")
# How long the home page's sections stay cached at most, if no event ends
# them first (predictions.selectors.home). Not at all without Redis: each
# process's own cache would miss the writes of the others.
SECTIONS_SECONDS = 3600


class HomeView(TemplateView):
    template_name = "predictions/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            due_now=selectors.due_now(),
            coming_due=selectors.coming_due(),
            recently_resolved=selectors.recently_resolved(),
            overdue_people=selectors.most_overdue_people(),
            # Called by the template only when the sections are rendered.
            scoreboard=selectors.scoreboard,
            # The sections are lazy querysets: while the cached sections
            # last (this stamp), none of them is read.
            sections_stamp=selectors.sections_stamp(),
            sections_seconds=SECTIONS_SECONDS if settings.REDIS_URL else 0,
            today=timezone.localdate(),
            **kwargs,
        )


class PredictionListView(KeysetListMixin, FilterView):
    """Every prediction, filtered and sorted by the query string, a page at a
    time by cursor (predictions.views.paging). A filter that cannot be read is
    marked on the form and left out (strict = False): the rest still apply,
    and the page answers 400."""

    filterset_class = PredictionPageFilter
    strict = False
    paginate_by = PAGE_SIZE
    template_name = "predictions/list.html"

    def get_queryset(self):
        return selectors.list_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            matching=self.matching(context["page_obj"]),
            too_many_to_rank=self.filterset.matching is not None and not self.filterset.ranked,
            filtered=any(v for k, v in self.request.GET.items() if k not in {"cursor", "sort"}),
            search_field=filter_fields(self.filterset.form, ("q",)),
            filter_fields=filter_fields(self.filterset.form, FILTER_NAMES),
            active_filters=active_filters(self.filterset.form, self.request.GET, CHIP_NAMES),
            # What the tag field offers (the person field's are fetched as
            # a name is typed: static/js/name-suggestions.js).
            tag_names=selectors.public_tag_names(),
            export_query=export_query(self.request.GET),
            **tag_following(self.request),
        )
        return context

    def matching(self, page) -> BoundedCount:
        """How many predictions pass the filters, as far as the page says
        (the filters counted already when the count chose a search's order)."""
        alone = counted_page(
            page.object_list, first=not page.has_previous(), last=not page.has_next()
        )
        return (
            self.filterset.matching
            or alone
            or count_up_to(self.object_list, filters.MATCH_COUNT_LIMIT)
        )

    def render_to_response(self, context, **kwargs):
        if self.filterset.is_bound and self.filterset.errors:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


def export_query(query) -> str:
    """The list's filters as the start of an export's query ("tag=energy&"):
    a file of what the list shows, in whatever order and page."""
    kept = query.copy()
    for name in ("cursor", "sort", "page", "format"):
        kept.pop(name, None)
    return kept.urlencode() + "&" if kept else ""


def tag_following(request) -> dict:
    """When the list is filtered by one tag: the tag, and whether the reader follows it."""
    tag = Tag.named(request.GET.get("tag", ""))
    if tag is None:
        return {}
    following = request.user.is_authenticated and tag.followers.filter(user=request.user).exists()
    return {"tag": tag, "following_tag": following, "tag_label": f" tagged “{tag.name}”"}


class PredictionDetailView(DetailView):
    template_name = "predictions/detail.html"
    context_object_name = "prediction"
    # The posted form (with its errors) the dispute views show the page again with.
    dispute_forms: dict | None = None

    def get_queryset(self):
        # A claim awaiting review is a 404 to everyone but its filer and the editors.
        return selectors.prediction_page(self.request.user)

    def get_context_data(self, **kwargs):
        prediction = self.object
        user = self.request.user
        days_left = None
        if prediction.status in (Prediction.Status.OPEN, Prediction.Status.DUE):
            days_left = (prediction.resolves_on - timezone.localdate()).days
        actions = rules.actions_for(user, prediction)
        events = list(prediction.events.all())
        proposers = selectors.proposers_named_in(events)
        return super().get_context_data(
            page_url=self.request.build_absolute_uri(prediction.get_absolute_url()),
            card_url=self.request.build_absolute_uri(
                reverse("predictions:card", args=[prediction.pk])
            ),
            timeline=[timeline_entry(event, proposers) for event in events],
            # The latest event's hash vouches for the whole history (predictions.history).
            chain_head=events[-1].hash if events else "",
            days_left=days_left,
            days_over=-days_left if days_left is not None and days_left < 0 else None,
            # What watching still brings: an email when it falls due, then reminders.
            unsettled=(Prediction.Status.OPEN, Prediction.Status.DUE),
            actions=actions,
            watching=selectors.is_watching(user, prediction),
            # What else the quote's source reports, and where that was said.
            alongside=(
                selectors.reported_alongside(prediction.statement) if prediction.statement else []
            ),
            **dispute_panel.panel(user, prediction, actions, **(self.dispute_forms or {})),
            **kwargs,
        )


# Kept whole for signed-out readers until the ledger changes (core.page_cache).
home = cached_for_readers(HomeView.as_view())
prediction_list = cached_for_readers(PredictionListView.as_view())
# ETag and 304 for signed-out readers (predictions/views/conditional.py).
detail = conditional_for_readers(PredictionDetailView.as_view())


# How an edited field is named on the timeline.
EDITED_FIELDS = {
    "claim": "Claim",
    "made_on": "Said on",
    "resolves_on": "Deadline",
    "deadline_text": "Deadline words",
    "confidence": "Confidence",
    "confidence_basis": "Whose number",
    "confidence_hedge": "Read from the words",
    "tags": "Tags",
    "status": "Status",
    "predictor": "Who said it",
}


def proposer_name(proposal: dict, proposers: dict) -> str:
    """Who made a proposal: by account id (kept through a closed account as
    "deleted user #id"), or by the name older events recorded."""
    proposer = proposers.get(proposal.get("proposed_by_id"))
    if proposer is not None:
        return account_name(proposer) or "a reader"
    return proposal.get("proposed_by") or "a reader"


def timeline_entry(event: PredictionEvent, proposers: dict | None = None) -> dict:
    """One line of a prediction's history: who did what, when, and what it meant.

    ``data`` is what the service recorded at the time; a key missing from an
    older event leaves its part of the line out rather than breaking the page.
    ``proposers`` are the accounts the events' proposals name, by id.
    """
    data = event.data if isinstance(event.data, dict) else {}
    entry = {
        "event": event,
        "actor": account_name(event.actor) or "Hindsight",
    }
    Kind = PredictionEvent.Kind
    if event.kind in (Kind.RESOLVED, Kind.PROPOSED):
        outcome = data.get("outcome", "")
        entry["outcome"] = outcome
        entry["outcome_label"] = _label(Prediction.Outcome, outcome)
        entry["note"] = data.get("note", "")
        entry["evidence_url"] = data.get("evidence_url", "")
        entry["self_judged"] = bool(data.get("self_judged"))
        confirmed = data.get("confirmed_proposal")
        if isinstance(confirmed, dict):
            entry["proposed_by"] = proposer_name(confirmed, proposers or {})
    elif event.kind == Kind.PROPOSAL_DECLINED:
        entry["reason"] = data.get("reason", "")
        proposal = data.get("proposal")
        if isinstance(proposal, dict):
            entry["outcome_label"] = _label(Prediction.Outcome, proposal.get("outcome", ""))
    elif event.kind in (
        Kind.REOPENED,
        Kind.WITHDRAWN,
        Kind.APPROVED,
        Kind.REJECTED,
        Kind.DISPUTED,
        Kind.DISPUTE_UPHELD,
        Kind.DISPUTE_DISMISSED,
    ):
        entry["reason"] = data.get("reason", "")
        if event.kind == Kind.REOPENED and data.get("status"):
            entry["now"] = _label(Prediction.Status, data["status"])
    elif event.kind == Kind.EDITED:
        entry["reason"] = data.get("reason", "")
        entry["changes"] = [
            {
                "field": EDITED_FIELDS.get(name, name),
                "old": _shown(name, old),
                "new": _shown(name, new),
            }
            for name, (old, new) in (data.get("changes") or {}).items()
        ]
    elif event.kind in (Kind.DISPUTED, Kind.DISPUTE_UPHELD, Kind.DISPUTE_DISMISSED):
        # The dispute itself, with its number, is listed in the page's disputes.
        entry["reason"] = data.get("reason", "")
    elif event.kind in (Kind.QUOTE_CORRECTED, Kind.PERSON_RENAMED):
        entry["corrected"] = {"old": str(data.get("old", "")), "new": str(data.get("new", ""))}
        entry["reason"] = data.get("reason", "")
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
    if name == "confidence_basis":
        return _label(Prediction.ConfidenceBasis, value)
    return str(value)

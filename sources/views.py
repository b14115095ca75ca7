"""People and sources pages: who said what, where, and how it turned out."""

import hashlib
from urllib.parse import urlsplit

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from predictions import records, services
from predictions.charts import calibration_svg, outcome_strip_svg
from predictions.following_views import change_subscription
from predictions.models import Prediction
from predictions.scoring import accuracy_in_words
from sources import selectors
from sources.highlight import highlight_quotes
from sources.models import Person

PEOPLE_PER_PAGE = 50
PREDICTIONS_PER_PAGE = 25
STATEMENTS_PER_PAGE = 25
SOURCES_PER_PAGE = 50
SEARCH_MAX_LENGTH = 200

PREDICTION_SORT_CHOICES = [
    ("deadline", "Deadline, soonest first"),
    ("-deadline", "Deadline, latest first"),
    ("made", "Made, newest first"),
]


def _search(query) -> str:
    return query.get("q", "").strip()[:SEARCH_MAX_LENGTH]


def _choice(query, name: str, values, default: str = "") -> str:
    """The parameter's value when it is one of ``values``; ``default`` otherwise,
    so a mistyped link shows everything rather than an error."""
    value = query.get(name, "")
    return value if value in values else default


def _web_url(url: str) -> str:
    """``url`` when it is safe to link to (http or https); empty otherwise."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


def counts_in_words(person: Person) -> str:
    """E.g. "12 predictions: 5 open, 2 overdue, 5 resolved" (from the
    annotations of selectors.people_with_counts)."""
    total = person.prediction_count
    if not total:
        return "No predictions yet"
    words = (
        f"{total} prediction{'s' if total != 1 else ''}: {person.open_count} open, "
        f"{person.overdue_count} overdue, {person.resolved_count} resolved"
    )
    if person.withdrawn_count:
        words += f", {person.withdrawn_count} withdrawn"
    return words


def people(request):
    q = _search(request.GET)
    kind = _choice(request.GET, "kind", Person.Kind.values)
    sort = _choice(request.GET, "sort", records.RANKINGS)
    everyone = selectors.people_with_counts(q=q, kind=kind)
    context = {
        "q": q,
        "kind": kind,
        "kinds": Person.Kind.choices,
        "sort": sort,
        "rankings": [(value, label) for value, (label, _) in records.RANKINGS.items()],
    }
    if sort:
        # The leaderboard: every matching person's record in one query, ranked.
        minimum = _minimum(request.GET)
        ranked, unranked = records.leaderboard(everyone, sort=sort, minimum=minimum)
        page = Paginator(ranked, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            minimum=minimum,
            unranked=unranked,
            uses_minimum=records.RANKINGS[sort][1],
            first_rank=page.start_index(),
        )
    else:
        context["page"] = Paginator(everyone, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sources/people.html", context)


def _minimum(query) -> int:
    try:
        return max(1, min(int(query.get("min", "")), 1000))
    except ValueError:
        return records.DEFAULT_MINIMUM


def person(request, slug: str):
    person = get_object_or_404(selectors.people_with_counts(), slug=slug)
    status = _choice(request.GET, "status", Prediction.Status.values)
    tag = request.GET.get("tag", "")[:50]
    sort = _choice(
        request.GET, "sort", selectors.PREDICTION_SORTS, selectors.DEFAULT_PREDICTION_SORT
    )
    predictions = selectors.person_predictions(person, status=status, tag=tag, sort=sort)
    statements = selectors.person_statements(person)
    following = selectors.is_following(request.user, person)
    record = records.person_record(person)
    return render(
        request,
        "sources/person.html",
        {
            "person": person,
            "counts": counts_in_words(person),
            "website": _web_url(person.url),
            "following": following,
            "page": Paginator(predictions, PREDICTIONS_PER_PAGE).get_page(request.GET.get("page")),
            "statements": Paginator(statements, STATEMENTS_PER_PAGE).get_page(
                request.GET.get("statements_page")
            ),
            "status": status,
            "statuses": Prediction.Status.choices,
            "tag": tag,
            "tags": selectors.person_tags(person),
            "sort": sort,
            "sorts": PREDICTION_SORT_CHOICES,
            "filtered": bool(status or tag),
            "record": record,
            "record_words": accuracy_in_words(record),
            "calibration_svg": calibration_svg(
                record.calibration, title=f"How well {person.name}'s confidence matched outcomes"
            ),
            "outcome_svg": outcome_strip_svg(
                selectors.resolved_outcomes(person),
                title=f"{person.name}'s resolved predictions over time",
            ),
            "overdue": selectors.overdue_predictions(person),
        },
    )


@require_POST
def follow(request, slug: str):
    person = get_object_or_404(Person, slug=slug)
    return change_subscription(
        request,
        back=reverse("sources:person", args=[person.slug]),
        change=lambda user: services.follow(user=user, person=person),
        done=f"You follow {person.name}: you will hear when their predictions fall due.",
    )


@require_POST
def unfollow(request, slug: str):
    person = get_object_or_404(Person, slug=slug)
    return change_subscription(
        request,
        back=reverse("sources:person", args=[person.slug]),
        change=lambda user: services.unfollow(user=user, person=person),
        done=f"You no longer follow {person.name}.",
    )


def sources(request):
    q = _search(request.GET)
    page = Paginator(selectors.sources_with_counts(q=q), SOURCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "sources/sources.html", {"page": page, "q": q})


def source(request, pk: int):
    source = get_object_or_404(selectors.sources_with_counts(), pk=pk)
    statements = list(selectors.source_statements(source))
    computed_sha256 = hashlib.sha256(source.text.encode()).hexdigest() if source.text else ""
    return render(
        request,
        "sources/source.html",
        {
            "source": source,
            "url": _web_url(source.url),
            "archive_url": _web_url(source.archive_url),
            "text": highlight_quotes(source.text, [s.text for s in statements]),
            "sha256": source.text_sha256 or computed_sha256,
            # The stored hash is of the text as captured; a different one now
            # means the text was edited since.
            "text_changed": bool(source.text_sha256) and source.text_sha256 != computed_sha256,
            "statements": statements,
            "predictions": selectors.source_predictions(source),
        },
    )

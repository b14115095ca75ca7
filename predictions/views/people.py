"""The people pages: the list or leaderboard, and one person's record."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from predictions import records, selectors, sorting
from predictions.models import Prediction
from predictions.records.charts import calibration_chart, outcome_strip
from predictions.records.scoring import accuracy_in_words
from predictions.views.params import choice, search_text, web_url
from sources.models import Person

PEOPLE_PER_PAGE = 50
PREDICTIONS_PER_PAGE = 25
STATEMENTS_PER_PAGE = 25


def counts_in_words(person: Person) -> str:
    """E.g. "12 predictions: 5 open, 2 overdue, 5 resolved" (from the
    annotations of selectors.people_with_counts). Withdrawn predictions do not
    count, as in the track record; they are named after the others."""
    total, withdrawn = person.prediction_count, person.withdrawn_count
    if not total and not withdrawn:
        return "No predictions yet"
    words = (
        f"{total} prediction{'s' if total != 1 else ''}: {person.open_count} open, "
        f"{person.overdue_count} overdue, {person.resolved_count} resolved"
    )
    if withdrawn:
        words += f"; {withdrawn} withdrawn, not counted"
    return words


def people(request):
    q = search_text(request.GET)
    kind = choice(request.GET, "kind", Person.Kind.values)
    sort = choice(request.GET, "sort", records.RANKINGS)
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
        ranked, unranked = records.ranking(everyone, sort=sort, minimum=minimum)
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
    return render(request, "predictions/people.html", context)


def _minimum(query) -> int:
    try:
        return max(1, min(int(query.get("min", "")), 1000))
    except ValueError:
        return records.DEFAULT_MINIMUM


def person(request, slug: str):
    person = get_object_or_404(selectors.people_with_counts(), slug=slug)
    status = choice(request.GET, "status", Prediction.Status.values)
    tag = request.GET.get("tag", "")[:50]
    sort = choice(request.GET, "sort", sorting.SORTS, sorting.DEFAULT_SORT)
    predictions = selectors.person_predictions(person, status=status, tag=tag, sort=sort)
    statements = selectors.person_statements(person)
    following = selectors.is_following(request.user, person)
    record = records.person_record(person)
    return render(
        request,
        "predictions/person.html",
        {
            "person": person,
            "counts": counts_in_words(person),
            # The list shows withdrawn predictions too: "4 of 10 match" counts them.
            "listed": person.prediction_count + person.withdrawn_count,
            "website": web_url(person.url),
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
            "sorts": sorting.choices(),
            "filtered": bool(status or tag),
            "record": record,
            "record_words": accuracy_in_words(record),
            "calibration_chart": calibration_chart(
                record.calibration, title=f"How well {person.name}'s confidence matched outcomes"
            ),
            "outcome_chart": outcome_strip(
                selectors.resolved_outcomes(person),
                title=f"{person.name}'s resolved predictions over time",
            ),
            "overdue": selectors.overdue_predictions(person),
        },
    )

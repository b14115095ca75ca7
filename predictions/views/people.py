"""The people pages: the list or leaderboard, and one person's record."""

import hashlib
from dataclasses import dataclass, replace
from typing import Protocol

from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from core.keyset import BadCursor
from core.page_cache import cached_for_readers
from predictions import records, rules, selectors, sorting
from predictions.forms.people import LinkRequestForm, MergeForm
from predictions.models import Prediction
from predictions.records.charts import (
    CHART_MINIMUM,
    calibrated_count,
    calibration_chart,
    outcome_strip,
)
from predictions.records.scoring import accuracy_in_words
from predictions.views.paging import bad_cursor, cursor_page, without_numbered_pages
from predictions.views.params import choice, search_text, web_url
from sources.models import Person

PEOPLE_PER_PAGE = 50
PREDICTIONS_PER_PAGE = 25
STATEMENTS_PER_PAGE = 25


class CountedPerson(Protocol):
    """A person as selectors.people_with_counts annotates them."""

    prediction_count: int
    withdrawn_count: int
    open_count: int
    overdue_count: int
    resolved_count: int


def counts_in_words(person: CountedPerson) -> str:
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


@dataclass(frozen=True)
class PeoplePage:
    """One page of people: its rows and whether there are pages either side.
    Read as LIMIT per_page + 1 in index order, never counting the rest."""

    number: int
    object_list: list
    has_previous: bool
    has_next: bool
    per_page: int
    num_pages: int

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(query) -> int:
    try:
        return max(1, min(int(query.get("page", "")), 100_000))
    except ValueError:
        return 1


class PeopleView(TemplateView):
    """Everyone alphabetically with their counts, or, with ``sort``, the
    leaderboard: the people's totals rows in the order of an index, a page at
    a time."""

    template_name = "predictions/people.html"
    per_page = PEOPLE_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.q = search_text(request.GET)
        self.kind = choice(request.GET, "kind", Person.Kind.values)
        self.sort = choice(request.GET, "sort", records.RANKINGS)
        self.minimum = _minimum(request.GET)
        return super().get(request, *args, **kwargs)

    def _page(self, people, count: int) -> PeoplePage:
        # A page past the end shows the last one, as the counted pages did.
        num_pages = max(1, -(-count // self.per_page))
        number = min(_page_number(self.request.GET), num_pages)
        start = (number - 1) * self.per_page
        rows = list(people[start : start + self.per_page + 1])
        return PeoplePage(
            number=number,
            object_list=rows[: self.per_page],
            has_previous=number > 1,
            has_next=len(rows) > self.per_page,
            per_page=self.per_page,
            num_pages=num_pages,
        )

    def get_context_data(self, **kwargs):
        everyone = selectors.listed_totals(q=self.q, kind=self.kind)
        # The numbers shown above the list are cached a little while (what
        # selects the people is the key): counting reads every person's row.
        key = hashlib.sha256(f"{self.q}\n{self.kind}".encode()).hexdigest()[:32]
        sort = self.sort or "name"
        ranked, unranked = records.ranked_counts(everyone, sort=sort, minimum=self.minimum, key=key)
        if self.sort:
            ranking = records.ranked_people(everyone, sort=self.sort, minimum=self.minimum)
            page = self._page(ranking, ranked)
            page = replace(page, object_list=records.with_records(page.object_list))
        else:
            page = self._page(selectors.by_name(everyone), ranked)
            page = replace(page, object_list=selectors.counted_people(page.object_list))
        context = super().get_context_data(
            q=self.q,
            kind=self.kind,
            kinds=Person.Kind.choices,
            sort=self.sort,
            minimum=self.minimum,
            rankings=[(value, ranking.label) for value, ranking in records.RANKINGS.items()],
            page_obj=page,
            count=ranked,
            **kwargs,
        )
        if self.sort:
            chosen = records.RANKINGS[self.sort]
            context.update(
                unranked=unranked,
                uses_minimum=chosen.uses_minimum,
                ranked_how=chosen.how.format(
                    minimum=self.minimum, s="" if self.minimum == 1 else "s"
                ),
                ranking_label=chosen.label,
                first_rank=page.start_index,
            )
            if chosen.uses_minimum and self.minimum > 1 and page.number == 1:
                # Who the minimum leaves out, beside the table, not in it.
                below = records.below_minimum(everyone, minimum=self.minimum)
                context["below_minimum"] = records.with_records(below)
        return context


def _minimum(query) -> int:
    try:
        return max(1, min(int(query.get("min", "")), 1000))
    except ValueError:
        return records.DEFAULT_MINIMUM


# Before the pages shared one table of orders, this page's `sort=made` meant
# newest said first (the predictions list's means oldest first); its links
# keep their meaning, and it does not offer oldest first under that name.
PERSON_PAGE_SORTS = {"made": "-made"}


class PersonView(DetailView):
    """One person: who they are, their track record, their predictions
    (filtered, sorted, paginated) and what they said (paginated on its own)."""

    template_name = "predictions/person.html"
    context_object_name = "person"

    # The query parameters that carry the cursors of the two lists, and the
    # page numbers that did before (core.keyset; predictions.views.paging).
    cursors = ("cursor", "statements_cursor")

    def get(self, request, *args, **kwargs):
        if moved := without_numbered_pages(request, "page", "statements_page"):
            return moved
        try:
            return super().get(request, *args, **kwargs)
        except BadCursor as error:
            return bad_cursor(request, error, *self.cursors)
        except Http404:
            # A merged person's address leads, for good, to whom they were merged into.
            target = selectors.merged_target(kwargs["slug"])
            if target is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            url = reverse("predictions:person", args=[target.slug])
            return redirect(f"{url}?{query}" if query else url, permanent=True)

    def get_queryset(self):
        return selectors.people_with_counts(listed=False).select_related("account")

    def _editing_context(self, person) -> dict:
        """What the signed-in see of keeping this record: editors a merge
        form; a verified account with no person yet, "this is me"."""
        user = self.request.user
        if not user.is_authenticated:
            return {}
        context: dict = {"is_editor": rules.is_editor(user)}
        if context["is_editor"]:
            context["merge_form"] = MergeForm()
        if person.account_id is None and rules.is_verified(user):
            standing = selectors.link_standing(user, person)
            context["link_standing"] = standing
            context["may_ask_link"] = (
                standing is not None and not standing.has_person and standing.state != "pending"
            )
            context["form"] = LinkRequestForm()
        return context

    def _statements(self, person):
        """A page of what the person said, less what a public list leaves out."""
        page = cursor_page(
            self.request,
            selectors.person_statements(person),
            STATEMENTS_PER_PAGE,
            param="statements_cursor",
        )
        page.found.object_list = selectors.shown_statements(page.object_list)
        return page

    def _badge_html(self, person: Person) -> str:
        """The HTML that shows ``person``'s badge on another site, linked here."""
        build = self.request.build_absolute_uri
        return format_html(
            '<a href="{}"><img src="{}" alt="{}"></a>',
            build(reverse("predictions:person", args=[person.slug])),
            build(reverse("predictions:person-badge", args=[person.slug])),
            f"{person.name}'s record on Hindsight",
        )

    def get_context_data(self, **kwargs):
        person, query = self.object, self.request.GET
        status = choice(query, "status", Prediction.Status.values)
        tag = query.get("tag", "")[:50]
        requested = query.get("sort", "")
        sort = PERSON_PAGE_SORTS.get(requested) or choice(
            query, "sort", sorting.SORTS, sorting.DEFAULT_SORT
        )
        predictions = selectors.person_predictions(person, status=status, tag=tag, sort=sort)
        record = records.person_record(person)
        return super().get_context_data(
            counts=counts_in_words(person),
            # The list shows withdrawn predictions too: "4 of 10 match" counts them.
            listed=person.prediction_count + person.withdrawn_count,
            website=web_url(person.url),
            following=selectors.is_following(self.request.user, person),
            page=cursor_page(self.request, predictions, PREDICTIONS_PER_PAGE),
            statements=self._statements(person),
            status=status,
            statuses=Prediction.Status.choices,
            tag=tag,
            tags=selectors.person_tags(person),
            sort=sort,
            sorts=[pair for pair in sorting.choices() if pair[0] not in PERSON_PAGE_SORTS],
            filtered=bool(status or tag),
            record=record,
            record_words=accuracy_in_words(record),
            badge_html=self._badge_html(person),
            calibrated=calibrated_count(record.calibration),
            chart_minimum=CHART_MINIMUM,
            score_minimum=records.SCORE_MINIMUM,
            by_person=f" by {person.name}",
            card_url=self.request.build_absolute_uri(
                reverse("predictions:person-card", args=[person.slug])
            ),
            calibration_chart=calibration_chart(
                record.calibration, title=f"How well {person.name}'s confidence matched outcomes"
            ),
            outcome_chart=outcome_strip(
                selectors.resolved_outcomes(person),
                title=f"{person.name}'s resolved predictions over time",
            ),
            overdue=selectors.overdue_predictions(person),
            **self._editing_context(person),
            **kwargs,
        )


people = cached_for_readers(PeopleView.as_view())


@cached_for_readers
@require_GET
def suggest_people(request):
    """The people a name field offers as ``q`` is typed: JSON for
    static/js/name-suggestions.js, the most prolific first."""
    q = request.GET.get("q", "")[:100]
    people = selectors.suggested_people(q)
    return JsonResponse({"people": [{"name": name, "slug": slug} for name, slug in people]})


person = PersonView.as_view()

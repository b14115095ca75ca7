"""A reader opens the ledger: the home page's due, coming and resolved lists;
every prediction with who made it, its deadline and how it turned out, with
filters kept in the URL; one prediction's page shows the words said and its
history. Each page costs the same few queries however long the ledger."""

import datetime as dt

import pytest
from django.utils import timezone

from predictions.demo import EXAMPLES, SEED_EVIDENCE, SEED_RESOLUTION, load_demo
from predictions.models import Prediction, Tag
from sources.models import Source
from tests.support.factories import PredictionFactory, StatementFactory
from tests.support.html import claim_of, page, text_of

pytestmark = pytest.mark.django_db

SEED_CLAIM = "OpenAI open-sources one of its models"
SEED_QUOTE = "OpenAI may move towards open sourcing its models within the next month"


def ledger(response) -> list[dict]:
    """The rows of the predictions page's table, by column: Claim, Who, Said
    on, Deadline, Status, and the claim's link; none when it says so."""
    seen = page(response)
    if "No prediction matches." in seen.text:
        return []
    return seen.table("Predictions matching the filters")


def claims(response) -> set[str]:
    """The claims listed, without the quote shown under each."""
    return {claim_of(row["Claim"]) for row in ledger(response)}


@pytest.fixture
def demo(frozen_now):
    load_demo()
    return Prediction.objects.get(claim=SEED_CLAIM)


def test_the_predictions_page_lists_the_demo_ledger(client, demo):
    response = client.get("/predictions/", {"sort": "deadline"})

    rows = ledger(response)
    by_claim = {claim_of(row["Claim"]): row for row in rows}
    assert len(by_claim) == Prediction.objects.count() == 1 + len(EXAMPLES)
    seed = by_claim[SEED_CLAIM]
    assert seed == {
        # The commentator's words are the article's paraphrase, not a quote.
        "Claim": f"{SEED_CLAIM} Paraphrased: {SEED_QUOTE}",
        "Who": "The article's commentator",
        "Said on": "1 February 2025",
        "Deadline": "1 March 2025 (“within the next month”)",
        "Status": "Wrong",
        "link": demo.get_absolute_url(),
    }
    statuses = {claim: row["Status"] for claim, row in by_claim.items()}
    assert (
        statuses.items()
        >= {
            SEED_CLAIM: "Wrong",
            "Example: the city of Riverton opens its second tram line": "Open",
            "Example: a four-day working week becomes law in Northland": "Open",
            "Example: the Riverton bridge reopens to traffic": "Due",
            "Example: average rents in Riverton fall by 5%": "Right",
            "Example: Northland's central bank cuts rates twice": "Partly right",
            "Example: Riverton hosts the regional games": "Wrong",
        }.items()
    )
    deadlines = [
        Prediction.objects.get(pk=int(row["link"].strip("/").rsplit("/", 1)[1])).resolves_on
        for row in rows
    ]
    assert deadlines == sorted(deadlines)


@pytest.mark.parametrize(
    ("params", "listed"),
    [
        (
            {"status": "due"},
            {
                "Example: the Riverton bridge reopens to traffic",
                "Example: Riverton's harbour tunnel is finished",
            },
        ),
        (
            {"outcome": "partly_right"},
            {
                "Example: Northland's central bank cuts rates twice",
                "Example: Riverton bans cars from its old town",
            },
        ),
        ({"q": "sourcing"}, {SEED_CLAIM}),
        ({"person": "nobody-of-that-name"}, set()),
        ({"person": "openai-wrong-side-of-history-commentator"}, {SEED_CLAIM}),
        # A name as typed: case, the apostrophe and hyphens aside.
        ({"person": "THE articles Commentator"}, {SEED_CLAIM}),
        ({"person": "the-articles-commentator"}, {SEED_CLAIM}),
        ({"tag": "openai"}, {SEED_CLAIM}),
        ({"tag": "OpenAI"}, {SEED_CLAIM}),
        ({"due_before": "2025-03-31"}, {SEED_CLAIM}),
    ],
)
def test_filters_narrow_the_list_and_stay_in_the_url(client, demo, params, listed):
    response = client.get("/predictions/", params)

    assert claims(response) == listed
    html = response.content.decode()
    for value in params.values():
        assert f'value="{value}"' in html or f'<option value="{value}" selected>' in html


def test_an_unreadable_filter_is_shown_not_a_crash(client, demo):
    response = client.get("/predictions/", {"status": "pending", "due_before": "soon"})

    assert response.status_code == 400
    assert set(response.context["filter"].errors) == {"status", "due_before"}
    assert "Some filters could not be read" in response.content.decode()


def test_pages_keep_the_filters(client, frozen_now):
    ledger_of(30)
    response = client.get("/predictions/", {"tag": "politics", "sort": "-deadline"})

    first = page(response)
    assert len(first.rows) == 25
    assert set(first.pagination) == {"next"}
    assert first.pagination["next"].startswith("?tag=politics&sort=-deadline&cursor=")
    second = page(client.get("/predictions/" + first.pagination["next"]))
    assert len(second.rows) == 5
    assert set(second.pagination) == {"prev"}
    assert second.pagination["prev"].startswith("?tag=politics&sort=-deadline&cursor=")


def test_home_shows_what_is_due_resolved_and_who_is_overdue(client, demo):
    response = client.get("/")

    html = response.content.decode()
    listed = [claim_of(row["cells"][0]) for row in page(response).rows]
    assert "Example: the Riverton bridge reopens to traffic" in listed  # due now
    latest = Prediction.objects.filter(status="resolved").order_by("-resolved_at", "-id")[0]
    assert latest.claim in listed  # recently resolved
    assert "Example Forecaster</a>: 1 overdue" in html
    assert 'action="/predictions/"' in html  # the search box


def ledger_of(size: int) -> None:
    """Predictions with everything a row shows: a quote, its speaker and
    source, and a tag."""
    tag = Tag.objects.create(name="politics", slug="politics")
    for _ in range(size):
        PredictionFactory.create(statement=StatementFactory.create()).tags.add(tag)


# The page of rows with predictor, statement, speaker and source joined (a row
# shows no tags: none are fetched): a new row must not add a query, and nothing
# counts them all. A list that fits on one page is counted from its rows; a longer one by a
# count that stops at filters.MATCH_COUNT_LIMIT (core.counting), one query more.
# The first visit also reads the tag names the filter offers, cached until
# the ledger changes: one query more, once.
@pytest.mark.parametrize("size, queries", [(3, 1), (30, 2), (60, 2)])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size, queries):
    ledger_of(size)
    with django_assert_num_queries(queries + 1):
        client.get("/predictions/")

    with django_assert_num_queries(queries):
        response = client.get("/predictions/")

    assert len(page(response).rows) == min(size, 25)


# On the first visit, the scoreboard (the site's record, summed from the
# people's totals), due now, coming due and recently resolved (a page each,
# without tags: a row shows none), and the people with the most overdue
# predictions; then none, until a change ends the cached sections.
HOME_QUERIES = 5


@pytest.mark.parametrize("size", [3, 30])
def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size, frozen_now):
    ledger_of(size)
    ids = list(Prediction.objects.values_list("id", flat=True))
    Prediction.objects.filter(id__in=ids[0::3]).update(status="due")
    Prediction.objects.filter(id__in=ids[1::3]).update(resolves_on=dt.date(2026, 3, 20))
    Prediction.objects.filter(id__in=ids[2::3]).update(
        status="resolved", outcome="right", resolved_at=timezone.now()
    )

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")
    with django_assert_num_queries(0):
        again = client.get("/")

    assert len(page(response).rows) == 3 * min(size // 3, 10)
    assert page(again).rows == page(response).rows


def test_prediction_page_shows_claim_quote_and_timeline(client, demo):
    response = client.get(f"/predictions/{demo.pk}/")

    seen = page(response)
    assert seen.headings == [SEED_CLAIM]
    # Its own words, then what else the article reports.
    assert seen.quotes == [SEED_QUOTE, "wrong side of history"]
    # Filed and resolved by the demo loader, at the frozen noon (UTC in March).
    assert seen.timeline == [
        "Filed by Hindsight, 10 March 2026, 12:00 UTC",
        f"Resolved by Hindsight, 10 March 2026, 12:00 UTC: Wrong {SEED_RESOLUTION} "
        f"Evidence: {SEED_EVIDENCE}",
    ]
    assert "Status:" not in seen.text  # the outcome says it, once
    assert "Outcome: Wrong" in seen.text


def test_unknown_prediction_is_404(client, demo):
    last = Prediction.objects.order_by("-pk").first()
    assert last is not None
    missing = last.pk + 1

    assert client.get(f"/predictions/{missing}/").status_code == 404


def test_the_filter_form_shows_each_requests_own_values_and_errors(client):
    # The fields' HTML is kept per set of values (predictions.views.filter_form):
    # a page must never show another query's values or errors.
    PredictionFactory.create()

    first = client.get("/predictions/?q=alpha")
    second = client.get("/predictions/?q=beta")
    broken = client.get("/predictions/?q=beta&due_after=not-a-date")
    again = client.get("/predictions/?q=beta")

    assert 'value="alpha"' in first.content.decode()
    assert 'value="beta"' in second.content.decode()
    assert 'value="alpha"' not in second.content.decode()
    assert broken.status_code == 400
    assert 'class="error"' in broken.content.decode()
    assert 'class="error"' not in again.content.decode()
    assert 'value="beta"' in again.content.decode()


def test_the_seed_page_gives_the_remark_the_article_reports_and_where_it_was_made(client, demo):
    seen = page(client.get(f"/predictions/{demo.pk}/"))

    [cited] = seen.select("article > figure.quote")
    assert "not the speaker’s exact words" in text_of(cited)
    [alongside] = seen.select("section.context li")
    assert text_of(alongside).startswith("wrong side of history — Sam Altman, 31 January 2025;")
    assert "first said in AMA with OpenAI's Sam Altman and team, r/OpenAI" in text_of(alongside)
    ama = Source.objects.get(title__startswith="AMA with OpenAI")
    assert seen.links["AMA with OpenAI's Sam Altman and team, r/OpenAI"] == f"/sources/{ama.pk}/"
    ama_page = page(client.get(f"/sources/{ama.pk}/"))
    assert "not the speaker’s exact words" in ama_page.text
    assert "wrong side of history" in ama_page.text

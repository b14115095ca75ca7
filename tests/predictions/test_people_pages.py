"""A reader browses the people on the ledger: everyone alphabetically with
how their predictions stand, then one person's page with their predictions
(filtered, sorted, paginated), their quotes and, for a signed-in reader, a
Follow button. Each page costs the same few queries however much it shows."""

import datetime as dt
from html import unescape

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from predictions.demo import load_demo
from predictions.models import Follow, Prediction, Tag
from sources.models import Person
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory
from tests.support.html import tables

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row["cells"][0] for row in tables(response).rows]


@pytest.fixture
def demo(frozen_now):
    load_demo()


FORECASTER = "Example Forecaster"
COMMENTATOR = "The article's commentator"


# The people list --------------------------------------------------------


def test_people_lists_everyone_alphabetically_with_counts(client, demo):
    rows = tables(client.get("/people/")).rows

    assert [row["cells"] for row in rows] == [
        # Name, kind, predictions, open, overdue, resolved
        [FORECASTER, "Person", "6", "2", "1", "3"],
        ["OpenAI", "Organization", "0", "0", "0", "0"],
        ["Sam Altman", "Person", "0", "0", "0", "0"],
        [COMMENTATOR, "Person", "1", "0", "0", "1"],
    ]
    assert rows[2]["link"] == "/people/sam-altman/"


def test_people_are_sorted_without_regard_to_case(client):
    for name in ["beta", "Alpha", "Gamma", "alpha two"]:
        PersonFactory(name=name)

    assert names(client.get("/people/")) == ["Alpha", "alpha two", "beta", "Gamma"]


def test_counts_cover_every_status_and_only_the_persons_predictions(client):
    pundit = PersonFactory(name="Pundit")
    for status, outcome in [
        ("open", ""),
        ("open", ""),
        ("due", ""),
        ("resolved", "right"),
        ("resolved", "wrong"),
        ("resolved", "unresolvable"),
        ("withdrawn", ""),
    ]:
        PredictionFactory(predictor=pundit, status=status, outcome=outcome)
    PredictionFactory(predictor=PersonFactory(name="Someone else"), status="due")

    rows = {row["cells"][0]: row["cells"][2:] for row in tables(client.get("/people/")).rows}

    assert rows == {"Pundit": ["7", "2", "1", "3"], "Someone else": ["1", "0", "1", "0"]}


def test_search_finds_names_containing_the_words(client, demo):
    response = client.get("/people/", {"q": "  altMAN "})

    assert names(response) == ["Sam Altman"]
    assertContains(response, 'value="altMAN"')


def test_search_with_no_match_says_so(client, demo):
    response = client.get("/people/", {"q": "Nobody Here"})

    assert names(response) == []
    assertContains(response, "Nobody matches “Nobody Here”")


def test_kind_filter_keeps_organisations_or_people(client, demo):
    organisations = client.get("/people/", {"kind": "organization"})
    people = client.get("/people/", {"kind": "person", "q": "a"})

    assert names(organisations) == ["OpenAI"]
    assertContains(organisations, '<option value="organization" selected>', html=False)
    assert names(people) == [FORECASTER, "Sam Altman", COMMENTATOR]


def test_an_unknown_kind_shows_everyone(client, demo):
    assert len(names(client.get("/people/", {"kind": "robots"}))) == 4


def test_every_input_has_a_label(client, demo):
    response = client.get("/people/")

    assertContains(response, '<label for="people-q">Search people</label>', html=True)
    assertContains(response, '<label for="people-kind">Kind</label>', html=True)
    assertContains(response, 'id="people-q" name="q"')
    assertContains(response, 'id="people-kind" name="kind"')


def test_people_are_paginated_by_fifty_keeping_the_query(client):
    for n in range(120):
        PersonFactory(name=f"Pundit {n:03d}", slug=f"p-{n:03d}")
    PersonFactory(name="Somebody else")

    first = tables(client.get("/people/", {"q": "pundit"}))
    last = client.get("/people/", {"q": "pundit", "page": "3"})

    assert len(first.rows) == 50
    assert first.rows[0]["cells"][0] == "Pundit 000"
    assert unescape(first.pagination["next"]) == "?q=pundit&page=2"
    assert "prev" not in first.pagination
    assert names(last) == [f"Pundit {n:03d}" for n in range(100, 120)]
    assertContains(last, "Page 3 of 3")
    assert unescape(tables(last).pagination["prev"]) == "?q=pundit&page=2"


def test_a_page_past_the_end_shows_the_last_page(client):
    for n in range(51):
        PersonFactory(name=f"Pundit {n:03d}")

    assert names(client.get("/people/", {"page": "99"})) == ["Pundit 050"]
    assert len(names(client.get("/people/", {"page": "nonsense"}))) == 50


def test_names_are_escaped_in_the_list(client):
    PersonFactory(name="<script>alert('x')</script>", slug="script")

    response = client.get("/people/")

    assertContains(response, "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;")
    assertNotContains(response, "<script>alert")


def people_with_predictions(size: int) -> None:
    for n in range(size):
        pundit = PersonFactory(kind="organization" if n % 3 else "person")
        PredictionFactory(predictor=pundit)
        PredictionFactory(predictor=pundit, status="resolved", outcome="right")
        PredictionFactory(predictor=pundit, status="due")


# The count for the paginator and the page of people with their counts
# aggregated in the same query: another person must not add a query.
PEOPLE_QUERIES = 2


@pytest.mark.parametrize("size", [3, 30])
def test_people_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    people_with_predictions(size)

    with django_assert_num_queries(PEOPLE_QUERIES):
        response = client.get("/people/", {"q": "pundit"})

    rows = tables(response).rows
    assert len(rows) == size
    assert {tuple(row["cells"][2:]) for row in rows} == {("3", "1", "1", "1")}


# One person's page ------------------------------------------------------


def test_person_page_shows_who_they_are_and_their_record(client, demo):
    forecaster = Person.objects.get(name=FORECASTER)
    forecaster.url = "https://forecaster.example.com/about"
    forecaster.save()

    response = client.get("/people/example-forecaster/")

    page = tables(response)
    assertContains(response, f"<h1>{FORECASTER}</h1>", html=True)
    assertContains(response, "Person.")
    assertContains(response, "An invented forecaster whose predictions show")
    assertContains(response, "6 predictions: 2 open, 1 overdue, 3 resolved.")
    assertContains(
        response,
        '<a href="https://forecaster.example.com/about" rel="nofollow noopener">Website</a>',
        html=True,
    )
    assert len(page.rows) == 6
    assert {row["cells"][1] for row in page.rows} == {FORECASTER}
    deadlines = [Prediction.objects.get(pk=_pk(row["link"])).resolves_on for row in page.rows]
    assert deadlines == sorted(deadlines)


def test_person_page_lists_their_quotes_with_sources(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(response, "No predictions yet.")
    assertContains(response, "<blockquote>wrong side of history</blockquote>", html=True)
    source = Person.objects.get(slug="sam-altman").statements.get().source
    assertContains(response, f'<a href="/sources/{source.pk}/">{source.title}</a>', html=True)
    assertContains(response, "31 January 2025")


def test_counts_in_words_use_the_singular_and_name_withdrawn_ones(client):
    pundit = PersonFactory(slug="pundit")
    PredictionFactory(predictor=pundit, status="due")
    PredictionFactory(predictor=pundit, status="withdrawn")

    assertContains(
        client.get("/people/pundit/"), "2 predictions: 0 open, 1 overdue, 0 resolved, 1 withdrawn."
    )

    PredictionFactory(predictor=PersonFactory(slug="single"))
    assertContains(client.get("/people/single/"), "1 prediction: 1 open, 0 overdue, 0 resolved.")


def test_person_page_has_open_graph_tags(client, demo):
    meta = tables(client.get("/people/openai-wrong-side-of-history-commentator/")).meta

    assert meta["og:title"] == COMMENTATOR
    assert meta["og:description"].startswith("1 prediction: 0 open, 0 overdue, 1 resolved. ")
    assert "the article does not name them" in meta["og:description"]
    assert meta["og:url"] == "http://testserver/people/openai-wrong-side-of-history-commentator/"
    assert meta["og:type"] == "profile"


def test_person_page_title_and_description(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(response, "<title>Sam Altman · Hindsight</title>", html=True)
    assertContains(
        response,
        '<meta name="description" content="Sam Altman on Hindsight. No predictions yet.">',
        html=True,
    )


def test_unknown_person_is_404(client, demo):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_name_description_and_website_are_escaped(client):
    PersonFactory(
        slug="mallory",
        name="Mallory <b>Bold</b>",
        description='First line <img src=x onerror="alert(1)">\nsame paragraph\n\nSecond & last',
        url="javascript:alert(1)",
    )

    response = client.get("/people/mallory/")

    assertContains(response, "<h1>Mallory &lt;b&gt;Bold&lt;/b&gt;</h1>")
    assertContains(
        response,
        "<p>First line &lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br>same paragraph</p>\n\n"
        "<p>Second &amp; last</p>",
    )
    assertContains(response, 'content="Mallory &lt;b&gt;Bold&lt;/b&gt;"')
    assertNotContains(response, "<b>Bold")
    assertNotContains(response, "<img")
    assertNotContains(response, "javascript:")


def predictions_of(person: Person) -> None:
    """Ten predictions, Claim 0 to 9, with deadlines a day apart: 3 open tagged
    "economy", 4 due, 3 resolved tagged "economy" and "rates"; made on days
    that put them in another order (MADE_ORDER)."""
    economy = Tag.objects.create(name="Economy", slug="economy")
    rates = Tag.objects.create(name="Rates", slug="rates")
    for n in range(10):
        status, outcome = ("open", "") if n < 3 else ("due", "") if n < 7 else ("resolved", "right")
        prediction = PredictionFactory(
            predictor=person,
            claim=f"Claim {n}",
            status=status,
            outcome=outcome,
            made_on=dt.date(2025, 1, 20) - dt.timedelta(days=(n * 3) % 10),
            resolves_on=dt.date(2025, 2, 1) + dt.timedelta(days=n),
        )
        if status != "due":
            prediction.tags.add(economy)
        if status == "resolved":
            prediction.tags.add(rates)


MADE_ORDER = [f"Claim {n}" for n in [0, 7, 4, 1, 8, 5, 2, 9, 6, 3]]


def claims(response) -> list[str]:
    return [row["cells"][0] for row in tables(response).rows]


def test_predictions_filter_by_status_and_tag(client):
    pundit = PersonFactory(slug="pundit")
    predictions_of(pundit)
    PredictionFactory(claim="Someone else's", status="due")

    due = client.get("/people/pundit/", {"status": "due"})
    economy = client.get("/people/pundit/", {"tag": "economy"})
    resolved_rates = client.get("/people/pundit/", {"tag": "rates", "status": "resolved"})
    open_rates = client.get("/people/pundit/", {"tag": "rates", "status": "open"})

    assert claims(due) == ["Claim 3", "Claim 4", "Claim 5", "Claim 6"]
    assertContains(due, '<option value="due" selected>')
    assertContains(due, "4 of 10 match.")
    assert claims(economy) == ["Claim 0", "Claim 1", "Claim 2", "Claim 7", "Claim 8", "Claim 9"]
    assertContains(economy, '<option value="economy" selected>Economy</option>', html=True)
    assert claims(resolved_rates) == ["Claim 7", "Claim 8", "Claim 9"]
    assert claims(open_rates) == []
    assertContains(open_rates, "None of Pundit")
    # Whatever the filter, the words count all of them.
    assertContains(open_rates, "10 predictions: 3 open, 4 overdue, 3 resolved.")


def test_predictions_sort_by_deadline_either_way_or_newest_made(client):
    pundit = PersonFactory(slug="pundit")
    predictions_of(pundit)
    ascending = [f"Claim {n}" for n in range(10)]

    assert claims(client.get("/people/pundit/")) == ascending
    assert claims(client.get("/people/pundit/", {"sort": "deadline"})) == ascending
    assert claims(client.get("/people/pundit/", {"sort": "-deadline"})) == ascending[::-1]
    assert claims(client.get("/people/pundit/", {"sort": "made"})) == MADE_ORDER
    assert claims(client.get("/people/pundit/", {"sort": "'; drop"})) == ascending
    assertContains(
        client.get("/people/pundit/", {"sort": "-deadline"}),
        '<option value="-deadline" selected>',
    )


def test_an_unknown_status_shows_every_prediction(client):
    pundit = PersonFactory(slug="pundit")
    predictions_of(pundit)

    assert len(claims(client.get("/people/pundit/", {"status": "maybe"}))) == 10


def test_predictions_are_paginated_by_25_keeping_filters_and_sort(client):
    pundit = PersonFactory(slug="pundit")
    for n in range(30):
        PredictionFactory(
            predictor=pundit,
            claim=f"Claim {n:02d}",
            resolves_on=dt.date(2026, 2, 1) + dt.timedelta(days=n),
        )

    first = tables(client.get("/people/pundit/", {"status": "open", "sort": "-deadline"}))
    second = client.get("/people/pundit/", {"status": "open", "sort": "-deadline", "page": "2"})

    assert [row["cells"][0] for row in first.rows] == [f"Claim {n:02d}" for n in range(29, 4, -1)]
    assert unescape(first.pagination["next"]) == "?status=open&sort=-deadline&page=2#predictions"
    assert claims(second) == [f"Claim {n:02d}" for n in range(4, -1, -1)]
    assert unescape(tables(second).pagination["prev"]) == (
        "?status=open&sort=-deadline&page=1#predictions"
    )


def test_filter_form_has_labels_and_uses_get(client):
    PersonFactory(slug="pundit")

    response = client.get("/people/pundit/")

    assertContains(response, '<form method="get" action="#predictions"')
    for id_, label in [
        ("filter-status", "Status"),
        ("filter-tag", "Tag"),
        ("filter-sort", "Sort by"),
    ]:
        assertContains(response, f'<label for="{id_}">{label}</label>', html=True)


def full_record(person: Person, size: int) -> None:
    """``size`` predictions, each with a quote (its own source), and tags."""
    tag = Tag.objects.create(name="Politics", slug="politics")
    other = Tag.objects.create(name="Energy", slug="energy")
    for _ in range(size):
        prediction = PredictionFactory(predictor=person, statement=StatementFactory(speaker=person))
        prediction.tags.add(tag, other)


# The person with their counts, the tags of the filter, the count and page of
# predictions (predictor, quote, speaker and source joined), their tags, and
# the count and page of statements with their sources; then the track record
# (one aggregate), the outcome strip's points and the overdue list.
PERSON_QUERIES = 10


@pytest.mark.parametrize("size", [3, 30])
def test_person_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    pundit = PersonFactory(slug="pundit")
    full_record(pundit, size)

    with django_assert_num_queries(PERSON_QUERIES):
        response = client.get("/people/pundit/", {"tag": "politics"})

    assert len(tables(response).rows) == min(size, 25)


@pytest.mark.parametrize("size", [3, 30])
def test_signed_in_person_page_runs_a_fixed_number_of_queries(
    client, contributor, django_assert_num_queries, size
):
    pundit = PersonFactory(slug="pundit")
    full_record(pundit, size)
    client.force_login(contributor)

    # The session and its user, then whether they follow this person.
    with django_assert_num_queries(PERSON_QUERIES + 3):
        response = client.get("/people/pundit/")

    assert len(tables(response).rows) == min(size, 25)


def test_statements_are_paginated_by_25_on_their_own(client):
    pundit = PersonFactory(slug="pundit")
    for n in range(30):
        StatementFactory(
            speaker=pundit,
            text=f"Quote number {n:02d}",
            said_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )

    first = client.get("/people/pundit/", {"status": "open"})
    second = client.get("/people/pundit/", {"status": "open", "statements_page": "2"})

    assertContains(first, "Quote number 29")
    assertNotContains(first, "Quote number 04")
    assert unescape(tables(first).pagination["next"]) == (
        "?status=open&statements_page=2#statements"
    )
    assertContains(second, "Quote number 04")
    assertNotContains(second, "Quote number 05")


# Following ---------------------------------------------------------------


def test_anonymous_reader_is_invited_to_sign_in(client, demo):
    response = client.get("/people/sam-altman/")

    assertContains(
        response, '<a href="/accounts/login/?next=/people/sam-altman/">Sign in</a>', html=True
    )
    assertNotContains(response, "/people/sam-altman/follow/")


def test_signed_in_reader_follows_and_unfollows(client, contributor, demo):
    client.force_login(contributor)
    altman = Person.objects.get(slug="sam-altman")
    page = client.get("/people/sam-altman/")
    assertContains(
        page,
        '<form method="post" action="/people/sam-altman/follow/" class="follow">',
    )

    response = client.post("/people/sam-altman/follow/", follow=True)

    assertRedirects(response, "/people/sam-altman/")
    assert Follow.objects.filter(user=contributor, person=altman).exists()
    assertContains(
        response, "You follow Sam Altman: you will hear when their predictions fall due."
    )
    assertContains(response, '<button type="submit">Unfollow</button>', html=True)
    assertContains(response, 'action="/people/sam-altman/unfollow/"')

    # Following twice is still one follow.
    client.post("/people/sam-altman/follow/")
    assert Follow.objects.filter(user=contributor).count() == 1

    response = client.post("/people/sam-altman/unfollow/", follow=True)

    assertRedirects(response, "/people/sam-altman/")
    assertContains(response, "You no longer follow Sam Altman.")
    assertContains(response, '<button type="submit">Follow</button>', html=True)
    assert not Follow.objects.filter(user=contributor).exists()


def test_following_is_per_user(client, contributor, other_contributor, demo):
    Follow.objects.create(user=other_contributor, person=Person.objects.get(slug="sam-altman"))
    client.force_login(contributor)

    assertContains(
        client.get("/people/sam-altman/"), '<button type="submit">Follow</button>', html=True
    )


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_anonymous_post_goes_to_sign_in_and_back(client, demo, action):
    response = client.post(f"/people/sam-altman/{action}/")

    assertRedirects(
        response, "/accounts/login/?next=/people/sam-altman/", fetch_redirect_response=False
    )
    assert not Follow.objects.exists()


@pytest.mark.parametrize("action", ["follow", "unfollow"])
def test_get_is_not_allowed(client, contributor, demo, action):
    assert client.get(f"/people/sam-altman/{action}/").status_code == 405
    client.force_login(contributor)
    assert client.get(f"/people/sam-altman/{action}/").status_code == 405
    assert not Follow.objects.exists()


def test_following_an_unknown_person_is_404(client, contributor):
    client.force_login(contributor)

    assert client.post("/people/nobody/follow/").status_code == 404


def test_follow_needs_the_csrf_token(contributor, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)

    assert client.post("/people/sam-altman/follow/").status_code == 403
    assert not Follow.objects.exists()


def _pk(link: str) -> int:
    return int(link.strip("/").rsplit("/", 1)[1])

"""A prediction's page: the claim, the words said and where, the deadline
with its countdown, the outcome with its note and evidence, and the history
read from its events. Each person sees only the actions they may take, and
the page costs the same few queries however long its history."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from predictions import services
from predictions.models import Prediction
from tests.support.factories import PersonFactory
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

QUOTE = "We will open the bridge\nwithin the next month, <b>promise</b>."


@pytest.fixture
def prediction(contributor, frozen_now):
    """Filed by alice about her own forecast (the mayor's account is hers), so
    published at once: said on 20 February 2026, so due on 20 March; 10 days left."""
    return services.file_claim(
        filed_by=contributor,
        claim="The Riverton bridge reopens",
        predictor=PersonFactory(name="A Mayor", slug="a-mayor", account=contributor),
        deadline_text="within the next month",
        confidence=0.65,
        tags=["transport", "riverton"],
        quote=QUOTE,
        source_url="https://news.example.com/bridge",
        source_title="Mayor promises bridge",
        source_publisher="Riverton Gazette",
        published_on=dt.date(2026, 2, 20),
    )


def page_of(client, prediction) -> str:
    response = client.get(prediction.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def timeline(html: str) -> list[str]:
    return Page(html).timeline


def links(html: str) -> dict[str, str]:
    """Each link's text → its href."""
    return Page(html).links


def test_the_page_shows_the_claim_the_words_and_where_they_were_said(client, prediction):
    html = page_of(client, prediction)

    assertInHTML("<h1>The Riverton bridge reopens</h1>", html)
    # The words as said: line breaks kept, markup shown as text, never run.
    assertInHTML(
        "<blockquote>We will open the bridge<br>within the next month, "
        "&lt;b&gt;promise&lt;/b&gt;.</blockquote>",
        html,
    )
    assert "<b>promise</b>" not in html
    seen = Page(html)
    caption = seen.texts("figure.quote figcaption")
    assert caption == [
        "— A Mayor, Mayor promises bridge, Riverton Gazette, 20 February 2026 (the original)"
    ]
    # Hindsight's own page of the source (its text, every quote from it), and the original.
    source = prediction.statement.source
    assert seen.links["Mayor promises bridge"] == f"/sources/{source.pk}/"
    assert seen.links["the original"] == "https://news.example.com/bridge"
    text = seen.text
    assert "Said on 20 February 2026" in text
    assert "Deadline “within the next month” → 20 March 2026 due in 10 days" in text
    assert "Status: Open" in text
    assert "Confidence 65%" in text
    assert "Tags riverton transport" in text
    assert links(html)["transport"] == "/predictions/?tag=transport"


def test_the_page_describes_itself_to_link_previews(client, prediction):
    html = page_of(client, prediction)

    url = f"http://testserver/predictions/{prediction.pk}/"
    assert "<title>The Riverton bridge reopens · Hindsight</title>" in html
    assert '<meta property="og:title" content="The Riverton bridge reopens">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    description = "A Mayor predicted: The Riverton bridge reopens (deadline 20 March 2026)."
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert html.count('property="og:title"') == 1  # the page's, not the site's
    assert '<meta name="twitter:card" content="summary_large_image">' in html


@pytest.mark.parametrize(
    ("deadline", "countdown"),
    [
        (dt.date(2026, 3, 11), "due in 1 day"),
        (dt.date(2026, 3, 10), "due today"),
    ],
)
def test_the_countdown_to_the_deadline(client, editor, frozen_now, deadline, countdown):
    prediction = services.file_claim(
        filed_by=editor, claim="It happens", predictor="A Pundit", resolves_on=deadline
    )
    assert f'<strong class="countdown">{countdown}</strong>' in page_of(client, prediction)


def test_a_due_prediction_says_how_long_it_is_overdue(client, prediction, frozen_now):
    frozen_now.move_to(dt.datetime(2026, 3, 29, 9, 0, tzinfo=dt.UTC))
    services.mark_due()

    html = page_of(client, prediction)

    assert Prediction.objects.get(pk=prediction.pk).status == "due"
    assert '<strong class="countdown">overdue by 9 days</strong>' in html
    # Nobody made it due, and "due by Hindsight" would read as a deadline.
    assert timeline(html)[-1].startswith("Became due, 29 March 2026")
    assert timeline(html)[-1].endswith("the deadline, 20 March 2026, passed")


def test_an_outcome_shows_its_note_and_evidence_escaped(client, prediction, contributor):
    services.resolve_prediction(
        prediction=prediction,
        actor=contributor,
        outcome="partly_right",
        note="It opened to cyclists on 18 March.\n\nCars wait until <script>May</script>.",
        evidence_url="https://news.example.com/bridge-opens",
    )

    html = page_of(client, prediction)

    assert "<script>May</script>" not in html
    outcome = Page(html).one("section.resolution")
    assertInHTML("<p>It opened to cyclists on 18 March.</p>", str(outcome))
    assertInHTML("<p>Cars wait until &lt;script&gt;May&lt;/script&gt;.</p>", str(outcome))
    evidence = outcome.find("a")
    assert evidence is not None
    assert evidence["href"] == "https://news.example.com/bridge-opens"
    assert "Outcome: Partly right" in text_of(outcome)
    assert '<strong class="countdown">' not in html  # settled: no countdown
    resolved = timeline(html)[-1]
    assert resolved.startswith("Resolved by alice, 10 March 2026, 12:00 UTC: Partly right")
    assert "Cars wait until <script>May</script>." in timeline(html)[-1]  # as text


def test_the_timeline_tells_the_story(client, prediction, editor):
    services.edit_prediction(
        prediction=prediction,
        actor=editor,
        changes={"claim": "The Riverton bridge reopens to cars", "confidence": 0.5},
    )
    services.resolve_prediction(prediction=prediction, actor=editor, outcome="right")
    services.reopen_prediction(prediction=prediction, actor=editor, reason="Closed again.")
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="A <i>duplicate</i>.")

    html = page_of(client, prediction)

    assert timeline(html) == [
        "Filed by alice, 10 March 2026, 12:00 UTC",
        "Edited by charlie, 10 March 2026, 12:00 UTC "
        "Claim: The Riverton bridge reopens → The Riverton bridge reopens to cars "
        "Confidence: 65% → 50%",
        "Resolved by charlie, 10 March 2026, 12:00 UTC: Right",
        "Reopened by charlie, 10 March 2026, 12:00 UTC (now open) Reason: Closed again.",
        "Withdrawn by charlie, 10 March 2026, 12:00 UTC Reason: A <i>duplicate</i>.",
    ]
    assert "A &lt;i&gt;duplicate&lt;/i&gt;." in html
    assert "Status: Withdrawn" in Page(html).text


# --- who sees which action ----------------------------------------------------

ACTIONS = ["Resolve", "Edit", "Reopen", "Withdraw"]


def actions_on(html: str) -> list[str]:
    found = links(html)
    return [name for name in ACTIONS if name in found]


def watch_button(html: str) -> str | None:
    """Where the Watch (or Unwatch) button posts, if there is one."""
    for form in Page(html).select('form[method="post"]'):
        action = form["action"]
        assert isinstance(action, str)  # one value, not a list like "class"
        if action.endswith(("/watch/", "/unwatch/")):
            return action
    return None


def test_readers_see_no_actions_and_are_invited_to_sign_in(client, prediction):
    html = page_of(client, prediction)

    assert actions_on(html) == []
    assert watch_button(html) is None
    sign_in = links(html)["Sign in to watch this prediction"]
    assert sign_in == f"/accounts/login/?next=/predictions/{prediction.pk}/"


def test_the_self_forecaster_may_resolve_and_is_watching(client, prediction, contributor):
    client.force_login(contributor)
    html = page_of(client, prediction)

    assert actions_on(html) == ["Resolve"]
    assert links(html)["Resolve"] == reverse("predictions:resolve", args=[prediction.pk])
    assert watch_button(html) == reverse("predictions:unwatch", args=[prediction.pk])


def test_another_contributor_may_propose_an_outcome_and_watch(
    client, prediction, other_contributor
):
    client.force_login(other_contributor)
    html = page_of(client, prediction)

    assert actions_on(html) == []
    assert links(html)["Propose an outcome"] == reverse("predictions:resolve", args=[prediction.pk])
    assert watch_button(html) == reverse("predictions:watch", args=[prediction.pk])


def test_an_editor_may_resolve_edit_and_withdraw(client, prediction, editor):
    client.force_login(editor)
    assert actions_on(page_of(client, prediction)) == ["Resolve", "Edit", "Withdraw"]


def test_once_resolved_an_editor_may_reopen_and_the_self_forecaster_nothing(
    client, prediction, contributor, editor
):
    services.resolve_prediction(prediction=prediction, actor=contributor, outcome="wrong")

    client.force_login(editor)
    assert actions_on(page_of(client, prediction)) == ["Edit", "Reopen", "Withdraw"]
    client.force_login(contributor)
    assert actions_on(page_of(client, prediction)) == []


def test_a_withdrawn_prediction_offers_nothing_more(client, prediction, staff):
    services.withdraw_prediction(prediction=prediction, actor=staff, reason="Misquoted.")
    client.force_login(staff)
    assert actions_on(page_of(client, prediction)) == []


# --- the cost of the page -------------------------------------------------------

# Signed in: the session and its user; the prediction with its predictor, quote
# and source joined (with who resolved and who proposed); its tags; its events
# with their actors; its disputes with who opened and settled them; the user's
# permissions, directly and through her groups (two queries, cached on the
# user: is she an editor, has she confirmed her address); whether she watches
# it; what else the quote's source records. A longer history adds no query.
DETAIL_QUERIES = 10
# A signed-out reader: no permissions or watch to read, but first the page's
# validators (predictions/views/conditional.py), which answer a repeat visit
# with a 304 in that one query.
READER_QUERIES = 6


def with_history(prediction, length: int, editor) -> None:
    for n in range(length - 1):
        services.edit_prediction(
            prediction=prediction,
            actor=editor,
            changes={"confidence": round(0.01 * (n + 1), 2)},
        )
    assert prediction.events.count() == length


@pytest.mark.parametrize("length", [1, 20])
def test_the_page_runs_a_fixed_number_of_queries(
    client, prediction, contributor, editor, django_assert_num_queries, length
):
    with_history(prediction, length, editor)
    client.force_login(contributor)

    with django_assert_num_queries(DETAIL_QUERIES):
        html = page_of(client, prediction)

    assert len(timeline(html)) == length


@pytest.mark.parametrize("length", [1, 20])
def test_a_reader_costs_fewer_queries(
    client, prediction, contributor, editor, django_assert_num_queries, length
):
    with_history(prediction, length, editor)

    with django_assert_num_queries(READER_QUERIES):
        html = page_of(client, prediction)

    assert len(timeline(html)) == length


# --- wording --------------------------------------------------------------------


def test_a_resolved_page_says_its_outcome_once(client, prediction, contributor):
    services.resolve_prediction(
        prediction=prediction, actor=contributor, outcome="wrong", note="It stayed shut."
    )

    seen = Page(page_of(client, prediction))

    assert "Status: Resolved" not in seen.text
    assert not seen.select("p.status")
    assert text_of(seen.one("#outcome-heading")) == "Outcome: Wrong"


def test_the_status_line_names_an_unsettled_status(client, prediction):
    assert text_of(Page(page_of(client, prediction)).one("p.status")) == "Status: Open"


def test_only_a_prediction_yet_to_fall_due_offers_an_email_when_it_does(
    client, prediction, staff, other_contributor
):
    assert "Sign in to watch this prediction" in links(page_of(client, prediction))
    services.withdraw_prediction(prediction=prediction, actor=staff, reason="Misquoted.")

    html = page_of(client, prediction)
    assert "falls due" not in html
    client.force_login(other_contributor)
    html = page_of(client, prediction)
    assert watch_button(html) is None
    assert "falls due" not in html


def test_a_watcher_of_a_settled_prediction_may_still_stop_watching(
    client, prediction, contributor, staff
):
    services.withdraw_prediction(prediction=prediction, actor=staff, reason="Misquoted.")
    client.force_login(contributor)  # watching since she filed it

    html = page_of(client, prediction)

    assert watch_button(html) == reverse("predictions:unwatch", args=[prediction.pk])
    assert "falls due" not in html


def test_a_quote_in_quotation_marks_is_not_quoted_twice(client, contributor, frozen_now):
    services.file_claim(
        filed_by=contributor,
        claim="Rents fall",
        predictor=PersonFactory(name="A Landlord", account=contributor),
        resolves_on=dt.date(2026, 6, 1),
        quote="“Rents will fall by summer.”",
        source_title="Rents report",
        published_on=dt.date(2026, 2, 1),
    )

    snippet = text_of(Page(client.get("/predictions/").content.decode()).one(".quote-snippet"))

    assert snippet == "“Rents will fall by summer.”"

"""Filing through the web form: one form for the whole chain, a deadline in
words confirmed before it is saved, and the article step that prefills it."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from core import limits
from predictions import demo
from predictions.models import Prediction
from sources.models import Source
from tests.support.html import Page, text_of

pytestmark = pytest.mark.django_db

NEW = reverse("predictions:new")
FROM_ARTICLE = reverse("predictions:from-article")

CLAIM = {
    "source_url": "https://example.com/openai-wrong-side",
    "source_title": "OpenAI: wrong side of history",
    "published_on": "2025-02-01",
    "quote": "OpenAI may move towards open sourcing its models within the next month",
    "predictor": "Article commentator",
    "claim": "OpenAI open-sources one of its models",
    "deadline": "within the next month",
    "tags": "openai, open source",
}


@pytest.fixture
def alice(client, contributor):
    client.force_login(contributor)
    return client


def test_readers_are_asked_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_form_labels_every_input_and_links_its_help(alice):
    page = alice.get(NEW).content.decode()
    for name in [
        "source_url",
        "source_title",
        "published_on",
        "quote",
        "predictor",
        "said_on",
        "claim",
        "deadline",
        "confidence",
        "tags",
    ]:
        assert f'<label for="id_{name}"' in page
    assert 'aria-describedby="id_deadline_helptext"' in page
    assert 'id="id_deadline_helptext"' in page


def test_words_are_confirmed_before_they_are_saved(alice, contributor):
    first = alice.post(NEW, CLAIM)

    page = first.content.decode()
    assert first.status_code == 200
    assert "1 March 2025" in page
    assert 'name="confirm_deadline" value="2025-03-01"' in page
    assert Prediction.objects.count() == 0

    second = alice.post(NEW, {**CLAIM, "confirm_deadline": "2025-03-01"})

    prediction = Prediction.objects.get()
    assert second.status_code == 302
    assert second["Location"] == prediction.get_absolute_url()
    assert prediction.resolves_on == dt.date(2025, 3, 1)
    assert prediction.deadline_text == "within the next month"
    assert prediction.made_on == dt.date(2025, 2, 1)
    assert prediction.filed_by == contributor
    assert prediction.statement is not None
    assert prediction.statement.source.title == "OpenAI: wrong side of history"
    assert sorted(prediction.tags.values_list("slug", flat=True)) == ["open-source", "openai"]


def test_a_changed_deadline_is_confirmed_again(alice):
    response = alice.post(
        NEW, {**CLAIM, "deadline": "within three months", "confirm_deadline": "2025-03-01"}
    )
    assert response.status_code == 200
    assert "1 May 2025" in response.content.decode()
    assert Prediction.objects.count() == 0


def test_a_date_needs_no_confirmation(alice):
    response = alice.post(NEW, {**CLAIM, "deadline": "2025-06-30"})
    assert response.status_code == 302
    prediction = Prediction.objects.get()
    assert prediction.resolves_on == dt.date(2025, 6, 30)
    assert prediction.deadline_text == ""


def test_an_existing_source_and_person_are_reused(alice):
    alice.post(NEW, {**CLAIM, "deadline": "2025-06-30"})
    alice.post(
        NEW,
        {
            **CLAIM,
            "claim": "OpenAI publishes weights",
            "deadline": "2025-07-31",
            "source_url": "https://example.com/openai-wrong-side/?utm_source=feed",
        },
    )
    assert Source.objects.count() == 1
    assert Prediction.objects.values("predictor").distinct().count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadline": "soon"}, "deadline", "No deadline found"),
        ({"deadline": "2026-02-30"}, "deadline", "not a date in the calendar"),
        ({"source_url": "", "source_title": ""}, "source_url", "needs its source"),
        ({"claim": ""}, "claim", "required"),
        ({"confidence": "150"}, "confidence", "at most 100%"),
        ({"deadline": "2025-01-01"}, "deadline", "cannot be before"),
        ({"tags": ", ".join(f"t{n}" for n in range(21))}, "tags", "at most 20"),
    ],
)
def test_bad_input_is_shown_beside_its_field(alice, change, field, message):
    response = alice.post(NEW, {**CLAIM, **change, "confirm_deadline": "2025-03-01"})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert Prediction.objects.count() == 0
    assert Source.objects.count() == 0


def test_query_parameters_prefill_the_form(alice):
    """What the bookmarklet and the article step send."""
    page = alice.get(
        NEW,
        {
            "url": "https://example.com/a",
            "title": "A story",
            "selection": "We will ship it by March 2027.",
        },
    ).content.decode()
    assert 'value="https://example.com/a"' in page
    assert 'value="A story"' in page
    assert "We will ship it by March 2027." in page


def test_the_bookmarklets_title_loses_the_site_name(alice):
    page = Page(
        alice.get(NEW, {"title": "A story | The Daily", "site": "The Daily"}).content.decode()
    )
    assert page.one("#id_source_title")["value"] == "A story"
    step = Page(
        alice.get(
            FROM_ARTICLE,
            {"url": "https://example.com/a", "title": "A story | The Daily", "site": ""},
        ).content.decode()
    )
    assert step.one("#id_title")["value"] == "A story"
    assert step.one("#id_url")["value"] == "https://example.com/a"


def test_a_title_given_by_hand_keeps_its_every_part(alice):
    # Only the bookmarklet (which sends "site") has a site's name taken off.
    page = Page(
        alice.get(NEW, {"title": "Q&A: Anna Lind | Skanderail chief on rail"}).content.decode()
    )
    assert page.one("#id_source_title")["value"] == "Q&A: Anna Lind | Skanderail chief on rail"


def test_the_article_step_takes_only_web_addresses(alice):
    step = Page(alice.get(FROM_ARTICLE, {"url": "javascript:alert(1)"}).content.decode())
    assert not step.one("#id_url").has_attr("value")


def test_the_article_step_suggests_the_seed_prediction(alice):
    article = demo.SEED_FILE.read_text(encoding="utf-8")
    response = alice.post(
        FROM_ARTICLE,
        {"text": article, "published_on": "2025-02-01", "title": "OpenAI: wrong side of history"},
    )

    assert response.status_code == 200
    predictions = response.context["suggestions"]["predictions"]
    seed = next(
        s
        for s in predictions
        if s["item"].deadline and s["item"].deadline.matched == "within the next month"
    )
    params = parse_qs(urlsplit(seed["link"]).query)
    assert params["deadline"] == ["within the next month"]
    assert params["published_on"] == ["2025-02-01"]
    assert params["claim"][0].startswith("OpenAI may move towards open sourcing its models")
    assert "roughly even chance" in params["hedge"][0]

    form_page = alice.get(seed["link"]).content.decode()
    assert "within the next month" in form_page
    assert "roughly even chance" in form_page  # the hedge, offered, not filled in
    assert not Page(form_page).one('input[name="confidence"]').has_attr("value")


def test_the_article_step_needs_text_and_a_date(alice):
    response = alice.post(FROM_ARTICLE, {"text": "", "published_on": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"text", "published_on"}


def test_a_near_duplicate_is_flagged_before_it_is_filed(alice):
    alice.post(NEW, {**CLAIM, "deadline": "2025-06-30"})
    first = Prediction.objects.get()

    warned = alice.post(
        NEW, {**CLAIM, "claim": "OpenAI open-sources one of its model", "deadline": "2025-06-30"}
    )

    page = warned.content.decode()
    assert warned.status_code == 200
    assert "already has a claim that reads much the same" in page
    assert first.get_absolute_url() in page
    assert Prediction.objects.count() == 1

    filed = alice.post(
        NEW,
        {
            **CLAIM,
            "claim": "OpenAI open-sources one of its model",
            "deadline": "2025-06-30",
            "confirm_similar": "True",
        },
    )
    assert filed.status_code == 302
    assert Prediction.objects.count() == 2


def test_a_different_claim_by_the_same_person_is_not_flagged(alice):
    alice.post(NEW, {**CLAIM, "deadline": "2025-06-30"})
    response = alice.post(
        NEW, {**CLAIM, "claim": "Anthropic releases a music model", "deadline": "2025-06-30"}
    )
    assert response.status_code == 302


def test_the_article_step_reads_as_much_as_the_api_suggester_and_no_more(alice):
    # Reading an article costs time in proportion to its length: the form
    # stops where POST /api/v1/suggest/ does (core.limits.SUGGEST_TEXT).
    response = alice.post(
        FROM_ARTICLE, {"text": "x" * (limits.SUGGEST_TEXT + 1), "published_on": "2025-02-01"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["text"] == [
        f"Ensure this value has at most {limits.SUGGEST_TEXT} characters (it has "
        f"{limits.SUGGEST_TEXT + 1})."
    ]


def test_the_error_summary_lists_and_links_each_error(alice):
    response = alice.post(NEW, {**CLAIM, "claim": "", "deadline": "", "confidence": "150"})

    assert response.status_code == 400
    summary = Page(response.content.decode()).one('div.error-summary[role="alert"]')
    links = {str(a["href"]): a.get_text(" ", strip=True) for a in summary.select("li a")}
    assert set(links) >= {"#id_claim", "#id_deadline", "#id_confidence"}
    assert links["#id_claim"] == "The testable claim: This field is required."
    page = Page(response.content.decode())
    for target in links:
        assert page.select(target), f"{target} names no input"
    assert text_of(summary.select_one("#error-summary-title")) == (
        "Nothing was saved: please correct the following."
    )


def test_a_claim_filed_past_its_deadline_offers_to_record_the_outcome(client, editor):
    client.force_login(editor)
    response = client.post(NEW, {**CLAIM, "deadline": "2025-06-30"}, follow=True)

    prediction = Prediction.objects.get()
    assert prediction.status == "due"
    assert response.redirect_chain[-1][0] == reverse("predictions:resolve", args=[prediction.pk])
    [message] = [str(m) for m in response.context["messages"]]
    assert message == (
        "Filed. Its deadline, 30 June 2025, has passed already: if you know what happened, "
        "record the outcome now."
    )
    assert "you will hear when it falls due" not in response.content.decode()


def test_a_claim_awaiting_review_past_its_deadline_says_what_happens_next(alice):
    response = alice.post(NEW, {**CLAIM, "deadline": "2025-06-30"}, follow=True)

    prediction = Prediction.objects.get()
    assert response.redirect_chain[-1][0] == prediction.get_absolute_url()
    [message] = [str(m) for m in response.context["messages"]]
    assert "has passed already" in message and "once it is reviewed" in message


def test_a_claim_with_its_deadline_ahead_says_the_filer_will_hear(alice):
    response = alice.post(NEW, {**CLAIM, "deadline": "2099-06-30"}, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert message == "Filed. You are watching it: you will hear when it falls due."

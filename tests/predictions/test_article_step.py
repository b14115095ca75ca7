"""The article step keeps the article: the pasted text becomes the source's
captured text, filing twice from it reuses that source, its dateline dates
the words, and a sentence that quotes nobody is filed as the article's
paraphrase, shown as such."""

import datetime as dt
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from predictions.models import Prediction
from sources.models import Source, Statement
from tests.support.html import Page

pytestmark = pytest.mark.django_db

NEW = reverse("predictions:new")
FROM_ARTICLE = reverse("predictions:from-article")

ARTICLE = """Skanderail promises night trains to Berlin

STOCKHOLM, 20 November 2026 — Skanderail will run a nightly sleeper between Stockholm and \
Berlin by the end of 2027, its chief executive said on Thursday.

“We will run night trains from Stockholm to Berlin by the end of 2027,” said Anna Lind, chief \
executive of Skanderail.
"""


@pytest.fixture
def alice(client, contributor):
    client.force_login(contributor)
    return client


def suggestions(client, **fields):
    response = client.post(FROM_ARTICLE, {"text": ARTICLE, "title": "Night trains", **fields})
    assert response.status_code == 200, response.context["form"].errors
    return response


def link_params(link: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def file_from(client, link: str, **changes) -> Prediction:
    """Open the claim form from a suggestion's link and file what it holds."""
    form = Page(client.get(link).content.decode())
    data = {**form.form_values("form.claim-form"), **changes}
    first = client.post(NEW, data)
    if first.status_code == 200:  # the deadline in words, confirmed
        data["confirm_deadline"] = first.context["form"]["confirm_deadline"].value()
        first = client.post(NEW, data)
    assert first.status_code == 302, first.context["form"].errors
    return Prediction.objects.latest("pk")


def test_the_dateline_dates_the_words_when_no_date_is_given(alice):
    response = suggestions(alice)

    page = Page(response.content.decode())
    assert "STOCKHOLM, 20 November 2026" in page.one("#dateline").text
    quoted = response.context["suggestions"]["predictions"][1]
    params = link_params(quoted["link"])
    assert params["said_on"] == params["published_on"] == "2026-11-20"
    assert params["quote"] == "We will run night trains from Stockholm to Berlin by the end of 2027"
    assert (
        params["claim"]
        == "Skanderail runs night trains from Stockholm to Berlin by the end of 2027"
    )
    assert params["predictor"] == "Anna Lind"
    assert "quote_is_paraphrase" not in params
    assert params["article"] == hashlib.sha256(ARTICLE.strip().encode()).hexdigest()


def test_without_a_dateline_the_date_is_asked_for(alice):
    response = alice.post(FROM_ARTICLE, {"text": "Prices will rise by 2027, she said."})
    assert response.status_code == 400
    assert "no dated dateline" in response.context["form"].errors["published_on"][0]


def test_the_source_keeps_the_article_and_a_second_claim_reuses_it(alice):
    links = [s["link"] for s in suggestions(alice).context["suggestions"]["predictions"]]

    first = file_from(alice, links[1])
    second = file_from(alice, links[0], predictor="Skanderail's chief executive")

    assert first.statement is not None and second.statement is not None
    source = first.statement.source
    assert second.statement.source == source
    assert Source.objects.count() == 1
    assert source.text == ARTICLE.strip()
    assert source.text_sha256 == hashlib.sha256(ARTICLE.strip().encode()).hexdigest()
    assert first.statement.said_on == first.made_on == dt.date(2026, 11, 20)
    assert first.resolves_on == dt.date(2027, 12, 31)
    assert first.claim == "Skanderail runs night trains from Stockholm to Berlin by the end of 2027"


def test_a_known_source_without_text_captures_the_article(alice, contributor):
    known = Source.objects.create(title="Night trains", url="https://example.com/night-trains")
    links = suggestions(alice, url="https://example.com/night-trains")
    file_from(alice, links.context["suggestions"]["predictions"][1]["link"])

    known.refresh_from_db()
    assert known.text == ARTICLE.strip()
    assert Source.objects.count() == 1


def test_an_article_from_another_session_is_not_kept(alice, client, other_contributor):
    link = suggestions(alice).context["suggestions"]["predictions"][1]["link"]
    alice.logout()
    client.force_login(other_contributor)

    prediction = file_from(client, link)

    assert prediction.statement is not None
    assert prediction.statement.source.text == ""


def test_a_sentence_quoting_nobody_is_filed_as_a_paraphrase(alice):
    unquoted = suggestions(alice).context["suggestions"]["predictions"][0]
    assert link_params(unquoted["link"])["quote_is_paraphrase"] == "1"

    prediction = file_from(alice, unquoted["link"], predictor="Skanderail's chief executive")

    assert prediction.statement is not None and prediction.statement.is_paraphrase
    page = Page(alice.get(prediction.get_absolute_url()).content.decode())
    assert "not the speaker’s exact words" in page.one("figure.quote").text
    # Listed once reviewed.
    Prediction.objects.filter(pk=prediction.pk).update(review_state="published")
    listed = Page(alice.get(reverse("predictions:list")).content.decode())
    snippet = listed.one(".quote-snippet").text.strip()
    assert snippet.startswith("Paraphrased: Skanderail will run") and "“" not in snippet


def test_the_claim_form_says_the_article_is_kept(alice):
    link = suggestions(alice).context["suggestions"]["predictions"][1]["link"]
    page = Page(alice.get(link).content.decode())
    assert "is kept as this source’s captured text" in page.one("#kept-article").text
    assert page.one("#id_quote_is_paraphrase").get("type") == "checkbox"
    assert Statement.objects.count() == 0


def test_the_article_is_never_given_to_another_pages_source(alice):
    other = Source.objects.create(title="Another page", url="https://example.com/other")
    link = suggestions(alice).context["suggestions"]["predictions"][1]["link"]

    prediction = file_from(alice, link, source_url="https://example.com/other")

    assert prediction.statement is not None and prediction.statement.source == other
    other.refresh_from_db()
    assert other.text == "" and other.text_sha256 == ""


def test_the_same_words_cannot_be_both_quote_and_paraphrase(alice):
    links = [s["link"] for s in suggestions(alice).context["suggestions"]["predictions"]]
    file_from(alice, links[1])

    form = Page(alice.get(links[1]).content.decode())
    data = {
        **form.form_values("form.claim-form"),
        "claim": "Skanderail sells sleeper tickets",
        "quote_is_paraphrase": "on",
        "deadline": "2027-12-31",
    }
    response = alice.post(NEW, data)

    assert response.status_code == 400
    assert (
        "already recorded from this source as the speaker's own"
        in (response.context["form"].errors["quote_is_paraphrase"][0])
    )
    assert Prediction.objects.count() == 1

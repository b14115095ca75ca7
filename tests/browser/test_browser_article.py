"""From an article's text to a correctly dated, correctly attributed claim
without retyping, in Chromium at 1280 and 360 px: the dateline dates the
words, the quoted sentence gives the speaker's words, the speaker and a
claim in the third person; the filed claim's source keeps the article, with
the quote highlighted in it. Screenshots go to var/screenshots/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from predictions.models import Prediction
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory, make_editor

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

ARTICLE = """Skanderail promises night trains to Berlin

STOCKHOLM, 20 November 2026 — Skanderail will run a nightly sleeper between Stockholm and \
Berlin by the end of 2027, its chief executive said on Thursday.

“We will run night trains from Stockholm to Berlin by the end of 2027,” said Anna Lind, chief \
executive of Skanderail. “The sleeper cars are already on order.”
"""

SIZES: dict[str, ViewportSize] = {
    "wide": {"width": 1280, "height": 900},
    "phone": {"width": 360, "height": 740},
}


@pytest.fixture
def charlie(transactional_db):
    # An editor: what he files is published at once, its source page public.
    return make_editor(UserFactory.create(username="charlie", password=PASSWORD))


@pytest.mark.parametrize("size", SIZES)
def test_an_article_becomes_a_dated_attributed_claim(live_server, page: Page, charlie, size):
    page.set_viewport_size(SIZES[size])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "charlie", then="/predictions/new/from-article/")

    page.get_by_label("The article's title").fill("Skanderail promises night trains to Berlin")
    page.get_by_label("The article's text").fill(ARTICLE)
    page.get_by_role("button", name="Find claims").click()

    expect(page.locator("#dateline")).to_contain_text(
        "“STOCKHOLM, 20 November 2026”: its words were said on 20 November 2026"
    )
    quoted = page.locator("ol.suggestions li", has_text="said Anna Lind").first
    expect(quoted).to_contain_text("Anna Lind · deadline 31 December 2027")
    expect(quoted).to_contain_text("Quoted in the speaker’s words")
    page.screenshot(path=SCREENSHOTS / f"article-step-{size}.png", full_page=True)
    quoted.get_by_role("link", name="File this prediction").click()

    expect(page.get_by_label("The testable claim")).to_have_value(
        "Skanderail runs night trains from Stockholm to Berlin by the end of 2027"
    )
    expect(page.get_by_label("The words, verbatim")).to_have_value(
        "We will run night trains from Stockholm to Berlin by the end of 2027"
    )
    expect(page.get_by_label("Who said it")).to_have_value("Anna Lind")
    expect(page.get_by_label("When it was said")).to_have_value("2026-11-20")
    expect(page.get_by_label("These are the source’s words")).not_to_be_checked()
    expect(page.locator("#deadline-preview")).to_have_text(
        "“by the end of 2027” → 31 December 2027"
    )
    expect(page.locator("#kept-article")).to_contain_text("is kept as this source’s captured text")
    page.screenshot(path=SCREENSHOTS / f"article-claim-form-{size}.png", full_page=True)
    page.get_by_role("button", name="File the claim").click()

    expect(page).to_have_url(re.compile(r"/predictions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Skanderail runs night trains from Stockholm to Berlin by the end of 2027"
    )
    quote = page.locator("figure.quote")
    expect(quote).to_contain_text("Anna Lind")
    expect(quote).to_contain_text("20 November 2026")
    page.screenshot(path=SCREENSHOTS / f"article-filed-{size}.png", full_page=True)
    prediction = Prediction.objects.get()
    assert str(prediction.resolves_on) == "2027-12-31"
    assert str(prediction.made_on) == "2026-11-20"

    quote.get_by_role("link", name="Skanderail promises night trains to Berlin").click()

    expect(page.locator(".source-text mark")).to_have_text(
        "We will run night trains from Stockholm to Berlin by the end of 2027"
    )
    expect(page.locator(".source-text")).to_contain_text("STOCKHOLM, 20 November 2026")

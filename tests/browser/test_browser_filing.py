"""Alice files the seed's prediction in Chromium: the deadline preview as she
types, the article step that finds the prediction for her, and the same
form working with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from predictions.demo import SEED_FILE
from predictions.models import Prediction
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def alice(transactional_db):
    return UserFactory.create(username="alice", password=PASSWORD)


def test_the_preview_shows_the_date_the_words_give(live_server, page: Page, alice):
    sign_in(page, live_server.url, "alice", then="/predictions/new/")

    page.get_by_label("When it was said").fill("2025-02-01")
    page.get_by_label("Deadline").press_sequentially("within 18 months")

    expect(page.locator("#deadline-preview")).to_have_text("“within 18 months” → 1 August 2026")
    expect(page.locator("#id_confirm_deadline")).to_have_value("2026-08-01")

    page.get_by_label("Deadline").fill("whenever")
    expect(page.locator("#deadline-preview")).to_contain_text("No deadline found")


def test_the_article_step_files_the_seed_prediction(live_server, page: Page, alice):
    sign_in(page, live_server.url, "alice", then="/predictions/new/")
    page.get_by_role("link", name="Start from its text").click()

    page.get_by_label("The article's title").fill("OpenAI: We are on the wrong side of history")
    page.get_by_label("Published on").fill("2025-02-01")
    page.get_by_label("The article's text").fill(SEED_FILE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Find claims").click()

    suggestion = page.locator("ol.suggestions li", has_text="within the next month").first
    expect(suggestion).to_contain_text("1 March 2025")
    suggestion.get_by_role("link", name="File this prediction").click()

    expect(page.get_by_label("Deadline")).to_have_value("within the next month")
    expect(page.locator("#deadline-preview")).to_have_text("“within the next month” → 1 March 2025")
    expect(page.locator("#hedge-hint")).to_contain_text("roughly even chance")
    page.get_by_label("Who said it").fill("The article's commentator")
    page.get_by_label("The testable claim").fill("OpenAI open-sources one of its models")
    page.get_by_role("button", name="File the claim").click()

    expect(page).to_have_url(re.compile(r"/predictions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "OpenAI open-sources one of its models"
    )
    expect(page.locator("article")).to_contain_text("1 March 2025")
    prediction = Prediction.objects.get()
    assert str(prediction.resolves_on) == "2025-03-01"
    assert prediction.deadline_text == "within the next month"
    assert prediction.confidence is None  # the hedge was offered, not stored


def test_without_javascript_the_date_is_confirmed_on_submit(live_server, browser: Browser, alice):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "alice", then="/predictions/new/")

    page.get_by_label("Source title").fill("An interview")
    page.get_by_label("Published on").fill("2025-02-01")
    page.get_by_label("The words, verbatim").fill("We will ship it within 18 months.")
    page.get_by_label("Who said it").fill("A Founder")
    page.get_by_label("The testable claim").fill("The product ships")
    page.get_by_label("Deadline").fill("within 18 months")
    page.get_by_role("button", name="File the claim").click()

    expect(page.locator("#deadline-confirmation")).to_contain_text("1 August 2026")
    assert Prediction.objects.count() == 0
    page.get_by_role("button", name="File with this deadline").click()

    expect(page).to_have_url(re.compile(r"/predictions/\d+/$"))
    assert str(Prediction.objects.get().resolves_on) == "2026-08-01"
    context.close()

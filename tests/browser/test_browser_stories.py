"""The web UI's stories end to end in Chromium: a reader filters the list and
opens a prediction; a newcomer signs up, confirms her address and files the
seed article's claim from the article step; an editor resolves it and the
person's record moves."""

import re

import pytest
from playwright.sync_api import Page, expect

from predictions.demo import SEED_FILE, load_demo
from tests.support.browser import confirm_address, sign_up
from tests.support.factories import PASSWORD, UserFactory, make_editor

pytestmark = pytest.mark.browser

SEED_CLAIM = "OpenAI open-sources one of its models"


def test_a_reader_filters_the_list_and_opens_a_prediction(
    live_server, page: Page, transactional_db
):
    load_demo()
    page.goto(f"{live_server.url}/predictions/")

    page.get_by_label("Status").select_option("due")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"status=due"))
    expect(page.get_by_role("status")).to_have_text("2 predictions match.")
    page.get_by_role("link", name="Example: the Riverton bridge reopens to traffic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Example: the Riverton bridge reopens to traffic"
    )


def test_a_newcomer_files_the_seed_and_an_editor_resolves_it(
    live_server, page: Page, transactional_db, settings
):
    charlie = UserFactory.create(username="charlie", password=PASSWORD)
    make_editor(charlie)
    base = live_server.url
    settings.SITE_URL = base

    # Erin signs up from the home page, and confirms her address from the
    # email a worker sends her.
    sign_up(page, base, "erin")
    confirm_address(page, base, "erin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # ... and files the seed article's prediction from the article step.
    page.get_by_role("link", name="File a claim").first.click()
    page.get_by_role("link", name="Start from its text").click()
    page.get_by_label("Published on").fill("2025-02-01")
    page.get_by_label("The article's title").fill("OpenAI: We are on the wrong side of history")
    page.get_by_label("The article's text").fill(SEED_FILE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Find claims").click()
    page.locator("ol.suggestions li", has_text="within the next month").first.get_by_role(
        "link", name="File this prediction"
    ).click()
    page.get_by_label("Who said it").fill("The article's commentator")
    page.get_by_label("The testable claim").fill(SEED_CLAIM)
    page.get_by_role("button", name="File the claim").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_CLAIM)
    expect(page.locator("main")).to_contain_text("1 March 2025")
    expect(page.locator("#review-state")).to_contain_text("Awaiting review.")
    prediction_url = page.url

    # Charlie, an editor, approves it from the page and will resolve it.
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.goto(f"{base}/accounts/login/?next={prediction_url.removeprefix(base)}")
    page.get_by_label("Username").fill("charlie")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: the claim is published")
    expect(page.locator("#review-state")).to_have_count(0)

    # Its deadline has passed: the person's record shows it overdue.
    page.get_by_role("link", name="The article's commentator").first.click()
    expect(page.locator("main")).to_contain_text("1 overdue")
    person_url = page.url
    page.goto(prediction_url)
    page.get_by_role("link", name="Resolve", exact=True).click()
    page.get_by_role("radio", name="Wrong", exact=True).check()
    page.get_by_label("Note").fill("gpt-oss came on 5 August 2025, after the deadline.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("heading", name="Outcome: Wrong")).to_be_visible()

    # The person's record moves from overdue to resolved.
    page.goto(person_url)
    expect(page.locator("main")).to_contain_text("0 overdue, 1 resolved")

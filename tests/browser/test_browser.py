"""A reader, in a real browser, finds the seed prediction on the ledger, opens
it from the keyboard and reads the quote and how it turned out."""

import re

import pytest
from playwright.sync_api import Page, expect

from predictions.demo import load_demo

pytestmark = pytest.mark.browser

SEED_CLAIM = "OpenAI open-sources one of its models"
SEED_QUOTE = "OpenAI may move towards open sourcing its models within the next month"


@pytest.fixture
def demo_ledger(transactional_db):
    # Committed rows (not a test transaction), so the live server's thread,
    # on its own database connection, sees them.
    load_demo()


def test_reader_opens_the_seed_prediction_from_the_ledger(live_server, page: Page, demo_ledger):
    page.goto(f"{live_server.url}/")

    expect(page).to_have_title("Hindsight")
    link = page.get_by_role("link", name=SEED_CLAIM)
    expect(link).to_be_visible()

    link.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/predictions/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_CLAIM)
    expect(page.locator("article > figure.quote blockquote")).to_have_text(SEED_QUOTE)
    # What else the article reports, and where it was first said.
    context = page.get_by_role("region", name="Also in this source")
    expect(context).to_contain_text("wrong side of history")
    expect(context.get_by_role("link", name=re.compile("AMA with OpenAI"))).to_be_visible()
    # Resolved: the outcome says so, once (no status line beside it).
    expect(page.get_by_role("heading", name="Outcome: Wrong")).to_be_visible()
    expect(page.locator("p.status")).to_have_count(0)
    expect(page.locator("ol.timeline li")).to_have_count(2)

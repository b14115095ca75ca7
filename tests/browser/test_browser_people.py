"""In Chromium: a reader finds Sam Altman on the people page, reads his
"wrong side of history" quote and sees it highlighted in the source's text;
a signed-in reader follows a person."""

import re

import pytest
from playwright.sync_api import Page, expect

from predictions.demo import load_demo
from predictions.models import Follow
from tests.support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

QUOTE = "wrong side of history"


@pytest.fixture
def demo_ledger(transactional_db):
    # Committed rows, so the live server's thread on its own connection sees them.
    load_demo()


@pytest.fixture
def alice(transactional_db):
    return UserFactory.create(username="alice", password=PASSWORD)


def test_reader_goes_from_a_person_to_the_quote_in_its_source(live_server, page: Page, demo_ledger):
    page.goto(f"{live_server.url}/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")

    page.get_by_label("Search people").fill("Altman")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/people/\?q=Altman"))
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Sam Altman").click()

    expect(page).to_have_url(re.compile(r"/people/sam-altman/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Altman")
    # The article's report of his words (the AMA's record of them is listed too).
    statement = page.locator("#statements li").filter(has=page.get_by_text(QUOTE, exact=True))
    expect(statement.locator("blockquote")).to_have_text(QUOTE)
    statement.get_by_role("link", name=re.compile("Wrong Side Of History")).click()

    expect(page).to_have_url(re.compile(r"/sources/\d+/$"))
    marked = page.locator(".source-text mark", has_text=QUOTE)
    expect(marked.first).to_be_visible()
    expect(marked.first).to_have_text(QUOTE)
    expect(
        page.locator("#statements").get_by_role("link", name="Sam Altman", exact=True)
    ).to_be_visible()


def test_signed_in_reader_follows_a_person(live_server, page: Page, demo_ledger, alice):
    page.goto(f"{live_server.url}/people/sam-altman/")
    page.locator("main").get_by_role("link", name="Sign in", exact=True).click()

    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(re.compile(r"/people/sam-altman/$"))
    page.get_by_role("button", name="Follow", exact=True).click()

    expect(page).to_have_url(re.compile(r"/people/sam-altman/$"))
    expect(page.get_by_role("status")).to_contain_text("You follow Sam Altman")
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    assert Follow.objects.filter(user=alice, person__slug="sam-altman").exists()

    page.get_by_role("button", name="Unfollow").click()

    expect(page.get_by_role("button", name="Follow", exact=True)).to_be_visible()
    assert not Follow.objects.filter(user=alice).exists()


def test_reader_types_part_of_a_name_and_picks_the_person(live_server, page: Page, demo_ledger):
    page.goto(f"{live_server.url}/predictions/")
    person = page.get_by_label("Person")

    person.press_sequentially("forec")

    # The datalist is filled from /suggest/people/ as the name is typed.
    options = page.locator("datalist#person-names option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Example Forecaster")
    expect(options.first).to_have_attribute("data-slug", "example-forecaster")
    person.fill("Example Forecaster")  # what picking the option types
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"/predictions/\?.*person=Example\+Forecaster"))
    expect(page.get_by_role("status")).to_contain_text("match")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Example Forecaster")
    for row in rows.all():
        expect(row).to_contain_text("Example Forecaster")


def test_reader_searches_by_a_name(live_server, page: Page, demo_ledger):
    page.goto(f"{live_server.url}/predictions/")
    page.get_by_label("Search").fill("forecaster bridge")
    page.get_by_role("button", name="Show").click()

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Riverton bridge")

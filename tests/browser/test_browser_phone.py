"""In Chromium at 360 px: a reader of the predictions list sees each stacked
value with its column's name, the filters folded behind "Filters" with those
in force as chips, and takes a filter off with its chip; at 1280 px the
filters are open. Screenshots go to var/screenshots/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from predictions.demo import load_demo
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory, make_editor

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture
def demo_ledger(transactional_db):
    load_demo()


def label_before(cell) -> str:
    """The text CSS puts before a cell (its column's name, on a phone)."""
    return cell.evaluate("(el) => getComputedStyle(el, '::before').content")


def test_a_phone_reader_reads_labelled_rows_and_takes_a_filter_off(
    live_server, page: Page, demo_ledger
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/predictions/?status=due&tag=example")

    panel = page.locator("details.filter-panel")
    expect(panel).not_to_have_attribute("open", "")
    expect(page.get_by_label("Status", exact=True)).to_be_hidden()
    expect(page.get_by_label("Search")).to_be_visible()
    expect(panel.locator("summary")).to_have_text("Filters (2 on)")
    chips = page.get_by_role("list", name="Filters on").get_by_role("link")
    expect(chips).to_have_count(2)
    expect(chips.first).to_have_accessible_name("Remove the filter Status: Due")

    row = page.locator("table.ledger tbody tr").first
    assert label_before(row.locator("td[data-label=Deadline]")) == '"Deadline: "'
    assert label_before(row.locator("td[data-label=Status]")) == '"Status: "'
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "phone-list-filtered.png", full_page=True)

    chips.first.click()

    expect(page).not_to_have_url(re.compile(r"status="))
    expect(page.get_by_role("list", name="Filters on").get_by_role("link")).to_have_count(1)
    panel.locator("summary").click()
    expect(page.get_by_label("Status", exact=True)).to_be_visible()


def test_a_wide_screen_shows_the_filters_and_the_rows_need_no_labels(
    live_server, page: Page, demo_ledger
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/predictions/")

    expect(page.get_by_label("Status", exact=True)).to_be_visible()
    expect(page.locator('nav[aria-label="Site"] a[aria-current="page"]')).to_have_text(
        "Predictions"
    )
    cell = page.locator("table.ledger tbody tr").first.locator("td[data-label=Deadline]")
    assert label_before(cell) == "none"


def top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"]


def test_a_phone_header_takes_two_lines(live_server, page: Page, demo_ledger):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    # The brand shares its line with the account's links ...
    brand = top(page.locator(".brand"))
    account = page.get_by_role("navigation", name="Account").get_by_role("link")
    assert all(abs(top(link) - brand) < 12 for link in account.all())
    # ... and the sections take one line below it.
    sections = page.get_by_role("navigation", name="Site").get_by_role("link")
    lines = {round(top(link)) for link in sections.all()}
    assert len(lines) == 1 and min(lines) > brand + 12


def test_an_editors_phone_header_still_takes_two_lines(live_server, page: Page, demo_ledger):
    make_editor(UserFactory.create(username="edna", password=PASSWORD))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "edna", then="/predictions/")

    sections = page.get_by_role("navigation", name="Site").get_by_role("link")
    expect(sections).to_have_text(["Predictions", "People", "Sources", "File a claim", "Review"])
    assert len({round(top(link)) for link in sections.all()}) == 1
    assert top(sections.first) > top(page.locator(".brand")) + 12
    # The section that does not fit is cut at the edge, and scrolls into
    # view when reached by keyboard (static/js/site-nav.js).
    review = page.get_by_role("link", name="Review", exact=True)
    assert right_edge(review) > PHONE["width"]
    page.get_by_role("link", name="File a claim").focus()
    page.keyboard.press("Tab")
    expect(review).to_be_focused()
    assert right_edge(review) <= PHONE["width"]
    page.keyboard.press("Enter")
    expect(review).to_have_attribute("aria-current", "page")
    assert right_edge(review) <= PHONE["width"]  # the current section is shown


def right_edge(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"]

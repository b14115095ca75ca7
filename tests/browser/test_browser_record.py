"""A reader sees a forecaster's record on their page in Chromium: the words,
the calibration chart and its table of numbers."""

import pytest
from playwright.sync_api import Page, expect

from predictions.demo import load_demo

pytestmark = pytest.mark.browser


def test_the_person_page_shows_the_calibration_chart(live_server, page: Page, transactional_db):
    load_demo()
    page.goto(f"{live_server.url}/people/example-forecaster/")

    record = page.locator("#record")
    expect(record).to_contain_text("Example Forecaster was right 1 of 3 scored, 1 partly")
    chart = record.get_by_role("img", name="How well Example Forecaster's confidence matched")
    expect(chart).to_be_visible()
    # Right at 80% and wrong at 90% (partly right is not a yes-or-no outcome).
    expect(chart.locator("circle")).to_have_count(2)
    page.get_by_text("The numbers behind the chart").click()
    expect(record.locator("table").first).to_be_visible()

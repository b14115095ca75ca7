"""A reader sees a forecaster's record on their page in Chromium: the words,
the calibration chart with each band's count, and its table of numbers; a
record too short for a chart says so. At 1280 and 360 px, with screenshots
under var/screenshots/."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, ViewportSize, expect

from predictions.demo import load_demo

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SIZES: dict[str, ViewportSize] = {
    "wide": {"width": 1280, "height": 900},
    "phone": {"width": 360, "height": 740},
}


@pytest.mark.parametrize("size", SIZES)
def test_the_person_page_shows_the_calibration_chart(
    live_server, page: Page, transactional_db, size
):
    load_demo()
    page.set_viewport_size(SIZES[size])
    page.goto(f"{live_server.url}/people/example-analyst/")

    record = page.locator("#record")
    expect(record).to_contain_text("Example Analyst was right in 4 of 7 scored predictions")
    chart = record.get_by_role("img", name="How well Example Analyst's confidence matched")
    expect(chart).to_be_visible()
    # Seven resolved right or wrong, each at its own confidence: a circle each, counted.
    expect(chart.locator("circle")).to_have_count(7)
    expect(chart.locator(".chart-counts text")).to_have_text(["1"] * 7)
    box = chart.bounding_box()
    assert box is not None and box["width"] <= SIZES[size]["width"]  # nothing off the screen
    page.screenshot(path=SCREENSHOTS / f"record-calibration-{size}.png", full_page=True)
    page.get_by_text("The numbers behind the chart").click()
    expect(record.locator("table").first).to_be_visible()


def test_a_record_too_short_for_a_chart_says_so(live_server, page: Page, transactional_db):
    load_demo()
    page.goto(f"{live_server.url}/people/example-forecaster/")

    record = page.locator("#record")
    expect(record.locator(".chart-calibration")).to_have_count(0)
    expect(record).to_contain_text(
        "Not enough resolved predictions with a confidence yet for a calibration chart: "
        "2 so far, and it is drawn from 5."
    )

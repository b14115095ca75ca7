"""The story that made review necessary, in Chromium.

Erin signs up and cannot file before confirming her address; once she has,
her claim about Sam Example waits for review and his page stays as it was;
her "wrong" from the due email is a proposal; Charlie, an editor, approves
the claim and confirms the outcome from the review queue, and only then does
Sam Example's record move: from right in 1 of 2 to right in 1 of 3 (the API's
scores: Brier 0.200, then 0.347, in tests/api/test_api_trust_story.py).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from predictions.models import Prediction
from tests.predictions.notifications.resolve_links import link as email_link
from tests.predictions.notifications.resolve_links import notify
from tests.support.browser import confirm_address, sign_in, sign_up
from tests.support.factories import PASSWORD, UserFactory, make_editor
from tests.support.stories import public_figure_with_a_record

pytestmark = pytest.mark.browser

CLAIM = "Example Co releases its model's weights"
# Too few outcomes for a score to be shown (records.SCORE_MINIMUM): the
# counts move instead, of outcomes and of confidences the Brier score will use.
BEFORE = "was right in 1 of 2 scored predictions."
AFTER = "was right in 1 of 3 scored predictions."
BRIER_BEFORE = "for a Brier score yet: 2 so far"
BRIER_AFTER = "for a Brier score yet: 3 so far"


@pytest.fixture
def sam(transactional_db):
    charlie = make_editor(UserFactory.create(username="charlie", password=PASSWORD))
    return public_figure_with_a_record(charlie)


def record_on(page: Page, base: str) -> str:
    page.goto(f"{base}/people/sam-example/")
    return page.locator("#record").inner_text()


def test_a_newcomer_changes_a_record_only_through_an_editor(live_server, page: Page, sam, settings):
    base = live_server.url
    settings.SITE_URL = base
    assert BEFORE in record_on(page, base)
    assert BRIER_BEFORE in record_on(page, base)

    # Erin signs up; before she confirms, the claim form tells her to.
    sign_up(page, base, "erin")
    sign_in(page, base, "erin", then="/predictions/new/")
    expect(page.locator("main")).to_contain_text("Confirm your email address first")
    expect(page.get_by_label("The testable claim")).to_have_count(0)

    confirm_address(page, base, "erin")

    # She files a claim about Sam Example: it awaits review.
    page.goto(f"{base}/predictions/new/")
    page.get_by_label("Who said it").fill("Sam Example")
    page.get_by_label("When it was said").fill("2026-02-01")
    page.get_by_label("The testable claim").fill(CLAIM)
    page.get_by_label("Deadline").fill("2026-03-01")
    page.get_by_label("Confidence").fill("80%")
    page.get_by_label("Stated by the speaker").check()
    page.get_by_role("button", name="File the claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CLAIM)
    expect(page.locator("#review-state")).to_contain_text("Awaiting review.")
    prediction = Prediction.objects.get(claim=CLAIM)
    assert prediction.predictor == sam  # picked by name: no second Sam Example
    record = record_on(page, base)
    assert BEFORE in record and BRIER_BEFORE in record

    # Charlie approves it from the review queue: it counts, its outcome still open.
    page.get_by_role("button", name=re.compile("Sign out")).click()
    sign_in(page, base, "charlie", then="/review/")
    queued = page.locator("article.queue-item", has_text=CLAIM)
    queued.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status")).to_contain_text("Approved")
    record = record_on(page, base)
    assert BEFORE in record and BRIER_BEFORE in record
    page.get_by_role("button", name=re.compile("Sign out")).click()

    # Her "wrong" from the due email is a proposal, with its evidence.
    erin = prediction.filed_by
    assert erin is not None
    path = email_link(notify(erin, Prediction.objects.get(pk=prediction.pk)), "wrong")
    page.goto(base + path)
    page.get_by_label("Evidence URL").fill("https://news.example.com/no-release")
    page.get_by_role("button", name="Propose: wrong").click()
    expect(page.locator(".proposal")).to_contain_text("Proposed: wrong, by erin")
    record = record_on(page, base)
    assert BEFORE in record and BRIER_BEFORE in record

    # Charlie confirms it: only now does the record move.
    sign_in(page, base, "charlie", then="/review/")
    queued = page.locator("article.queue-item", has_text=CLAIM)
    queued.get_by_role("button", name="Confirm: wrong").click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed")
    record = record_on(page, base)
    assert AFTER in record and BRIER_AFTER in record
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.status, stored.outcome, stored.resolved_by) == ("resolved", "wrong", erin)

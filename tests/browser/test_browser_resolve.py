"""Charlie, an editor, resolves a due prediction from its page in Chromium
with the keyboard alone; Bob, a contributor, may only propose an outcome, with
its evidence, for an editor to confirm; Una, whose address is unconfirmed,
may do neither."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from predictions import services
from predictions.models import Prediction
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory, make_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    alice = UserFactory.create(username="alice", password=PASSWORD)
    UserFactory.create(username="bob", password=PASSWORD)
    UserFactory.create(username="una", password=PASSWORD, verified=False)
    charlie = UserFactory.create(username="charlie", password=PASSWORD)
    make_editor(charlie)
    return alice, charlie


@pytest.fixture
def due(people) -> Prediction:
    """Filed by Alice and approved by Charlie; its deadline passed long ago, so it is due."""
    alice, charlie = people
    filed = services.file_claim(
        filed_by=alice,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        made_on=dt.date(2025, 1, 10),
        resolves_on=dt.date(2025, 6, 30),
        quote="The bridge will reopen by the end of June.",
        source_title="Mayor promises bridge",
    )
    return services.review_claim(prediction=filed, actor=charlie, decision="approve")


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus, as someone without a mouse would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_an_editor_resolves_a_due_prediction_by_keyboard(live_server, page: Page, due):
    sign_in(page, live_server.url, "charlie", then=due.get_absolute_url())
    expect(page.locator(".countdown")).to_contain_text(re.compile(r"overdue by \d+ days"))

    tab_to(page, page.get_by_role("link", name="Resolve", exact=True))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Resolve this prediction")
    expect(page.locator("blockquote")).to_have_text("The bridge will reopen by the end of June.")
    tab_to(page, page.get_by_role("radio", name="Right", exact=True))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Wrong", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Right", exact=True)).not_to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Note")).to_be_focused()
    page.keyboard.type("Still closed in July 2025.")
    tab_to(page, page.get_by_role("button", name="Record the outcome"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}{due.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text("Resolved: Wrong.")
    expect(page.get_by_role("heading", name="Outcome: Wrong")).to_be_visible()
    entry = page.locator("ol.timeline > li").last
    expect(entry).to_contain_text("Resolved by charlie")
    expect(entry).to_contain_text("Wrong")
    expect(entry).to_contain_text("Still closed in July 2025.")
    resolved = Prediction.objects.get(pk=due.pk)
    assert (resolved.status, resolved.outcome) == ("resolved", "wrong")
    assert resolved.resolved_by is not None
    assert resolved.resolved_by.username == "charlie"


def test_a_contributor_proposes_an_outcome_with_its_evidence(live_server, page: Page, due):
    sign_in(page, live_server.url, "bob", then=due.get_absolute_url())
    expect(page.get_by_role("link", name="Resolve", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Propose an outcome").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose an outcome")
    page.get_by_role("radio", name="Wrong", exact=True).check()
    page.get_by_role("button", name="Propose this outcome").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Give the address of a page that shows what happened."
    )
    page.get_by_label("Evidence URL").fill("https://news.example.com/still-closed")
    page.get_by_role("button", name="Propose this outcome").click()

    expect(page).to_have_url(f"{live_server.url}{due.get_absolute_url()}")
    expect(page.locator(".proposal")).to_contain_text("Proposed: wrong, by bob")
    expect(page.locator(".proposal")).to_contain_text("awaiting confirmation by an editor")
    stored = Prediction.objects.get(pk=due.pk)
    assert (stored.status, stored.outcome, stored.proposed_outcome) == ("due", "", "wrong")


def test_an_unconfirmed_account_may_not_propose(live_server, page: Page, due):
    sign_in(page, live_server.url, "una", then=due.get_absolute_url())
    expect(page.get_by_role("link", name="Propose an outcome")).to_have_count(0)

    response = page.goto(f"{live_server.url}/predictions/{due.pk}/resolve/")

    assert response is not None and response.status == 403
    expect(page.get_by_text("Confirm your email address first")).to_be_visible()
    expect(page.get_by_role("radio")).to_have_count(0)
    assert Prediction.objects.get(pk=due.pk).status == "due"

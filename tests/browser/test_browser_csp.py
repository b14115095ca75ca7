"""The pages in Chromium under the site's Content-Security-Policy: the
browser refuses nothing (it reports every refusal on the console), the
scripts that are there still run, and the API docs and the admin work."""

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from predictions.demo import load_demo
from predictions.models import Prediction
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory, make_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def ledger(transactional_db):
    load_demo()
    make_editor(UserFactory.create(username="charlie", password=PASSWORD))
    UserFactory.create(username="dana", password=PASSWORD, is_staff=True, is_superuser=True)
    return {"due": Prediction.objects.get(claim="Example: the Riverton bridge reopens to traffic")}


@pytest.fixture
def refusals(page: Page) -> list[str]:
    """What Chromium refused under the policy, as it says on the console."""
    found: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    return found


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")


def test_reader_pages_and_the_api_docs(live_server, page: Page, ledger, refusals):
    base = live_server.url
    for path in ["/", "/predictions/", "/people/", "/people/sam-altman/", "/accounts/login/"]:
        visit(page, base + path)

    visit(page, base + "/api/v1/docs/")
    # Swagger UI ran (its script is a file) and drew the operations.
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert refusals == []


def test_the_filing_forms_scripts_run(live_server, page: Page, ledger, refusals):
    sign_in(page, live_server.url, "charlie", then="/predictions/new/")

    page.get_by_label("When it was said").fill("2025-02-01")
    page.get_by_label("Deadline").press_sequentially("within 18 months")

    expect(page.locator("#deadline-preview")).to_contain_text("1 August 2026")
    visit(page, f"{live_server.url}/predictions/{ledger['due'].pk}/edit/")
    assert refusals == []


def test_the_admin(live_server, page: Page, ledger, refusals):
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    visit(page, f"{base}/admin/predictions/prediction/")
    visit(page, f"{base}/admin/predictions/prediction/{ledger['due'].pk}/change/")
    visit(page, f"{base}/admin/sources/person/add/")
    assert refusals == []

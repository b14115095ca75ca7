"""Every page in Chromium: no serious or critical accessibility violation by
axe-core, in the light colour scheme and the dark; a screenshot at 1280 px and
at 360 px under var/screenshots/."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group
from playwright.sync_api import Page

from accounts.confirmation import make_token
from predictions.demo import load_demo
from predictions.models import Notification, Prediction
from predictions.notifications import links
from predictions.notifications.emails import notification_email
from sources.models import Source
from tests.support.browser import sign_in
from tests.support.factories import PASSWORD, UserFactory, make_editor
from transfer import services as import_services
from transfer.models import ImportJob

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}


@pytest.fixture
def ledger(transactional_db):
    load_demo()
    editor = UserFactory.create(username="charlie", password=PASSWORD)
    make_editor(editor)
    return {
        "seed": Prediction.objects.get(claim="OpenAI open-sources one of its models"),
        "due": Prediction.objects.get(claim="Example: the Riverton bridge reopens to traffic"),
        "source": Source.objects.get(title__startswith="OpenAI"),
        "editor": editor,
    }


def check(page: Page, url: str, name: str, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, f"{name}: {url} gave no response"
    assert response.status == status, f"{name}: {url} answered {response.status}"
    # In the light scheme and the dark one (site.css follows the reader's).
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        results = Axe().run(page)
        serious = [
            v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, f"{name} ({scheme}): " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in serious
        )
    page.emulate_media(color_scheme="light")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reader_pages(live_server, page: Page, ledger):
    base = live_server.url
    pages = {
        "home": "/",
        "predictions": "/predictions/",
        "predictions-filtered": "/predictions/?status=due&sort=deadline",
        # A tag's page: its feeds to subscribe to, and the export of its predictions.
        "predictions-tagged": "/predictions/?tag=example",
        "prediction": ledger["seed"].get_absolute_url(),
        "people": "/people/",
        "person": "/people/sam-altman/",
        "sources": "/sources/",
        "source": f"/sources/{ledger['source'].pk}/",
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
        "password-reset": "/accounts/password_reset/",
        "api-docs": "/api/v1/docs/",
    }
    for name, path in pages.items():
        if name == "api-docs":
            continue  # third-party Swagger UI markup: screenshotted below, not axe-checked
        check(page, base + path, name)
    check(page, base + "/no/such/page/", "not-found", status=404)


def test_contributor_and_editor_pages(live_server, page: Page, ledger):
    base = live_server.url
    sign_in(page, base, "charlie")
    pages = {
        "file-a-claim": "/predictions/new/",
        "from-article": "/predictions/new/from-article/",
        "resolve": f"/predictions/{ledger['due'].pk}/resolve/",
        "edit": f"/predictions/{ledger['due'].pk}/edit/",
        "withdraw": f"/predictions/{ledger['due'].pk}/withdraw/",
        "reopen": f"/predictions/{ledger['seed'].pk}/reopen/",
        "prediction-as-editor": ledger["due"].get_absolute_url(),
        "account": "/accounts/",
        "api-tokens": "/accounts/tokens/",
        "import": "/imports/new/",
        "import-report": f"/imports/{imported_report(ledger).pk}/",
    }
    for name, path in pages.items():
        check(page, base + path, name)


def imported_report(ledger) -> ImportJob:
    """A finished import (a dry run) with rows it left out, as a worker leaves one."""
    fixture = Path(__file__).parent.parent / "transfer" / "formats" / "fixtures"
    job = import_services.queue_import(
        user=ledger["editor"],
        filename="fatebook_2025_01.csv",
        format="fatebook",
        text=(fixture / "fatebook_2025_01.csv").read_text(),
        person="",
        dry_run=True,
    )
    return import_services.run(job.pk)


def test_an_unconfirmed_accounts_pages(live_server, page: Page, ledger):
    base = live_server.url
    erin = UserFactory.create(username="erin", verified=False)
    sign_in(page, base, "erin")
    check(page, base + "/accounts/", "account-unconfirmed")
    check(page, base + "/predictions/new/", "confirm-first", status=403)
    check(page, base + f"/accounts/confirm/{make_token(erin)}/", "confirm-address")
    check(page, base + "/accounts/confirm/garbled/", "confirm-link-invalid", status=400)


def test_the_email_and_the_pages_its_links_open(live_server, page: Page, ledger, settings):
    settings.SITE_URL = live_server.url
    charlie = Group.objects.get(name="editors").user_set.get()
    due, resolved = (
        Notification.objects.create(recipient=charlie, prediction=prediction, kind="due")
        for prediction in (ledger["due"], ledger["seed"])
    )

    # The email itself, as a mail client would show its HTML part.
    html, _ = notification_email([due]).alternatives[0]
    assert isinstance(html, str)
    page.set_content(html)
    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    page.screenshot(path=SCREENSHOTS / "due-email.png", full_page=True)

    check(page, links.resolve_url(due, "wrong"), "email-resolve")
    check(page, links.resolve_url(resolved, "right"), "email-already-resolved", status=410)
    check(page, f"{live_server.url}/email/resolve/forged/", "email-link-invalid", status=400)
    check(page, links.unsubscribe_url(charlie.pk, ["due"]), "email-unsubscribe")
    check(page, f"{live_server.url}/predictions/?tag=openai", "predictions-by-tag")

"""Every page carries the Content-Security-Policy, and none needs it relaxed:
no inline script, no <style>, no style="..." attribute, no on...= handler
anywhere in its HTML. (The browser tests run the same pages in Chromium,
which enforces the policy; this finds the culprit without a browser.)"""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from accounts.confirmation import make_token
from predictions.demo import load_demo
from predictions.models import Prediction
from predictions.records.charts import CHART_MINIMUM
from sources.models import Person, Source
from tests.support.factories import PredictionFactory, UserFactory, make_editor

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# Scripts of these types are data the page's scripts read, never run.
DATA_SCRIPTS = {"application/json", "application/ld+json"}


def inline_code(html: str) -> list[str]:
    """Each piece of inline script or style in the page, described."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "script" and not tag.get("src") and tag.get("type") not in DATA_SCRIPTS:
            found.append(f"inline <script>: {tag.get_text()[:60]!r}")
        if tag.name == "style":
            found.append(f"<style>: {tag.get_text()[:60]!r}")
        for name in tag.attrs:
            if name == "style" or name.startswith("on"):
                found.append(f'<{tag.name} {name}="{tag[name]}">')
    return found


@pytest.fixture
def ledger(db):
    load_demo()
    # Enough resolved predictions with a confidence that the person's page
    # draws its calibration chart, an SVG in the page.
    for _ in range(CHART_MINIMUM):
        PredictionFactory(
            predictor=Person.objects.get(slug="sam-altman"),
            confidence=Decimal("0.7"),
            status="resolved",
            outcome="right",
        )
    return {
        "seed": Prediction.objects.get(claim="OpenAI open-sources one of its models"),
        "due": Prediction.objects.get(claim="Example: the Riverton bridge reopens to traffic"),
        "source": Source.objects.get(title__startswith="OpenAI"),
        "person": Person.objects.get(slug="sam-altman"),
    }


def reader_pages(ledger) -> dict[str, tuple[str, int]]:
    return {
        "home": ("/", 200),
        "predictions": ("/predictions/", 200),
        "predictions-filtered": ("/predictions/?status=due&sort=deadline", 200),
        "prediction": (ledger["seed"].get_absolute_url(), 200),
        "people": ("/people/", 200),
        "person": (f"/people/{ledger['person'].slug}/", 200),
        "sources": ("/sources/", 200),
        "source": (f"/sources/{ledger['source'].pk}/", 200),
        "sign-in": ("/accounts/login/", 200),
        "sign-up": ("/accounts/signup/", 200),
        "password-reset": ("/accounts/password_reset/", 200),
        "not-found": ("/no/such/page/", 404),
        "api-docs": ("/api/v1/docs/", 200),
    }


def editor_pages(ledger) -> dict[str, tuple[str, int]]:
    due = ledger["due"].pk
    return {
        "file-a-claim": ("/predictions/new/", 200),
        "from-article": ("/predictions/new/from-article/", 200),
        "resolve": (f"/predictions/{due}/resolve/", 200),
        "edit": (f"/predictions/{due}/edit/", 200),
        "withdraw": (f"/predictions/{due}/withdraw/", 200),
        "reopen": (f"/predictions/{ledger['seed'].pk}/reopen/", 200),
        "prediction-as-editor": (ledger["due"].get_absolute_url(), 200),
        "review-queue": ("/review/", 200),
        "person-merge": (f"/people/{ledger['person'].slug}/merge/", 200),
        "account": ("/accounts/", 200),
        "api-tokens": ("/accounts/tokens/", 200),
    }


def admin_pages(ledger) -> dict[str, tuple[str, int]]:
    return {
        "admin": ("/admin/", 200),
        "admin-predictions": ("/admin/predictions/prediction/", 200),
        "admin-prediction": (f"/admin/predictions/prediction/{ledger['seed'].pk}/change/", 200),
        "admin-person": (f"/admin/sources/person/{ledger['person'].pk}/change/", 200),
    }


def assert_strict(client: Client, pages: dict[str, tuple[str, int]]) -> None:
    for name, (path, status) in pages.items():
        response = client.get(path)
        assert response.status_code == status, f"{name}: {path} answered {response.status_code}"
        assert response["Content-Security-Policy"] == POLICY, name
        assert inline_code(response.content.decode()) == [], name


def test_a_readers_pages(client, ledger):
    assert_strict(client, reader_pages(ledger))

    assert "chart-calibration" in client.get("/people/sam-altman/").content.decode()


def test_an_editors_pages(client, ledger):
    client.force_login(make_editor(UserFactory(username="charlie")))

    assert_strict(client, editor_pages(ledger))


def test_an_unconfirmed_accounts_pages(client, ledger):
    erin = UserFactory(username="erin", verified=False)
    client.force_login(erin)

    assert_strict(
        client,
        {
            "account-unconfirmed": ("/accounts/", 200),
            "confirm-first": ("/predictions/new/", 403),
            "confirm-address": (f"/accounts/confirm/{make_token(erin)}/", 200),
            "confirm-link-invalid": ("/accounts/confirm/garbled/", 400),
        },
    )


def test_the_admins_pages(client, ledger, staff):
    client.force_login(staff)

    assert_strict(client, admin_pages(ledger))


def test_the_api_docs_load_their_script_from_the_site(client, db):
    page = BeautifulSoup(client.get("/api/v1/docs/").content.decode(), "html.parser")
    sources = [script["src"] for script in page.find_all("script")]

    assert "/api/v1/docs/?script=" in sources
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_the_check_finds_what_it_is_for():
    page = (
        '<p style="color:red" onclick="go()">x</p><style>p{}</style><script>go()</script>'
        '<script type="application/json">{}</script><script src="/static/a.js"></script>'
    )

    assert len(inline_code(page)) == 4

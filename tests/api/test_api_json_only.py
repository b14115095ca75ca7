"""API writes take JSON only: a form or multipart body is a 415 saying what to
send, and stores nothing. The browsable API still renders for a signed-in
user, offering its raw JSON form (and no HTML form, which would post a form
body), and what that form posts is accepted."""

import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from predictions.models import Prediction
from sources.models import Person
from tests.support.api import client_for

pytestmark = pytest.mark.django_db

FILING = {
    "claim": "OpenAI open-sources one of its models",
    "predictor": {"name": "A Pundit"},
    "resolves_on": "2030-01-01",
}
UNSUPPORTED = re.compile(
    r'Unsupported media type "(multipart/form-data|application/x-www-form-urlencoded)[^"]*"'
    r" in request\. The API takes JSON: send Content-Type: application/json\."
)


def refused(response) -> bool:
    return (
        response.status_code == 415
        and response["Content-Type"] == "application/json"
        and UNSUPPORTED.fullmatch(response.json()["detail"]) is not None
    )


@pytest.mark.parametrize("form_format", ["multipart", "form"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/predictions/"),
        ("post", "/api/v1/people/"),
        ("post", "/api/v1/suggest/"),
        ("patch", "/api/v1/predictions/{pk}/"),
    ],
)
def test_a_form_body_is_415_and_stores_nothing(editor, form_format, method, path):
    client = client_for(editor)
    if "{pk}" in path:
        created = client.post("/api/v1/predictions/", FILING, format="json")
        assert created.status_code == 201, created.content
        path = path.format(pk=created.json()["id"])
    people, predictions = Person.objects.count(), Prediction.objects.count()
    # Flat fields a form can carry; the predictor as a slug-like name.
    body = {**FILING, "predictor": "A Pundit", "name": "Someone New", "version": "1"}
    body["claim"] = "Changed"

    if form_format == "form":
        encoded = urlencode(body)
        response = getattr(client, method)(
            path, encoded, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = getattr(client, method)(path, body, format="multipart")

    assert refused(response), response.content[:300]
    assert (Person.objects.count(), Prediction.objects.count()) == (people, predictions)
    assert not Prediction.objects.filter(claim="Changed").exists()


def test_the_browsable_api_offers_its_raw_json_form_and_no_html_form(editor):
    client = Client()
    client.force_login(editor)

    page = client.get("/api/v1/predictions/", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    assert 'id="post-generic-content-form"' in html
    assert _content_types(html, "post-generic-content-form") == ["application/json"]
    # The HTML form would post form-encoded fields, which the API refuses.
    assert 'id="post-object-form"' not in html


def test_a_predictions_browsable_page_offers_its_raw_json_edit_form(editor):
    client = Client()
    client.force_login(editor)
    filed = client.post("/api/v1/predictions/", FILING, content_type="application/json")
    assert filed.status_code == 201, filed.content[:300]

    page = client.get(f"/api/v1/predictions/{filed.json()['id']}/", headers={"Accept": "text/html"})

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-method="PATCH"' in html
    assert _content_types(html, "put-generic-content-form") == ["application/json"]


def test_what_the_raw_form_posts_is_filed(editor):
    """The raw form's script posts the textarea as the chosen content type,
    with the page's CSRF token in a header; CSRF is checked as in a browser."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    html = client.get("/api/v1/predictions/", headers={"Accept": "text/html"}).content.decode()
    script = re.search(r'<script type="application/json" id="drf_csrf">(.*?)</script>', html, re.S)
    assert script is not None
    csrf = json.loads(script.group(1))

    response = client.post(
        "/api/v1/predictions/",
        json.dumps(FILING),
        content_type="application/json",
        headers={"Accept": "text/html", csrf["csrfHeaderName"]: csrf["csrfToken"]},
    )

    assert response.status_code == 201, response.content[:300]
    assert Prediction.objects.get().claim == FILING["claim"]


def _content_types(html: str, form_id: str) -> list[str]:
    """The content types a raw-data form offers."""
    start = html.index(f'id="{form_id}"')
    return re.findall(r"<option[^>]*>([^<]+)</option>", html[start : html.index("</form>", start)])

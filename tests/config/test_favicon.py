"""The site's icon: named by every page, and found at /favicon.ico too."""

import pytest

from tests.support.html import page

pytestmark = pytest.mark.django_db


def test_every_page_names_the_icon_and_favicon_ico_leads_to_it(client):
    icon = page(client.get("/")).one('link[rel="icon"]')
    assert icon["type"] == "image/svg+xml"
    href = str(icon["href"])
    assert href.endswith("favicon.svg")

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == href

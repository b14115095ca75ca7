"""A password reset, end to end: the request queues the user's id on the test
Redis, a real worker writes the link and sends it through a real SMTP server,
and the link, followed by a real HTTP client, sets the new password."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.integration.email.support import worker_settings
from tests.integration.email.web import browser, fetch
from tests.support.factories import UserFactory
from tests.support.html import Page
from tests.support.markers import END_TO_END
from tests.support.worker import wait_for

pytestmark = END_TO_END

PASSWORD = "a long enough passphrase 42"


def test_a_worker_sends_the_reset_link_and_it_sets_the_password(celery, smtp, live_server, client):
    UserFactory.create(username="fiona")
    smtp.start()
    processes = celery(**worker_settings(smtp, SITE_URL=live_server.url))
    processes.start_worker()

    # Autocommit, as in production: the task is queued inside the request.
    response = client.post(reverse("password_reset"), {"email": "fiona@example.com"})

    assert response.status_code == 302
    assert wait_for(lambda: len(smtp.inbox) >= 1), processes.log()
    [received] = smtp.inbox.messages
    assert received.to == "fiona@example.com"
    assert received.message["Subject"] == "Choose a new Hindsight password"
    body = received.message.get_content()
    found = re.search(rf"{re.escape(live_server.url)}/accounts/reset/\S+", body)
    assert found is not None, body
    link = found[0]

    http = browser()
    # Django trades the token in the link for one in the session, then redirects.
    status, form_path, _ = fetch(http, link)
    assert status == 302, form_path
    status, _, page = fetch(http, live_server.url + form_path)
    assert status == 200
    assert "Choose a new password" in page
    csrf = Page(page).one('form[method="post"] input[name="csrfmiddlewaretoken"]')["value"]
    status, done, _ = fetch(
        http,
        live_server.url + form_path,
        {"csrfmiddlewaretoken": csrf, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert (status, done) == (302, reverse("password_reset_complete"))
    assert get_user_model().objects.get(username="fiona").check_password(PASSWORD)

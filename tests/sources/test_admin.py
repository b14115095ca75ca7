"""Dana adds and edits sources in the admin, and they are stored as every
other source is: the URL normalised, the text fingerprinted, one source per
page. A URL another source has is a message on the form, not a server error."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from sources.models import Source
from tests.support.factories import SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:sources_source_add")
NO_STATEMENTS = {
    "statements-TOTAL_FORMS": "0",
    "statements-INITIAL_FORMS": "0",
    "statements-MIN_NUM_FORMS": "0",
    "statements-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def dana(client, staff):
    client.force_login(staff)
    return client


def source_form(**fields) -> dict[str, str]:
    return {
        "url": "",
        "title": "A story",
        "publisher": "",
        "published_on": "2026-01-05",
        "kind": "article",
        "description": "",
        "text": "",
        "archive_url": "",
        "added_by": "",
        **NO_STATEMENTS,
        "_save": "Save",
        **fields,
    }


def test_an_added_source_is_stored_normalised_with_its_fingerprint(dana):
    response = dana.post(
        ADD,
        source_form(
            url="https://NEWS.Example.COM/story/?utm_source=feed&gclid=xyz&page=2",
            text="The words as captured.",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()
    assert source.url == "https://news.example.com/story?page=2"
    assert source.text_sha256 == hashlib.sha256(b"The words as captured.").hexdigest()


def test_a_url_another_source_has_is_a_form_error(dana):
    SourceFactory(url="https://news.example.com/story", title="The first telling")

    response = dana.post(ADD, source_form(url="https://News.Example.com/story/?utm_medium=x"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "The first telling" in errors["url"][0]
    assert Source.objects.count() == 1


def test_editing_a_source_keeps_the_fingerprint_of_the_captured_text(dana, client):
    source = SourceFactory(
        url="https://news.example.com/story",
        text="Old.",
        text_sha256=hashlib.sha256(b"Old.").hexdigest(),
    )
    change = reverse("admin:sources_source_change", args=[source.pk])

    response = dana.post(
        change, source_form(url="https://news.example.com/story#top", text="New words.")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.url == "https://news.example.com/story"
    assert source.text_sha256 == hashlib.sha256(b"Old.").hexdigest()
    # So the source's page says the text is not what was captured.
    page = client.get(reverse("predictions:source", args=[source.pk])).content.decode()
    assert "edited since it was captured" in page


def test_a_cited_quote_is_corrected_with_a_reason_and_keeps_where_it_was_said(client, staff):
    """Its words change only through the correction service (with a reason,
    on every citing prediction's history); who said it, where and when stay
    as filed."""
    from predictions import services

    cited = services.file_claim(
        filed_by=staff,
        claim="It happens",
        predictor="A Pundit",
        resolves_on=dt.date(2030, 1, 1),
        quote="It will happen by 2030.",
        source_title="An interview",
        made_on=dt.date(2026, 1, 5),
    ).statement
    assert cited is not None
    loose = StatementFactory(text="Something said in passing.")
    client.force_login(staff)

    cited_form = client.get(reverse("admin:sources_statement_change", args=[cited.pk]))
    loose_form = client.get(reverse("admin:sources_statement_change", args=[loose.pk]))

    cited_html = cited_form.content.decode()
    assert 'name="text"' in cited_html
    assert 'name="reason"' in cited_html
    for fixed in ("speaker", "source", "said_on"):
        assert f'name="{fixed}"' not in cited_html
    assert 'name="text"' in loose_form.content.decode()
    assert 'name="speaker"' in loose_form.content.decode()

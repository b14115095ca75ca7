"""A prediction's page answers a signed-out reader's If-None-Match with 304
while nothing it shows has changed, and renders afresh after any change:
resolving, editing, a dispute, a corrected source, a new day. Signed-in
readers' pages (their actions, a CSRF token) are rendered every time."""

import datetime as dt

import pytest

from predictions import services
from sources.models import Statement
from sources.services import create_statement, save_source
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def page(prediction) -> str:
    return f"/predictions/{prediction.pk}/"


def first_look(client, prediction):
    response = client.get(page(prediction))
    assert response.status_code == 200
    return response["ETag"]


def test_a_repeat_visit_is_answered_304(client, filed):
    etag = first_look(client, filed)

    again = client.get(page(filed), HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_the_page_asks_to_be_revalidated(client, filed):
    response = client.get(page(filed))

    assert "no-cache" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.has_header("Last-Modified")


def test_a_304_costs_one_query(client, filed, django_assert_num_queries):
    etag = first_look(client, filed)
    with django_assert_num_queries(1):
        assert client.get(page(filed), HTTP_IF_NONE_MATCH=etag).status_code == 304


def resolve(prediction, editor, contributor, frozen_now):
    services.resolve_prediction(prediction=prediction, outcome="wrong", actor=editor)


def edit(prediction, editor, contributor, frozen_now):
    services.edit_prediction(
        prediction=prediction, actor=editor, changes={"claim": "OpenAI releases a model's weights"}
    )


def dispute(prediction, editor, contributor, frozen_now):
    # Opening a dispute leaves the prediction's row (and version) alone.
    services.open_dispute(
        prediction=prediction, actor=contributor, subject="quote", reason="Not what was said."
    )


def correct_source(prediction, editor, contributor, frozen_now):
    source = prediction.statement.source
    source.title = "OpenAI: on the wrong side of history"
    save_source(source=source)


def mark_paraphrase(prediction, editor, contributor, frozen_now):
    # In the admin: the quote was the source's paraphrase all along.
    Statement.objects.filter(pk=prediction.statement.pk).update(is_paraphrase=True)


def another_quote_from_the_source(prediction, editor, contributor, frozen_now):
    # The page lists what else its quote's source records.
    create_statement(
        source=prediction.statement.source,
        speaker=prediction.predictor,
        text="Something else they said.",
    )


def next_day(prediction, editor, contributor, frozen_now):
    # "N days overdue" counts from today.
    frozen_now.shift(24 * 3600)


@pytest.mark.parametrize(
    "change",
    [
        resolve,
        edit,
        dispute,
        correct_source,
        mark_paraphrase,
        another_quote_from_the_source,
        next_day,
    ],
)
def test_any_change_renders_the_page_afresh(client, filed, editor, contributor, frozen_now, change):
    etag = first_look(client, filed)

    change(filed, editor, contributor, frozen_now)
    response = client.get(page(filed), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert client.get(page(filed), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_signed_in_readers_get_their_own_page_each_time(client, filed):
    etag = first_look(client, filed)
    client.force_login(UserFactory())

    response = client.get(page(filed), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert b"csrfmiddlewaretoken" in response.content


def test_a_claim_awaiting_review_stays_hidden(client, contributor, frozen_now):
    claim = services.file_claim(
        filed_by=contributor,
        claim="Something happens",
        predictor="Someone",
        resolves_on=dt.date(2030, 1, 1),
    )

    response = client.get(page(claim), HTTP_IF_NONE_MATCH="*")

    assert response.status_code == 404
    assert not response.has_header("ETag")

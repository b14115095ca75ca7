"""The predictions endpoints: reading, filing, editing and resolving over
HTTP, each through the same services as the web, with the field named in
every refusal and nothing stored on one."""

import datetime as dt

import pytest

from core.errors import InvalidInput
from predictions import services
from predictions.models import Prediction, PredictionEvent
from sources.models import Person, Source, Statement
from tests.support.api import client_for
from tests.support.factories import PersonFactory, PredictionFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/predictions/"


def detail(pk) -> str:
    return f"/api/v1/predictions/{pk}/"


@pytest.fixture
def filed(contributor, frozen_now):
    """Alice files the seed's claim as the article's commentator said it."""
    return services.file_claim(
        filed_by=contributor,
        claim="OpenAI open-sources one of its models",
        predictor="Article commentator",
        quote="OpenAI may move towards open sourcing its models within the next month",
        source_url="https://example.com/openai-wrong-side",
        source_title="OpenAI: wrong side of history",
        published_on=dt.date(2025, 2, 1),
        resolves_on=dt.date(2025, 3, 1),
        deadline_text="within the next month",
        tags=["openai", "open-source"],
    )


SEED_CLAIM = {
    "claim": "OpenAI open-sources one of its models",
    "predictor": {"name": "Article commentator"},
    "quote": "OpenAI may move towards open sourcing its models within the next month",
    "source_url": "https://example.com/openai-wrong-side?utm_source=x",
    "source_title": "OpenAI: wrong side of history",
    "published_on": "2025-02-01",
    "deadline_text": "within the next month",
    "tags": ["openai", "open-source"],
}


# --- reading ------------------------------------------------------------------


def test_anyone_reads_a_prediction_in_the_documented_shape(filed):
    response = client_for().get(detail(filed.pk))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "url",
        "page_url",
        "claim",
        "predictor",
        "statement",
        "made_on",
        "resolves_on",
        "deadline_text",
        "confidence",
        "status",
        "outcome",
        "resolution_note",
        "evidence_url",
        "resolved_at",
        "tags",
        "created_at",
        "updated_at",
        "version",
    }
    assert body["url"] == f"http://testserver/api/v1/predictions/{filed.pk}/"
    assert body["page_url"] == f"http://testserver/predictions/{filed.pk}/"
    assert body["predictor"] == {"slug": "article-commentator", "name": "Article commentator"}
    assert body["statement"]["speaker"]["slug"] == "article-commentator"
    assert body["statement"]["source"] == {
        "id": filed.statement.source_id,
        "url": "https://example.com/openai-wrong-side",
        "title": "OpenAI: wrong side of history",
        "published_on": "2025-02-01",
    }
    assert (body["made_on"], body["resolves_on"]) == ("2025-02-01", "2025-03-01")
    assert body["deadline_text"] == "within the next month"
    assert sorted(body["tags"]) == ["open-source", "openai"]
    assert (body["status"], body["outcome"], body["version"]) == ("due", "", 1)


def test_an_unknown_prediction_is_404():
    response = client_for().get(detail(999999))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_detail_answers_304_when_unchanged(filed, contributor):
    client = client_for()
    first = client.get(detail(filed.pk))
    etag = first["ETag"]
    assert first["Last-Modified"]

    assert client.get(detail(filed.pk), HTTP_IF_NONE_MATCH=etag).status_code == 304
    since = first["Last-Modified"]
    assert client.get(detail(filed.pk), HTTP_IF_MODIFIED_SINCE=since).status_code == 304

    services.resolve_prediction(prediction=filed, outcome="wrong", actor=contributor)
    changed = client.get(detail(filed.pk), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def make_ledger(count: int) -> None:
    for n in range(count):
        statement = StatementFactory()
        prediction = PredictionFactory(predictor=statement.speaker, statement=statement)
        prediction.tags.set(services.filing.tags_named([f"tag-{n % 3}", "shared"]))


@pytest.mark.parametrize("count", [5, 100])
def test_the_list_runs_a_fixed_number_of_queries(count, django_assert_num_queries):
    make_ledger(count)
    client = client_for()
    # The page, then the tags of the page's predictions: nothing per row.
    with django_assert_num_queries(2):
        response = client.get(LIST, {"page_size": 200})
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [5, 100])
def test_the_detail_runs_a_fixed_number_of_queries(count, django_assert_num_queries):
    make_ledger(count)
    prediction = Prediction.objects.last()
    with django_assert_num_queries(2):
        assert client_for().get(detail(prediction.pk)).status_code == 200


def test_pages_follow_a_cursor():
    make_ledger(7)
    client = client_for()
    first = client.get(LIST, {"page_size": 5, "ordering": "resolves_on"}).json()
    second = client.get(first["next"]).json()

    ids = [p["id"] for p in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 7
    assert second["next"] is None


def test_filters(frozen_now):
    alice = PersonFactory(slug="alice-pundit")
    early = PredictionFactory(
        predictor=alice,
        made_on=dt.date(2025, 1, 1),
        resolves_on=dt.date(2025, 6, 1),
        status="resolved",
        outcome="right",
    )
    late = PredictionFactory(made_on=dt.date(2026, 1, 1), resolves_on=dt.date(2027, 1, 1))
    late.tags.set(services.filing.tags_named(["energy"]))
    client = client_for()

    def ids(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return {p["id"] for p in response.json()["results"]}

    assert ids(status="resolved") == {early.pk}
    assert ids(outcome="right") == {early.pk}
    assert ids(person="alice-pundit") == {early.pk}
    assert ids(tag="energy") == {late.pk}
    assert ids(due_before="2025-12-31") == {early.pk}
    assert ids(due_after="2026-01-01") == {late.pk}
    assert ids(made_after="2025-06-01") == {late.pk}
    ordered = client.get(LIST, {"ordering": "-resolves_on"}).json()["results"]
    assert [p["id"] for p in ordered] == [late.pk, early.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"ordering": "claim"}, "ordering"),
        ({"due_before": "next week"}, "due_before"),
        ({"outcome": "maybe"}, "outcome"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(params, field):
    response = client_for().get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_full_text_finds_a_word_of_the_quote(filed):
    other = PredictionFactory(claim="Fusion power reaches the grid")
    client = client_for()

    found = client.get(LIST, {"q": "sourcing"}).json()["results"]
    assert [p["id"] for p in found] == [filed.pk]
    assert [p["id"] for p in client.get(LIST, {"q": "fusion"}).json()["results"]] == [other.pk]
    assert client.get(LIST, {"q": "wrong side"}).json()["results"][0]["id"] == filed.pk


# --- filing -------------------------------------------------------------------


def test_filing_needs_a_signed_in_user():
    response = client_for().post(LIST, SEED_CLAIM, format="json")
    assert response.status_code == 401
    assert Prediction.objects.count() == 0


def test_a_contributor_files_the_seed_claim_with_words_for_a_deadline(contributor):
    response = client_for(contributor).post(LIST, SEED_CLAIM, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["resolves_on"] == "2025-03-01"  # a month after it was said
    assert body["made_on"] == "2025-02-01"
    assert body["deadline_text"] == "within the next month"
    assert body["statement"]["source"]["url"] == "https://example.com/openai-wrong-side"
    prediction = Prediction.objects.get()
    assert prediction.filed_by == contributor
    assert prediction.events.get().kind == "filed"


def test_filing_reuses_a_person_by_slug(contributor):
    PersonFactory(slug="sam-altman", name="Sam Altman")
    response = client_for(contributor).post(
        LIST,
        {
            "claim": "GPT-6 ships",
            "predictor": "sam-altman",
            "resolves_on": "2030-01-01",
            "made_on": "2026-01-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"claim": "x" * 501}, "claim"),
        ({"quote": "q" * 5001}, "quote"),
        ({"tags": ["t" * 51]}, "tags"),
        ({"tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"deadline_text": "soon"}, "deadline_text"),
        ({"deadline_text": "", "resolves_on": None}, "resolves_on"),
        ({"predictor": "nobody-by-this-slug"}, "predictor"),
        ({"predictor": {"nom": "x"}}, "predictor"),
        ({"confidence": 1.5}, "confidence"),
        ({"published_on": "1 Feb"}, "published_on"),
        ({"source_url": "not a url"}, "source_url"),
        ({"source_url": "", "source_title": ""}, "source_title"),
        ({"resolves_on": "2025-01-01"}, "resolves_on"),
    ],
)
def test_bad_claims_are_400_naming_the_field_and_store_nothing(contributor, change, field):
    payload = {key: value for key, value in {**SEED_CLAIM, **change}.items() if value is not None}
    response = client_for(contributor).post(LIST, payload, format="json")

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert Prediction.objects.count() == 0
    assert Statement.objects.count() == 0
    assert Source.objects.count() == 0
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [{"deadline_text": ""}, {"source_url": "", "source_title": ""}],
    ids=["no deadline", "a quote without its source"],
)
def test_rules_across_fields_answer_with_the_services_own_errors(contributor, change):
    """The serializer checks each field; file_claim checks how they go together."""
    payload = {**SEED_CLAIM, **change}
    arguments = {
        **payload,
        "predictor": payload["predictor"]["name"],
        "published_on": dt.date.fromisoformat(payload["published_on"]),
    }
    with pytest.raises(InvalidInput) as refused:
        services.file_claim(filed_by=contributor, **arguments)

    response = client_for(contributor).post(LIST, payload, format="json")

    assert response.status_code == 400
    assert response.json() == refused.value.errors
    assert Person.objects.count() == 0


def test_an_oversize_body_is_413(contributor):
    payload = {**SEED_CLAIM, "quote": "x" * (1024 * 1024 + 1)}
    response = client_for(contributor).post(LIST, payload, format="json")
    assert response.status_code == 413
    assert Prediction.objects.count() == 0


def test_malformed_json_is_400(contributor):
    response = client_for(contributor).post(LIST, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


# --- editing and resolving ------------------------------------------------------


def test_the_filer_edits_with_the_current_version(filed, contributor):
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "claim": "OpenAI open-sources a model"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["claim"] == "OpenAI open-sources a model"
    assert response.json()["version"] == 2


def test_new_deadline_words_recompute_the_date(filed, contributor):
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "deadline_text": "within three months"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["resolves_on"] == "2025-05-01"


def test_a_stale_version_is_409_with_the_current_one(filed, contributor, editor):
    services.edit_prediction(prediction=filed, actor=editor, changes={"claim": "Edited"})
    response = client_for(contributor).patch(
        detail(filed.pk), {"version": 1, "claim": "Mine"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert Prediction.objects.get(pk=filed.pk).claim == "Edited"


def test_editing_needs_the_version(filed, contributor):
    response = client_for(contributor).patch(detail(filed.pk), {"claim": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


@pytest.mark.parametrize(
    ("persona", "code"), [(None, 401), ("other_contributor", 403), ("editor", 200)]
)
def test_who_may_edit(filed, request, persona, code):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).patch(
        detail(filed.pk), {"version": 1, "claim": "Changed"}, format="json"
    )
    assert response.status_code == code


def test_the_filer_resolves_with_evidence(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/",
        {
            "outcome": "wrong",
            "note": "gpt-oss came in August.",
            "evidence_url": "https://openai.com/index/introducing-gpt-oss/",
            "version": 1,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["version"]) == ("resolved", "wrong", 2)
    assert body["evidence_url"] == "https://openai.com/index/introducing-gpt-oss/"


@pytest.mark.parametrize(
    ("persona", "code"), [(None, 401), ("other_contributor", 403), ("editor", 200)]
)
def test_who_may_resolve(filed, request, persona, code):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).post(
        detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json"
    )
    assert response.status_code == code
    assert (Prediction.objects.get(pk=filed.pk).status == "resolved") == (code == 200)


def test_resolving_with_a_bad_outcome_names_it(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/", {"outcome": "kinda"}, format="json"
    )
    assert response.status_code == 400
    assert "outcome" in response.json()


def test_resolving_a_withdrawn_prediction_is_409(filed, contributor, editor):
    services.withdraw_prediction(prediction=filed, actor=editor, reason="Duplicate.")
    response = client_for(contributor).post(
        detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json"
    )
    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]


def test_an_editor_reopens_and_withdraws_with_a_reason(filed, contributor, editor):
    services.resolve_prediction(prediction=filed, outcome="right", actor=contributor)
    client = client_for(editor)

    missing = client.post(detail(filed.pk) + "reopen/", {}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()

    reopened = client.post(
        detail(filed.pk) + "reopen/", {"reason": "Misread the news."}, format="json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "due"

    withdrawn = client.post(detail(filed.pk) + "withdraw/", {"reason": "Misquote."}, format="json")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_contributor_cannot_withdraw(filed, contributor):
    response = client_for(contributor).post(
        detail(filed.pk) + "withdraw/", {"reason": "Mine."}, format="json"
    )
    assert response.status_code == 403
    assert Prediction.objects.get(pk=filed.pk).status == "due"


def test_the_timeline(filed, contributor):
    services.resolve_prediction(prediction=filed, outcome="wrong", actor=contributor)
    response = client_for().get(detail(filed.pk) + "events/")

    assert response.status_code == 200
    assert [(e["kind"], e["actor"]) for e in response.json()] == [
        ("filed", "alice"),
        ("resolved", "alice"),
    ]
    assert PredictionEvent.objects.count() == 2


def test_a_session_user_needs_csrf_to_write(filed, contributor):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(contributor)
    response = client.post(detail(filed.pk) + "resolve/", {"outcome": "right"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]

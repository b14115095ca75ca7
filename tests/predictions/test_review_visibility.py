"""A claim awaiting review is its filer's and the editors' business only: it
is at its address for them, with a banner, and nowhere else — not in the
lists, search, the home page, a person's or a source's page, the leaderboard,
anyone's record, or the API for others."""

import datetime as dt

import pytest

from predictions import records, services
from predictions.models import Prediction
from tests.support.api import client_for
from tests.support.factories import PersonFactory

pytestmark = pytest.mark.django_db

CLAIM = "Zanzibar ferries run on hydrogen"
QUOTE = "Zanzibar's ferries will run on hydrogen within a month."


@pytest.fixture
def pending(contributor, frozen_now) -> Prediction:
    person = PersonFactory(name="Pat Pundit", slug="pat-pundit")
    claim = services.file_claim(
        filed_by=contributor,
        claim=CLAIM,
        predictor=person,
        made_on=dt.date(2026, 1, 1),
        resolves_on=dt.date(2026, 2, 1),
        confidence=0.8,
        confidence_basis="stated",
        quote=QUOTE,
        source_url="https://news.example.com/zanzibar",
        source_title="Ferries of the future",
    )
    assert (claim.review_state, claim.status) == ("pending", "due")
    return claim


PUBLIC_PAGES = [
    "/",
    "/predictions/",
    "/predictions/?q=zanzibar",
    "/predictions/?status=due",
    "/people/",
    "/people/pat-pundit/",
    "/people/?sort=overdue",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_shows_it(client, pending, path):
    response = client.get(path)
    assert response.status_code == 200
    assert CLAIM not in response.content.decode()


def test_its_quote_is_not_on_its_speakers_or_its_sources_page(client, pending, editor):
    source = pending.statement.source
    for path in (f"/sources/{source.pk}/", "/people/pat-pundit/"):
        page = client.get(path).content.decode()
        assert CLAIM not in page
        assert "ferries will run on hydrogen" not in page
    statements = client_for().get("/api/v1/statements/").json()["results"]
    assert statements == []

    services.review_claim(prediction=pending, actor=editor, decision="approve")
    assert "ferries will run on hydrogen" in client.get("/people/pat-pundit/").content.decode()
    assert len(client_for().get("/api/v1/statements/").json()["results"]) == 1


def test_nobody_else_may_watch_it_or_learn_it_exists(client, pending, other_contributor):
    watch = f"/predictions/{pending.pk}/watch/"
    missing = f"/predictions/{pending.pk + 1000}/watch/"
    assert client.post(watch).status_code == client.post(missing).status_code == 404
    client.force_login(other_contributor)
    assert client.post(watch).status_code == 404
    assert CLAIM not in client.get("/accounts/").content.decode()


def test_the_claim_form_warns_of_a_duplicate_only_with_claims_one_may_see(
    client, pending, other_contributor, contributor
):
    form = {
        "predictor": "Pat Pundit",
        "claim": CLAIM + "!",
        "deadline": "2026-12-31",
        "said_on": "2026-03-01",
    }
    client.force_login(other_contributor)
    assert CLAIM not in client.post("/predictions/new/", form).content.decode()
    client.force_login(contributor)
    assert CLAIM in client.post("/predictions/new/", form).content.decode()


def test_what_it_brought_is_in_no_list_until_it_is_published(client, pending, editor):
    """Its person, source and tag are new and nothing published uses them."""
    pending.tags.set([pending.tags.model.objects.create(name="Hydrogen", slug="hydrogen")])

    def listed() -> tuple:
        return (
            "Pat Pundit" in client.get("/people/").content.decode(),
            "Ferries of the future" in client.get("/sources/").content.decode(),
            [p["slug"] for p in client_for().get("/api/v1/people/").json()["results"]],
            [s["title"] for s in client_for().get("/api/v1/sources/").json()["results"]],
            [t["slug"] for t in client_for().get("/api/v1/tags/").json()["results"]],
        )

    PersonFactory(name="Lone Voice", slug="lone-voice")  # added on its own: listed
    assert listed() == (False, False, ["lone-voice"], [], [])
    # Its person's own page still answers (the filer follows the link there).
    assert client.get("/people/pat-pundit/").status_code == 200

    services.review_claim(prediction=pending, actor=editor, decision="approve")
    assert listed() == (
        True,
        True,
        ["lone-voice", "pat-pundit"],
        ["Ferries of the future"],
        ["hydrogen"],
    )


def test_nobodys_record_counts_it(pending):
    for record in (records.person_record(pending.predictor), records.site_record()):
        assert (record.predictions, record.overdue) == (0, 0)


def test_the_api_lists_it_only_for_its_filer_and_editors(pending, contributor, editor):
    def listed(user, **query) -> list[int]:
        body = client_for(user).get("/api/v1/predictions/", query).json()
        return [row["id"] for row in body["results"]]

    assert listed(None) == []
    assert listed(None, review_state="pending") == []
    assert listed(contributor) == []  # published ones, unless asked
    assert listed(contributor, review_state="pending") == [pending.pk]
    assert listed(editor, review_state="pending") == [pending.pk]
    assert client_for().get(f"/api/v1/predictions/{pending.pk}/").status_code == 404
    person = client_for().get("/api/v1/people/pat-pundit/").json()
    assert person["record"]["predictions"] == 0


def test_an_unknown_review_state_is_a_400_naming_it(pending):
    response = client_for().get("/api/v1/predictions/", {"review_state": "maybe"})
    assert response.status_code == 400
    assert "review_state" in response.json()


def test_its_page_is_its_filers_and_the_editors_with_a_banner(
    client, pending, contributor, other_contributor, editor
):
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(other_contributor)
    assert client.get(pending.get_absolute_url()).status_code == 404
    for user in (contributor, editor):
        client.force_login(user)
        page = client.get(pending.get_absolute_url()).content.decode()
        assert "Awaiting review." in page


def test_once_approved_it_is_everywhere(
    client, pending, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.review_claim(prediction=pending, actor=editor, decision="approve")

    for path in ("/predictions/", "/predictions/?q=zanzibar", "/people/pat-pundit/"):
        assert CLAIM in client.get(path).content.decode()
    assert "Awaiting review." not in client.get(pending.get_absolute_url()).content.decode()
    assert (
        records.person_record(pending.predictor).predictions,
        records.site_record().overdue,
    ) == (
        1,
        1,
    )

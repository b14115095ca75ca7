"""Two records of one person become one: an editor merges the duplicate into
the record that stays. Its predictions (each with an event), quotes and
followers move; its address leads to the other for good; it leaves every
list; the track records follow."""

import pytest
from django.urls import reverse

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import records
from predictions.models import Follow, Prediction, PredictionEvent
from predictions.services.people import merge_people
from sources.models import Person, Statement
from tests.support.api import client_for
from tests.support.factories import (
    PersonFactory,
    PredictionFactory,
    StatementFactory,
    UserFactory,
)
from tests.support.html import Page, attribute

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate():
    return PersonFactory(name="S. Altman", slug="s-altman")


@pytest.fixture
def altman():
    return PersonFactory(name="Sam Altman", slug="sam-altman")


def merge_url(person: Person) -> str:
    return reverse("predictions:person-merge", args=[person.slug])


# --- The service ------------------------------------------------------------


def test_predictions_quotes_and_followers_move_with_an_event_each(editor, duplicate, altman):
    statement = StatementFactory(speaker=duplicate)
    moved = [
        PredictionFactory(predictor=duplicate, statement=statement),
        PredictionFactory(predictor=duplicate),
    ]
    kept = PredictionFactory(predictor=altman)
    follower, follows_both = UserFactory(), UserFactory()
    Follow.objects.create(user=follower, person=duplicate)
    Follow.objects.create(user=follows_both, person=duplicate)
    Follow.objects.create(user=follows_both, person=altman)

    merged = merge_people(from_person=duplicate, into_person=altman, actor=editor)

    assert (merged.predictions, merged.follows) == (2, 1)
    assert set(Prediction.objects.filter(predictor=altman)) == {*moved, kept}
    assert Statement.objects.get(pk=statement.pk).speaker == altman
    assert set(Follow.objects.values_list("user", "person")) == {
        (follower.pk, altman.pk),
        (follows_both.pk, altman.pk),
    }
    duplicate.refresh_from_db()
    assert duplicate.merged_into == altman
    for prediction in moved:
        prediction.refresh_from_db()
        assert prediction.version == 2
        event = prediction.events.get()
        assert event.kind == PredictionEvent.Kind.EDITED
        assert event.actor == editor
        assert event.data == {"changes": {"predictor": ["s-altman", "sam-altman"]}, "merge": True}
    assert not kept.events.exists()


def test_the_track_records_follow_the_predictions(
    editor, duplicate, altman, django_capture_on_commit_callbacks
):
    PredictionFactory(predictor=duplicate, status="resolved", outcome="right")
    # Read, so that both records are cached before the merge.
    assert records.person_record(duplicate).resolved == 1
    assert records.person_record(altman).resolved == 0

    with django_capture_on_commit_callbacks(execute=True):
        merge_people(from_person=duplicate, into_person=altman, actor=editor)

    assert records.person_record(altman).resolved == 1
    assert records.person_record(duplicate).resolved == 0


def test_the_account_moves_to_a_record_without_one(editor, duplicate, altman):
    account = UserFactory()
    duplicate.account = account
    duplicate.save()

    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    altman.refresh_from_db()
    duplicate.refresh_from_db()
    assert (altman.account, duplicate.account) == (account, None)


def test_people_merged_into_the_duplicate_before_now_lead_to_the_target(editor, duplicate, altman):
    older = PersonFactory(merged_into=duplicate)

    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    older.refresh_from_db()
    assert older.merged_into == altman


def test_only_an_editor_may_merge(contributor, duplicate, altman):
    PredictionFactory(predictor=duplicate)

    with pytest.raises(NotPermitted):
        merge_people(from_person=duplicate, into_person=altman, actor=contributor)

    assert Prediction.objects.get().predictor == duplicate
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_a_person_cannot_be_merged_into_themselves(editor, altman):
    with pytest.raises(InvalidInput) as raised:
        merge_people(from_person=altman, into_person=altman, actor=editor)
    assert raised.value.errors.keys() == {"into"}


def test_nor_into_someone_merged_already(editor, duplicate, altman):
    third = PersonFactory(merged_into=altman)

    with pytest.raises(InvalidInput) as raised:
        merge_people(from_person=duplicate, into_person=third, actor=editor)
    assert raised.value.errors.keys() == {"into"}


def test_nor_twice(editor, duplicate, altman):
    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    with pytest.raises(InvalidTransition):
        merge_people(from_person=duplicate, into_person=PersonFactory(), actor=editor)


def test_two_people_with_accounts_are_not_merged(editor, duplicate, altman):
    duplicate.account, altman.account = UserFactory(), UserFactory()
    duplicate.save()
    altman.save()
    PredictionFactory(predictor=duplicate)

    with pytest.raises(InvalidInput, match="linked to accounts"):
        merge_people(from_person=duplicate, into_person=altman, actor=editor)

    assert Prediction.objects.get().predictor == duplicate


# --- Addresses and lists ------------------------------------------------------


def test_the_old_page_redirects_for_good(client, editor, duplicate, altman):
    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    response = client.get("/people/s-altman/", {"status": "open"})

    assert response.status_code == 301
    assert response["Location"] == "/people/sam-altman/?status=open"


def test_the_old_api_address_redirects_for_good(editor, duplicate, altman):
    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    response = client_for().get("/api/v1/people/s-altman/")

    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/people/sam-altman/")
    assert client_for().get(response["Location"]).json()["slug"] == "sam-altman"


def test_an_unknown_slug_is_still_404(client):
    assert client.get("/people/nobody/").status_code == 404
    assert client_for().get("/api/v1/people/nobody/").status_code == 404


def test_merged_people_leave_the_lists(client, editor, duplicate, altman):
    PredictionFactory(predictor=duplicate, status="resolved", outcome="right")
    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    listed = Page(client.get("/people/").content.decode())
    board = Page(client.get("/people/", {"sort": "resolved"}).content.decode())
    api = client_for().get("/api/v1/people/").json()

    assert [row["cells"][0] for row in listed.rows] == ["Sam Altman"]
    assert [row["link"] for row in board.rows] == ["/people/sam-altman/"]
    assert [person["slug"] for person in api["results"]] == ["sam-altman"]
    assert [person.slug for person, _ in records.people_with_records()] == ["sam-altman"]


def test_the_history_says_who_said_it_changed(client, editor, duplicate, altman):
    prediction = PredictionFactory(predictor=duplicate)
    merge_people(from_person=duplicate, into_person=altman, actor=editor)

    page = Page(client.get(prediction.get_absolute_url()).content.decode())

    assert "Who said it: s-altman → sam-altman" in page.texts(".changes li")


# --- The editors' pages ---------------------------------------------------------


def test_editors_see_the_merge_form_on_a_persons_page(client, editor, contributor, duplicate):
    client.force_login(editor)
    page = Page(client.get("/people/s-altman/").content.decode())

    form = page.one("details.merge-person form")
    assert attribute(form, "action") == merge_url(duplicate)
    assert page.one("label[for=id_into]").get_text(strip=True).startswith("Merge into")

    client.force_login(contributor)
    assert not Page(client.get("/people/s-altman/").content.decode()).select(".merge-person")


def test_the_merge_is_confirmed_with_what_will_move(client, editor, duplicate, altman):
    PredictionFactory(predictor=duplicate)
    StatementFactory(speaker=duplicate)
    Follow.objects.create(user=UserFactory(), person=duplicate)
    client.force_login(editor)

    asked = client.post(merge_url(duplicate), {"into": "Sam Altman"})

    assert asked.status_code == 200
    page = Page(asked.content.decode())
    assert page.texts(".merge-counts li") == [
        "1 prediction, each with a note on its history",
        "1 quote",
        "1 follower",
    ]
    assert attribute(page.one("#merge-confirmation input[name=into]"), "value") == "sam-altman"
    assert Prediction.objects.get().predictor == duplicate

    done = client.post(merge_url(duplicate), {"into": "sam-altman", "confirmed": "True"})

    assert done.status_code == 302
    assert done["Location"] == "/people/sam-altman/"
    assert Prediction.objects.get().predictor == altman


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("", "This field is required."),
        ("nobody", "No one in the ledger has the slug or the name “nobody”."),
        ("s-altman", "A person cannot be merged into themselves."),
    ],
)
def test_a_bad_target_is_named_on_the_field(client, editor, duplicate, into, message):
    client.force_login(editor)

    response = client.post(merge_url(duplicate), {"into": into, "confirmed": "True"})

    assert response.status_code == 400
    assert response.context["form"].errors["into"] == [message]
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_non_editors_may_not_merge(client, contributor, duplicate, altman):
    assert client.get(merge_url(duplicate)).status_code == 302  # to sign in
    client.force_login(contributor)

    response = client.post(merge_url(duplicate), {"into": "sam-altman", "confirmed": "True"})

    assert response.status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_admin_action_merges_the_one_not_kept(client, staff, duplicate, altman):
    prediction = PredictionFactory(predictor=duplicate)
    client.force_login(staff)
    changelist = reverse("admin:sources_person_changelist")
    selected = {"action": "merge", "_selected_action": [duplicate.pk, altman.pk]}

    asked = client.post(changelist, selected)
    assert asked.status_code == 200
    assert "Keep" in asked.content.decode()

    done = client.post(changelist, {**selected, "into": altman.pk})

    assert done.status_code == 302
    prediction.refresh_from_db()
    assert prediction.predictor == altman
    duplicate.refresh_from_db()
    assert duplicate.merged_into == altman

"""A person on the ledger says "this is me": a verified account asks, an
editor approves (the person's account is set) or declines with a reason, and
the person's page says whose own account it is."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.errors import InvalidInput, InvalidTransition, NotPermitted
from predictions import selectors
from predictions.services.people import (
    approve_account_link,
    decline_account_link,
    request_account_link,
)
from sources.models import AccountLinkRequest, Person
from tests.support.factories import PersonFactory, UserFactory
from tests.support.html import Page, attribute

pytestmark = pytest.mark.django_db

Pending = AccountLinkRequest.State.PENDING


@pytest.fixture
def altman():
    return PersonFactory(name="Sam Altman", slug="sam-altman")


def this_is_me(person: Person) -> str:
    return reverse("predictions:person-this-is-me", args=[person.slug])


def approve(link_request) -> str:
    return reverse("predictions:link-request-approve", args=[link_request.pk])


def decline(link_request) -> str:
    return reverse("predictions:link-request-decline", args=[link_request.pk])


# --- Asking -------------------------------------------------------------------


def test_a_verified_account_asks_from_the_persons_page(client, contributor, altman):
    client.force_login(contributor)
    page = Page(client.get("/people/sam-altman/").content.decode())

    form = page.one("details.this-is-me form")
    assert attribute(form, "action") == this_is_me(altman)
    assert (
        page.one("label[for=id_message]").get_text(strip=True)
        == "A message to the editors(optional)"
    )

    response = client.post(this_is_me(altman), {"message": "My site links here."})

    assert response.status_code == 302
    assert response["Location"] == "/people/sam-altman/"
    request = AccountLinkRequest.objects.get()
    assert (request.person, request.user, request.state, request.message) == (
        altman,
        contributor,
        Pending,
        "My site links here.",
    )
    page = Page(client.get("/people/sam-altman/").content.decode())
    assert page.select("#link-pending")
    assert not page.select(".this-is-me")


def test_asking_twice_is_refused(client, contributor, altman):
    request_account_link(person=altman, account=contributor)
    client.force_login(contributor)

    response = client.post(this_is_me(altman), {"message": "Again"})

    assert response.status_code == 409
    assert "You have asked already" in Page(response.content.decode()).one("#conflict").text
    assert AccountLinkRequest.objects.count() == 1


def test_a_person_with_an_account_takes_no_requests(contributor, altman):
    altman.account = UserFactory()
    altman.save()

    with pytest.raises(InvalidTransition, match="linked to an account already"):
        request_account_link(person=altman, account=contributor)


def test_an_account_that_is_someone_already_may_not_ask(contributor, altman):
    PersonFactory(account=contributor)

    with pytest.raises(InvalidTransition, match="Your account is linked"):
        request_account_link(person=altman, account=contributor)


def test_an_unconfirmed_account_may_not_ask(client, altman):
    unverified = UserFactory(verified=False)
    client.force_login(unverified)

    assert not Page(client.get("/people/sam-altman/").content.decode()).select(".this-is-me")
    assert client.post(this_is_me(altman), {"message": ""}).status_code == 403
    assert not AccountLinkRequest.objects.exists()


def test_visitors_are_sent_to_sign_in(client, altman):
    response = client.post(this_is_me(altman), {"message": ""})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_long_message_is_refused_on_its_field(client, contributor, altman):
    client.force_login(contributor)

    response = client.post(this_is_me(altman), {"message": "x" * 2001})

    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"message"}
    assert not AccountLinkRequest.objects.exists()


# --- Deciding ---------------------------------------------------------------------


def test_an_editor_approves_and_the_others_for_that_person_are_declined(
    client, editor, contributor, other_contributor, altman
):
    asked = request_account_link(person=altman, account=contributor)
    rival = request_account_link(person=altman, account=other_contributor)
    elsewhere = request_account_link(person=PersonFactory(), account=contributor)
    client.force_login(editor)

    response = client.post(approve(asked), {"next": "/people/"})

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    altman.refresh_from_db()
    assert altman.account == contributor
    states = dict(AccountLinkRequest.objects.values_list("pk", "state"))
    assert states == {asked.pk: "approved", rival.pk: "declined", elsewhere.pk: "declined"}
    asked.refresh_from_db()
    assert (asked.decided_by, asked.decided_at is not None) == (editor, True)
    assert not selectors.pending_link_requests().exists()


def test_the_page_says_whose_own_account_it_is(client, editor, contributor, altman):
    approve_account_link(
        link_request=request_account_link(person=altman, account=contributor), actor=editor
    )

    page = Page(client.get("/people/sam-altman/").content.decode())

    assert page.one("#own-account").get_text(strip=True) == (
        "Linked to the account alice: they judge their own forecasts, which are marked self-judged."
    )


def test_an_editor_declines_with_a_reason_the_asker_sees(client, editor, contributor, altman):
    asked = request_account_link(person=altman, account=contributor)
    client.force_login(editor)

    without = client.post(decline(asked), {"reason": "  "})
    assert without.status_code == 400
    asked.refresh_from_db()
    assert asked.state == Pending

    response = client.post(decline(asked), {"reason": "Nothing shows it is you."})

    assert response.status_code == 302
    assert response["Location"] == "/people/sam-altman/"
    asked.refresh_from_db()
    assert (asked.state, asked.reason, asked.decided_by) == (
        "declined",
        "Nothing shows it is you.",
        editor,
    )
    client.force_login(contributor)
    page = Page(client.get("/people/sam-altman/").content.decode())
    assert "Nothing shows it is you." in page.one("#link-declined").text
    assert page.select(".this-is-me")  # they may ask again


def test_declining_needs_a_reason(editor, contributor, altman):
    asked = request_account_link(person=altman, account=contributor)

    with pytest.raises(InvalidInput) as raised:
        decline_account_link(link_request=asked, actor=editor, reason="")

    assert raised.value.errors.keys() == {"reason"}


@pytest.mark.parametrize("verified", [True, False])
def test_non_editors_may_not_decide(client, contributor, altman, verified):
    asked = request_account_link(person=altman, account=contributor)
    someone = UserFactory(verified=verified)
    client.force_login(someone)

    assert client.post(approve(asked)).status_code == 403
    assert client.post(decline(asked), {"reason": "No"}).status_code == 403
    with pytest.raises(NotPermitted):
        approve_account_link(link_request=asked, actor=someone)
    asked.refresh_from_db()
    altman.refresh_from_db()
    assert (asked.state, altman.account) == (Pending, None)


def test_a_request_is_decided_once(client, editor, contributor, altman):
    asked = request_account_link(person=altman, account=contributor)
    decline_account_link(link_request=asked, actor=editor, reason="No")
    client.force_login(editor)

    response = client.post(approve(asked))

    assert response.status_code == 409
    altman.refresh_from_db()
    assert altman.account is None


# --- The editors' queue -------------------------------------------------------------


def test_the_queue_partial_lists_each_request_with_its_two_forms(
    editor, contributor, other_contributor, altman
):
    first = request_account_link(person=altman, account=contributor, message="It is me.")
    second = request_account_link(person=PersonFactory(), account=other_contributor)
    request = RequestFactory().get("/review/")
    request.user = editor

    html = render_to_string(
        "predictions/review/_link_requests.html",
        {"link_requests": selectors.pending_link_requests()},
        request=request,
    )

    page = Page(html)
    assert [item["id"] for item in page.select("li")] == [
        f"link-request-{first.pk}",
        f"link-request-{second.pk}",
    ]
    item = page.one(f"#link-request-{first.pk}")
    assert "alice asks to be Sam Altman" in " ".join(item.get_text().split())
    actions = [attribute(form, "action") for form in item.select("form")]
    assert actions == [approve(first), decline(first)]
    assert [attribute(field, "value") for field in item.select("input[name=next]")] == [
        "/review/",
        "/review/",
    ]
    (reason,) = item.select("textarea[name=reason]")
    assert item.select_one(f"label[for={attribute(reason, 'id')}]") is not None


def test_the_queue_partial_says_when_nobody_is_waiting(editor):
    html = render_to_string("predictions/review/_link_requests.html", {"link_requests": []})

    assert "No account is waiting" in html

"""Following a tag from the predictions list: a signed-in contributor
follows and unfollows with a POST and hears when its predictions fall due; a
reader is asked to sign in first."""

import datetime as dt

import pytest
from django.urls import reverse

from predictions import notifications, services
from predictions.models import Tag, TagFollow

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
LIST = reverse("predictions:list")


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def transport(contributor, frozen_now):
    """The tag "transport", on one of alice's predictions."""
    services.file_claim(
        filed_by=contributor,
        claim="The Riverton bridge reopens",
        predictor="A Mayor",
        resolves_on=dt.date(2026, 3, 20),
        tags=["transport"],
    )
    return Tag.objects.get(slug="transport")


def tag_page(tag: Tag) -> str:
    return f"{LIST}?tag={tag.slug}"


def follow_url(tag: Tag) -> str:
    return reverse("predictions:follow-tag", args=[tag.slug])


def unfollow_url(tag: Tag) -> str:
    return reverse("predictions:unfollow-tag", args=[tag.slug])


def test_a_contributor_follows_a_tag_from_its_list(client, other_contributor, transport):
    client.force_login(other_contributor)
    page = text(client.get(tag_page(transport)))
    assert f'<form method="post" action="{follow_url(transport)}" class="follow">' in page
    assert '<button type="submit">Follow the tag “transport”</button>' in page

    response = client.post(follow_url(transport), follow=True)

    assert response.redirect_chain == [(tag_page(transport), 302)]
    html = text(response)
    assert "You follow this tag: you will hear when its predictions fall due." in html
    assert "You follow the tag “transport”: you hear when its predictions fall due." in html
    assert f'action="{unfollow_url(transport)}"' in html
    assert "Unfollow “transport”</button>" in html
    assert TagFollow.objects.filter(user=other_contributor, tag=transport).exists()
    account = text(client.get(ACCOUNT))
    assert f'<a href="{tag_page(transport)}">transport</a>' in account


def test_following_twice_is_harmless(client, other_contributor, transport):
    client.force_login(other_contributor)

    client.post(follow_url(transport))
    client.post(follow_url(transport))

    assert TagFollow.objects.filter(user=other_contributor, tag=transport).count() == 1


def test_a_contributor_unfollows_and_others_keep_following(
    client, contributor, other_contributor, transport
):
    notifications.follow_tag(user=contributor, tag=transport)
    notifications.follow_tag(user=other_contributor, tag=transport)
    client.force_login(other_contributor)

    response = client.post(unfollow_url(transport), follow=True)

    assert response.redirect_chain == [(tag_page(transport), 302)]
    html = text(response)
    assert "You no longer follow this tag." in html
    assert '<button type="submit">Follow the tag “transport”</button>' in html
    assert not TagFollow.objects.filter(user=other_contributor).exists()
    assert TagFollow.objects.filter(user=contributor, tag=transport).exists()
    assert "None yet: follow a tag" in text(client.get(ACCOUNT))


def test_a_reader_is_asked_to_sign_in_before_following(client, transport):
    assert "Follow the tag “transport”" in text(client.get(tag_page(transport)))

    for url in (follow_url(transport), unfollow_url(transport)):
        response = client.post(url)
        assert response.status_code == 302
        login, query = response["Location"].split("?")
        assert login == reverse("login")
        assert query == "next=/predictions/%3Ftag%3Dtransport"
    assert not TagFollow.objects.exists()


def test_an_unknown_tag_is_404_and_a_get_changes_nothing(client, contributor, transport):
    client.force_login(contributor)

    assert client.post(reverse("predictions:follow-tag", args=["no-such-tag"])).status_code == 404
    assert client.get(follow_url(transport)).status_code == 405
    assert not TagFollow.objects.exists()

"""The deadlines calendar, read with icalendar: one all-day event per open or
due published prediction on its deadline, UIDs stable across requests and
edits, narrowed by person and tag; and the private calendar of what an account
watches and follows, refused once its address is replaced."""

import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from feeds import services as feed_services
from feeds.tokens import token_for
from predictions import services
from predictions.models import Follow, Prediction, TagFollow, Watch
from tests.support.factories import PredictionFactory
from tests.support.html import Page

pytestmark = pytest.mark.django_db

SITE = "https://ledger.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def read(client, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.endswith(b"END:VCALENDAR\r\n")
    return Calendar.from_ical(body)


def events(calendar: Calendar) -> dict[str, dict]:
    return {
        str(event["summary"]): {
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "url": str(event["url"]),
            "description": str(event["description"]),
        }
        for event in calendar.walk("VEVENT")
    }


def file(editor, claim: str, predictor: str = "Ada Lovelace", **fields) -> Prediction:
    return services.file_claim(
        filed_by=editor,
        claim=claim,
        predictor=predictor,
        resolves_on=fields.pop("resolves_on", dt.date(2027, 6, 30)),
        made_on=dt.date(2026, 3, 1),
        **fields,
    )


def test_one_all_day_event_per_unsettled_prediction(client, editor):
    quoted = file(
        editor,
        "Rail reaches the coast, by 30 June 2027",
        quote="We will reach the coast by June 2027; <trust us> & see.",
        source_url="https://news.example/rail",
        source_title="Rail plans",
    )
    resolved = file(editor, "Already settled")
    services.resolve_prediction(prediction=resolved, outcome="right", actor=editor)
    withdrawn = file(editor, "Taken back")
    services.withdraw_prediction(prediction=withdrawn, actor=editor, reason="Misquoted.")
    PredictionFactory(claim="Awaiting review", review_state="pending")

    calendar = read(client, "/feeds/deadlines.ics")

    assert str(calendar["x-wr-calname"]) == "Hindsight deadlines"
    shown = events(calendar)
    assert list(shown) == [quoted.claim]
    event = shown[quoted.claim]
    assert (event["start"], event["end"]) == (dt.date(2027, 6, 30), dt.date(2027, 7, 1))
    assert event["uid"] == f"prediction-{quoted.pk}@ledger.example"
    assert event["url"] == f"{SITE}/predictions/{quoted.pk}/"
    assert (
        "“We will reach the coast by June 2027; <trust us> & see.” (Rail plans)"
        in (event["description"])
    )
    assert event["description"].endswith(f"{SITE}/predictions/{quoted.pk}/")


def test_due_predictions_are_in_it_too(client, editor, frozen_now):
    due = file(editor, "Past its deadline", resolves_on=dt.date(2026, 3, 5))
    services.mark_due()

    due.refresh_from_db()
    assert due.status == "due"
    assert list(events(read(client, "/feeds/deadlines.ics"))) == ["Past its deadline"]


def test_the_uid_survives_an_edit_of_claim_and_deadline(client, editor):
    prediction = file(editor, "First words")
    before = events(read(client, "/feeds/deadlines.ics"))["First words"]

    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC)):
        services.edit_prediction(
            prediction=prediction,
            actor=editor,
            changes={"claim": "Better words", "resolves_on": dt.date(2028, 1, 31)},
            reason="The article gives a later date.",
        )
    after = events(read(client, "/feeds/deadlines.ics"))["Better words"]

    assert after["uid"] == before["uid"]
    assert after["start"] == dt.date(2028, 1, 31)
    again = events(read(client, "/feeds/deadlines.ics"))["Better words"]
    assert again == after  # the same bytes on every fetch while nothing changes


def test_narrowed_by_person_and_tag(client, editor):
    file(editor, "Ada on energy", tags=["energy"])
    file(editor, "Grace on energy", predictor="Grace Hopper", tags=["energy"])
    file(editor, "Grace on ships", predictor="Grace Hopper", tags=["ships"])
    grace = Prediction.objects.get(claim="Grace on ships").predictor

    by_grace = read(client, f"/feeds/deadlines.ics?person={grace.slug}")
    energy = read(client, "/feeds/deadlines.ics?tag=energy")

    assert set(events(by_grace)) == {"Grace on energy", "Grace on ships"}
    assert str(by_grace["x-wr-calname"]) == "Hindsight deadlines by Grace Hopper"
    assert set(events(energy)) == {"Ada on energy", "Grace on energy"}
    assert client.get("/feeds/deadlines.ics?person=nobody").status_code == 404


def test_the_private_calendar_holds_what_the_account_watches_and_follows(
    client, editor, contributor
):
    watched = file(editor, "Watched claim", predictor="Somebody Else")
    file(editor, "By a followed person", predictor="Followed Person")
    file(editor, "With a followed tag", predictor="Third Person", tags=["energy"])
    file(editor, "Nothing to do with them", predictor="Unrelated")
    Watch.objects.create(user=contributor, prediction=watched)
    Follow.objects.create(
        user=contributor, person=Prediction.objects.get(claim="By a followed person").predictor
    )
    TagFollow.objects.create(
        user=contributor, tag=Prediction.objects.get(claim="With a followed tag").tags.get()
    )
    token = token_for(feed_services.calendar_key(contributor))

    calendar = read(client, f"/feeds/mine/{token}/deadlines.ics")

    assert set(events(calendar)) == {
        "Watched claim",
        "By a followed person",
        "With a followed tag",
    }
    assert client.get(f"/feeds/mine/{token}/deadlines.ics")["Cache-Control"].startswith("private")


def test_the_account_page_gives_the_address_and_replacing_it_refuses_the_old_one(
    client, contributor
):
    client.force_login(contributor)
    page = Page(client.get("/accounts/").content.decode())
    address = str(page.one("#calendar-address")["value"])
    assert address.startswith(f"{SITE}/feeds/mine/")
    assert page.links["subscribe in your calendar app"] == (
        address.replace("https://", "webcal://", 1)
    )
    path = address.removeprefix(SITE)
    assert client.get(path).status_code == 200

    response = client.post("/feeds/mine/new-address/")

    assert response.status_code == 302
    assert client.get(path).status_code == 404
    new = str(Page(client.get("/accounts/").content.decode()).one("#calendar-address")["value"])
    assert new != address
    assert client.get(new.removeprefix(SITE)).status_code == 200


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "W1sxLCJhYmMiXQ:forged:signature", ""],
)
def test_a_made_up_address_is_refused(client, token):
    assert client.get(f"/feeds/mine/{token}x/deadlines.ics").status_code == 404


def test_a_closed_accounts_calendar_is_refused(client, contributor):
    token = token_for(feed_services.calendar_key(contributor))
    contributor.is_active = False
    contributor.save()

    assert client.get(f"/feeds/mine/{token}/deadlines.ics").status_code == 404

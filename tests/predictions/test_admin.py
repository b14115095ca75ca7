"""Dana, a member of staff, looks after the ledger in the admin: every page
opens, search finds a claim, a prediction's history is shown but its state
cannot be typed over, and edits and new entries go through the services so
the timeline records them. Readers and contributors are sent to sign in."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from predictions import services
from predictions.demo import load_demo
from predictions.models import (
    EmailPreferences,
    Follow,
    Notification,
    Prediction,
    PredictionEvent,
    Tag,
    TagFollow,
    Watch,
)
from sources.models import Person
from tests.support.factories import UserFactory
from tests.support.html import Page, attribute, page

pytestmark = pytest.mark.django_db

SEED_CLAIM = "OpenAI open-sources one of its models"
OPEN_EXAMPLE = "Example: the city of Riverton opens its second tram line"

REGISTERED = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_label in {"sources", "predictions"}
    ),
    key=lambda model: model._meta.label,
)


def form_values(admin_page: Page, form_id: str) -> dict[str, list[str]]:
    """What a browser would submit from the form with id ``form_id``, as the
    page renders it: text inputs, hidden inputs, checked boxes, selected
    options and textareas. Submit buttons are left to the caller."""
    values: dict[str, list[str]] = {}
    form = admin_page.one(f"form#{form_id}")
    for field in form.select("input[name], select[name], textarea[name]"):
        name = attribute(field, "name")
        if not name:
            continue
        if field.name == "input":
            kind = attribute(field, "type", "text")
            if kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
                continue
            values.setdefault(name, []).append(attribute(field, "value", ""))
        elif field.name == "select":
            chosen = field.select("option[selected]")
            values.setdefault(name, []).extend(attribute(o, "value", "") for o in chosen)
        else:
            # Browsers drop the newline that opens a textarea's content.
            values[name] = [field.get_text().removeprefix("\n")]
    return values


def prediction_form(client, url: str) -> dict[str, list[str]]:
    return form_values(page(client.get(url)), "prediction_form")


def timeline_kinds(admin_page: Page) -> list[str]:
    """The "Kind" column of the read-only event inline, top to bottom."""
    return admin_page.texts("td.field-kind p")


@pytest.fixture
def ledger(frozen_now, staff):
    """The demo ledger, plus one of each kind of following, email preferences
    and a notification, so that every
    admin page has an object to show."""
    load_demo()
    seed = Prediction.objects.get(claim=SEED_CLAIM)
    Watch.objects.create(user=staff, prediction=seed)
    Follow.objects.create(user=staff, person=seed.predictor)
    tag = seed.tags.first()
    assert tag is not None
    TagFollow.objects.create(user=staff, tag=tag)
    EmailPreferences.objects.create(user=staff, reminder_emails=False)
    Notification.objects.create(recipient=staff, prediction=seed, kind=Notification.Kind.DUE)
    return seed


@pytest.fixture
def dana(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_admin_page_opens(dana, ledger, model):
    opts = model._meta
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the ledger fixture made no {opts.label}"

    changelist = dana.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    change = dana.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert escape(str(obj)) in change.content.decode()


def test_admin_covers_both_apps():
    labels = {model._meta.label for model in REGISTERED}
    assert {"sources.Person", "sources.Source", "sources.Statement"} <= labels
    assert {"predictions.Prediction", "predictions.PredictionEvent", "predictions.Tag"} <= labels


def test_search_finds_the_seed_claim(dana, ledger):
    response = dana.get(reverse("admin:predictions_prediction_changelist"), {"q": "OpenAI"})

    assert response.status_code == 200
    assert [p.claim for p in response.context["cl"].result_list] == [SEED_CLAIM]


def test_change_page_shows_the_timeline_and_keeps_state_read_only(dana, ledger):
    url = reverse("admin:predictions_prediction_change", args=[ledger.pk])
    response = dana.get(url)
    html = response.content.decode()

    change_page = Page(html)
    assert timeline_kinds(change_page) == ["Filed", "Resolved"]
    fields = form_values(change_page, "prediction_form")
    assert "tags" in fields
    # Resolved: what it was judged on waits until it is reopened.
    for read_only in ("status", "outcome", "version", "predictor", "statement", "filed_by"):
        assert read_only not in fields
    for judged in ("claim", "made_on", "resolves_on", "deadline_text", "confidence"):
        assert judged not in fields
    # Status and outcome are shown as text, not as inputs.
    assert '<div class="readonly">Resolved</div>' in html
    assert '<div class="readonly">Wrong</div>' in html


def test_editing_a_claim_records_the_change(dana, ledger, staff):
    prediction = Prediction.objects.get(claim=OPEN_EXAMPLE)
    assert prediction.status == Prediction.Status.OPEN
    url = reverse("admin:predictions_prediction_change", args=[prediction.pk])
    form = prediction_form(dana, url)
    assert form["claim"] == [OPEN_EXAMPLE]
    new_claim = "Example: the city of Riverton opens its second and third tram lines"

    response = dana.post(url, {**form, "claim": new_claim, "_save": "Save"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:predictions_prediction_changelist")
    edited = Prediction.objects.get(pk=prediction.pk)
    assert edited.claim == new_claim
    assert edited.version == prediction.version + 1
    event = edited.events.latest("at", "id")
    assert event.kind == PredictionEvent.Kind.EDITED
    assert event.actor == staff
    assert event.data == {"changes": {"claim": [OPEN_EXAMPLE, new_claim]}}


def test_adding_a_prediction_files_it_and_dana_watches_it(dana, ledger, staff):
    predictor = Person.objects.get(name="Example Forecaster")
    tag = Tag.objects.get(slug="example")
    form = prediction_form(dana, reverse("admin:predictions_prediction_add"))
    claim = "Example: Riverton's tram runs all night"

    response = dana.post(
        reverse("admin:predictions_prediction_add"),
        {
            **form,
            "claim": claim,
            "predictor": str(predictor.pk),
            "made_on": "01/03/2026",
            "resolves_on": "01/09/2026",
            "deadline_text": "within six months",
            "confidence": "0.4",
            "tags": [str(tag.pk)],
            "_continue": "Save and continue editing",
        },
    )

    filed = Prediction.objects.get(claim=claim)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:predictions_prediction_change", args=[filed.pk])
    assert filed.made_on == dt.date(2026, 3, 1)
    assert filed.resolves_on == dt.date(2026, 9, 1)
    assert filed.status == Prediction.Status.OPEN
    assert filed.filed_by == staff
    assert list(filed.tags.all()) == [tag]
    assert [(e.kind, e.actor) for e in filed.events.all()] == [("filed", staff)]
    assert Watch.objects.filter(user=staff, prediction=filed).exists()


def test_a_stale_form_does_not_undo_anothers_edit(dana, ledger, editor):
    prediction = Prediction.objects.get(claim=OPEN_EXAMPLE)
    url = reverse("admin:predictions_prediction_change", args=[prediction.pk])
    form = prediction_form(dana, url)  # Dana opens the form at version 1 ...
    other_claim = "Example: Riverton opens a tram line to the airport"
    services.edit_prediction(prediction=prediction, actor=editor, changes={"claim": other_claim})

    response = dana.post(url, {**form, "deadline_text": "in two months", "_save": "Save"})

    assert response.status_code == 200  # the form again, with the conflict explained
    assert "changed since you loaded it" in response.content.decode()
    stored = Prediction.objects.get(pk=prediction.pk)
    assert (stored.claim, stored.deadline_text, stored.version) == (
        other_claim,
        "within two months",
        prediction.version + 1,
    )


def test_an_open_predictions_claim_dates_and_confidence_are_inputs(dana, ledger):
    prediction = Prediction.objects.get(claim=OPEN_EXAMPLE)
    url = reverse("admin:predictions_prediction_change", args=[prediction.pk])

    fields = prediction_form(dana, url)

    assert {"claim", "made_on", "resolves_on", "deadline_text", "confidence", "tags"} <= set(fields)


def test_a_resolved_prediction_keeps_its_claim_but_its_tags_may_change(dana, ledger, staff):
    url = reverse("admin:predictions_prediction_change", args=[ledger.pk])
    form = prediction_form(dana, url)
    tag = Tag.objects.create(name="closed", slug="closed")

    # A claim posted anyway (a stale or hand-made form) is ignored, not saved.
    response = dana.post(
        url, {**form, "claim": "Rewritten", "tags": [str(tag.pk)], "_save": "Save"}
    )

    assert response.status_code == 302
    stored = Prediction.objects.get(pk=ledger.pk)
    assert stored.claim == SEED_CLAIM
    assert list(stored.tags.all()) == [tag]
    assert stored.events.latest("at", "id").data["changes"].keys() == {"tags"}


def test_a_withdrawn_prediction_is_read_only(dana, ledger, editor):
    prediction = Prediction.objects.get(claim=OPEN_EXAMPLE)
    services.withdraw_prediction(prediction=prediction, actor=editor, reason="Duplicate.")
    url = reverse("admin:predictions_prediction_change", args=[prediction.pk])

    read_only = dana.get(url).content.decode()
    response = dana.post(url, {"claim": "Rewritten", "_save": "Save"})

    assert 'name="claim"' not in read_only
    assert response.status_code == 403
    assert Prediction.objects.get(pk=prediction.pk).claim == OPEN_EXAMPLE


def test_an_add_the_rules_refuse_is_shown_on_the_form(dana, ledger):
    predictor = Person.objects.get(name="Example Forecaster")
    tags = [Tag.objects.create(name=f"t{n}", slug=f"t{n}") for n in range(21)]
    url = reverse("admin:predictions_prediction_add")

    response = dana.post(
        url,
        {
            **prediction_form(dana, url),
            "claim": "Example: too many tags",
            "predictor": str(predictor.pk),
            "made_on": "01/03/2026",
            "resolves_on": "01/09/2026",
            "tags": [str(tag.pk) for tag in tags],
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert "Use at most 20 tags" in response.content.decode()
    assert not Prediction.objects.filter(claim="Example: too many tags").exists()


@pytest.mark.parametrize("persona", ["anonymous", "contributor"])
def test_admin_sends_readers_and_contributors_to_sign_in(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    changelist = reverse("admin:predictions_prediction_changelist")

    response = client.get(changelist)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]


def test_the_outbox_lists_failed_emails_and_retries_them(
    dana, ledger, django_capture_on_commit_callbacks
):
    failed = Notification.objects.get()
    Notification.objects.filter(pk=failed.pk).update(
        status="failed", attempts=8, last_error="SMTPServerDisconnected: gone"
    )
    sent = Notification.objects.create(
        recipient=UserFactory.create(username="erin"), prediction=ledger, kind="due", status="sent"
    )
    changelist = reverse("admin:predictions_notification_changelist")

    listed = dana.get(changelist, {"status__exact": "failed"})
    assert list(listed.context["cl"].result_list) == [failed]

    with django_capture_on_commit_callbacks() as queued:
        response = dana.post(
            changelist,
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 failed notification queued again." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("pending", 0, "")
    assert Notification.objects.get(pk=sent.pk).status == "sent"  # only failed rows
    assert len(queued) == 1  # its delivery, queued once the retry commits


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{view}/"


def test_the_admin_offers_no_delete_the_database_would_refuse(dana, ledger):
    from tests.support.factories import PersonFactory, SourceFactory

    statement = ledger.statement
    assert statement is not None
    # The predictor, the quote and its source: each kept by what points at it.
    for obj in (ledger.predictor, statement, statement.source):
        change = dana.get(admin_url(obj, "change"))
        assert change.status_code == 200
        assert admin_url(obj, "delete") not in change.content.decode(), obj._meta.model_name
        assert dana.get(admin_url(obj, "delete")).status_code == 403
    # One nothing points at may still go.
    for obj in (PersonFactory(name="Nobody Quoted"), SourceFactory(title="Never cited")):
        change = dana.get(admin_url(obj, "change"))
        assert admin_url(obj, "delete") in change.content.decode(), obj._meta.model_name

from django.urls import URLPattern, path

from predictions.notifications import link_views
from predictions.notifications.subscription_views import subscription
from predictions.views import (
    actions,
    badges,
    cards,
    disputes,
    filing,
    ledger,
    people,
    person_records,
    review,
    sources,
)

app_name = "predictions"


def subscription_buttons(
    prefix: str, target: str, on: str, off: str, suffix: str = ""
) -> list[URLPattern]:
    """The POST targets of a page's two buttons, e.g. ``…/watch/`` and ``…/unwatch/``,
    named ``watch`` and ``unwatch`` (with ``suffix``: ``follow-person``)."""
    buttons: list[URLPattern] = []
    for verb, subscribe in ((on, True), (off, False)):
        kwargs = {"target": target, "subscribe": subscribe}
        buttons.append(path(f"{prefix}{verb}/", subscription, kwargs, name=f"{verb}{suffix}"))
    return buttons


urlpatterns = [
    path("", ledger.home, name="home"),
    path("predictions/", ledger.prediction_list, name="list"),
    path("predictions/new/", filing.new_claim, name="new"),
    path("predictions/new/from-article/", filing.from_article, name="from-article"),
    path("predictions/<int:pk>/", ledger.detail, name="detail"),
    path("predictions/<int:pk>/resolve/", actions.resolve, name="resolve"),
    path("predictions/<int:pk>/reopen/", actions.reopen, name="reopen"),
    path("predictions/<int:pk>/withdraw/", actions.withdraw, name="withdraw"),
    path("predictions/<int:pk>/edit/", actions.edit, name="edit"),
    path("predictions/<int:pk>/card.png", cards.prediction_card, name="card"),
    path("predictions/<int:pk>/review/", review.review, name="review"),
    path("predictions/<int:pk>/proposal/", review.proposal, name="proposal"),
    path("review/", review.queue, name="review-queue"),
    path("predictions/<int:pk>/disputes/", disputes.open_dispute, name="dispute"),
    path("predictions/<int:pk>/disputes/<int:number>/", disputes.settle, name="settle-dispute"),
    *subscription_buttons("predictions/<int:pk>/", "prediction", "watch", "unwatch"),
    path("people/", people.people, name="people"),
    path("suggest/people/", people.suggest_people, name="suggest-people"),
    path("people/<slug:slug>/", people.person, name="person"),
    path("people/<slug:slug>/badge.svg", badges.person_badge, name="person-badge"),
    path("people/<slug:slug>/card.png", cards.person_card, name="person-card"),
    path("people/<slug:slug>/merge/", person_records.merge, name="person-merge"),
    path("people/<slug:slug>/this-is-me/", person_records.this_is_me, name="person-this-is-me"),
    path(
        "link-requests/<int:pk>/approve/",
        person_records.approve_link,
        name="link-request-approve",
    ),
    path(
        "link-requests/<int:pk>/decline/",
        person_records.decline_link,
        name="link-request-decline",
    ),
    *subscription_buttons("people/<slug:slug>/", "person", "follow", "unfollow", "-person"),
    path("sources/", sources.sources, name="sources"),
    path("sources/<int:pk>/", sources.source, name="source"),
    *subscription_buttons("tags/<slug:slug>/", "tag", "follow", "unfollow", "-tag"),
    path("email/resolve/<str:token>/", link_views.resolve, name="email-resolve"),
    path("email/unsubscribe/<str:token>/", link_views.unsubscribe, name="email-unsubscribe"),
]

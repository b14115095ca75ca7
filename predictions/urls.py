from django.urls import path

from predictions.notifications import link_views
from predictions.notifications.subscription_views import subscription
from predictions.views import actions, filing, ledger, people, sources

app_name = "predictions"


def _subscription(target: str, subscribe: bool) -> dict:
    return {"target": target, "subscribe": subscribe}


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
    path(
        "predictions/<int:pk>/watch/",
        subscription,
        _subscription("prediction", True),
        name="watch",
    ),
    path(
        "predictions/<int:pk>/unwatch/",
        subscription,
        _subscription("prediction", False),
        name="unwatch",
    ),
    path("people/", people.people, name="people"),
    path("people/<slug:slug>/", people.person, name="person"),
    path(
        "people/<slug:slug>/follow/",
        subscription,
        _subscription("person", True),
        name="follow-person",
    ),
    path(
        "people/<slug:slug>/unfollow/",
        subscription,
        _subscription("person", False),
        name="unfollow-person",
    ),
    path("sources/", sources.sources, name="sources"),
    path("sources/<int:pk>/", sources.source, name="source"),
    path("tags/<slug:slug>/follow/", subscription, _subscription("tag", True), name="follow-tag"),
    path(
        "tags/<slug:slug>/unfollow/",
        subscription,
        _subscription("tag", False),
        name="unfollow-tag",
    ),
    path("email/resolve/<str:token>/", link_views.resolve, name="email-resolve"),
    path("email/unsubscribe/<str:token>/", link_views.unsubscribe, name="email-unsubscribe"),
]

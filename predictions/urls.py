from django.urls import path

from predictions import (
    account_views,
    action_views,
    email_views,
    filing_views,
    following_views,
    signup,
    views,
)

app_name = "predictions"

urlpatterns = [
    path("", views.home, name="home"),
    path("predictions/", views.prediction_list, name="list"),
    path("predictions/new/", filing_views.new_claim, name="new"),
    path("predictions/new/from-article/", filing_views.from_article, name="from-article"),
    path("predictions/<int:pk>/", views.detail, name="detail"),
    path("predictions/<int:pk>/resolve/", action_views.resolve, name="resolve"),
    path("predictions/<int:pk>/reopen/", action_views.reopen, name="reopen"),
    path("predictions/<int:pk>/withdraw/", action_views.withdraw, name="withdraw"),
    path("predictions/<int:pk>/edit/", action_views.edit, name="edit"),
    path("predictions/<int:pk>/watch/", following_views.watch, name="watch"),
    path("predictions/<int:pk>/unwatch/", following_views.unwatch, name="unwatch"),
    path("tags/<slug:slug>/follow/", following_views.follow_tag, name="follow-tag"),
    path("tags/<slug:slug>/unfollow/", following_views.unfollow_tag, name="unfollow-tag"),
    path("email/resolve/<str:token>/", email_views.resolve, name="email-resolve"),
    path("email/unsubscribe/<str:token>/", email_views.unsubscribe, name="email-unsubscribe"),
    path("accounts/", signup.account, name="account"),
    path("accounts/emails/", account_views.email_preferences, name="email-preferences"),
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/tokens/", account_views.tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.revoke_token, name="revoke-token"),
]

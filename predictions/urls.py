from django.urls import path

from predictions import account_views, filing_views, views

app_name = "predictions"

urlpatterns = [
    path("", views.home, name="home"),
    path("predictions/new/", filing_views.new_claim, name="new"),
    path("predictions/new/from-article/", filing_views.from_article, name="from-article"),
    path("predictions/<int:pk>/", views.detail, name="detail"),
    path("accounts/tokens/", account_views.tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", account_views.revoke_token, name="revoke-token"),
]

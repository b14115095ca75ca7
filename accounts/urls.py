from django.urls import path

from accounts import signup_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("emails/", views.email_preferences, name="email-preferences"),
    path("signup/", signup_views.signup, name="signup"),
    path("confirm/again/", signup_views.send_confirmation_again, name="confirm-again"),
    path("confirm/<str:token>/", signup_views.confirm, name="confirm"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke-token"),
    path("close/", views.close_account, name="delete-account"),
]

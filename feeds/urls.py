from django.urls import path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("predictions.atom", views.published, name="published"),
    path("resolved.atom", views.resolved, name="resolved"),
    path("deadlines.ics", views.deadlines, name="deadlines"),
    path("mine/<str:token>/deadlines.ics", views.my_deadlines, name="my-deadlines"),
    path("mine/new-address/", views.replace_calendar_address, name="replace-my-calendar"),
]

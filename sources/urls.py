from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("people/<slug:slug>/follow/", views.follow, name="follow"),
    path("people/<slug:slug>/unfollow/", views.unfollow, name="unfollow"),
    path("sources/", views.sources, name="list"),
    path("sources/<int:pk>/", views.source, name="detail"),
]

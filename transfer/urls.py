from django.urls import path

from transfer import views

app_name = "transfer"

urlpatterns = [
    path("predictions/export/", views.export_predictions, name="export"),
    path("imports/new/", views.new_import, name="new-import"),
    path("imports/<int:pk>/", views.import_job, name="import"),
]

from django.urls import path

from herningmodel.access import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("enrol/", views.enrol, name="enrol"),
    path("<int:staff_id>/", views.detail, name="detail"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:request_id>/", views.decide, name="decide"),
    path("changes/", views.changes, name="changes"),
]

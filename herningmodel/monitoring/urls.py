from __future__ import annotations

from django.urls import path

from herningmodel.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("report.<slug:fmt>", views.report, name="report"),
    path("cases/<slug:indicator_id>/", views.cases_behind, name="cases"),
    path("<slug:theme>/", views.theme_page, name="theme"),
]

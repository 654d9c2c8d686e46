from __future__ import annotations

from django.urls import path

from herningmodel.comparison import views

app_name = "comparison"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("comparison.xlsx", views.download, name="xlsx"),
]

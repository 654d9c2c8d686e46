from __future__ import annotations

from django.urls import path

from herningmodel.economics import views

app_name = "economics"
urlpatterns = [
    path("", views.page, name="page"),
    path("compare/", views.compare, name="compare"),
    path("realisation/", views.realisation_page, name="realisation"),
]

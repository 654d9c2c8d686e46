from __future__ import annotations

from django.urls import path

from herningmodel.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("report.pdf", views.report_pdf, name="report"),
    path("extract/", views.research_extract, name="extract"),
]

from django.urls import path

from herningmodel.operations import metrics, views

# Mounted at the root (herningmodel/urls.py): /healthz, /readyz and /metrics.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]

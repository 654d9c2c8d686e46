from django.urls import path

from herningmodel.operations import retention_views

app_name = "operations"

urlpatterns = [
    path("retention/", retention_views.retention, name="retention"),
]

from django.urls import path

from herningmodel.interchange import upload

app_name = "transfer"
urlpatterns = [
    path("import/", upload.import_page, name="import"),
    path("export/", upload.export_download, name="export"),
]

"""The public register, mounted at ``/<tenant>/diarium/``: no login, nothing secret."""

from django.urls import path

from radhus.diarium import views

urlpatterns = [
    path("", views.register, name="diarium_register"),
    path("handlingar/", views.records, name="diarium_records"),
    path("arende/<int:case_id>/", views.case_detail, name="diarium_case"),
    path("handling/<int:record_id>/kopia/", views.copy_request, name="diarium_copy_request"),
    path("fil/<int:file_id>/", views.file_download, name="diarium_file"),
]

"""A logged-in user's own follow-up pages, beside the account page (``/konto/``)."""

from django.urls import path

from radhus.followup import views

urlpatterns = [
    path("konto/att-gora/", views.to_do, name="followup_to_do"),
    path("konto/paminnelser/", views.reminders, name="followup_reminders"),
    path("konto/rapporter/", views.report_files, name="followup_report_files"),
]

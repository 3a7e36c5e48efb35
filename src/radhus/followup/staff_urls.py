from django.urls import path

from radhus.followup.reports import views as reports

urlpatterns: list = [
    # reports
    path("rapporter/", reports.report_list, name="followup_reports"),
    path("rapporter/<slug:report>/", reports.report_page, name="followup_report"),
    path("rapporter/<slug:report>.pdf", reports.report_pdf, name="followup_report_pdf"),
    path("rapporter/<slug:report>.csv", reports.report_csv, name="followup_report_csv"),
    path("rapporter/<slug:report>.xlsx", reports.report_xlsx, name="followup_report_xlsx"),
]

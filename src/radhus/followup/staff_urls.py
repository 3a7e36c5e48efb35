"""The follow-up's staff pages, mounted at ``/<tenant>/redigera/uppfoljning/`` (a role in the
tenant; see radhus.core.access). Every pattern is walked by tests/core/test_access.py."""

from django.urls import include, path

from radhus.followup import staff_views as v
from radhus.followup.reports import views as reports

urlpatterns = [
    path("", v.overview, name="staff_followup"),
    path("beslut/", v.decisions, name="staff_followup_decisions"),
    path("beslut/<int:decision_id>/uppdrag/nytt/", v.assignment_create, name="staff_followup_create"),
    path("uppdrag/nytt/", v.assignment_create_from_source, name="staff_followup_create_other"),
    path("uppdrag/<int:assignment_id>/", v.assignment_detail, name="staff_followup_assignment"),
    path("uppdrag/<int:assignment_id>/lagesrapport/", v.progress, name="staff_followup_progress"),
    path("uppdrag/<int:assignment_id>/klart/", v.complete, name="staff_followup_complete"),
    path("uppdrag/<int:assignment_id>/avbryt/", v.cancel, name="staff_followup_cancel"),
    path("uppdrag/<int:assignment_id>/overlamna/", v.reassign, name="staff_followup_reassign"),
    path("uppdrag/<int:assignment_id>/mal/", v.link_goal, name="staff_followup_link_goal"),
    path("uppdrag/<int:assignment_id>/avvikelse/", v.deviation, name="staff_followup_deviation"),
    path(
        "avvikelse/<int:deviation_id>/dagordning/", v.deviation_agenda, name="staff_followup_deviation_agenda"
    ),
    path(
        "avvikelse/<int:deviation_id>/beslut/", v.deviation_decision, name="staff_followup_deviation_decision"
    ),
    # reports
    path("rapporter/", reports.report_list, name="followup_reports"),
    path("rapporter/<slug:report>/", reports.report_page, name="followup_report"),
    path("rapporter/<slug:report>.pdf", reports.report_pdf, name="followup_report_pdf"),
    path("rapporter/<slug:report>.csv", reports.report_csv, name="followup_report_csv"),
    path("rapporter/<slug:report>.xlsx", reports.report_xlsx, name="followup_report_xlsx"),
    path("", include("radhus.followup.staff_goals_urls")),  # goals, policy documents, oversight
]

"""The register's staff pages, mounted at ``/<tenant>/redigera/diarium/`` (a role in the
tenant; see radhus.core.access). Every pattern is walked by tests/core/test_access.py."""

from django.urls import path

from radhus.diarium import staff_views as v

urlpatterns = [
    path("", v.register, name="staff_diarium"),
    path("arende/nytt/", v.case_register, name="staff_diarium_register"),
    path("installningar/", v.register_settings, name="staff_diarium_settings"),
    path("installningar/serie/ny/", v.series_create, name="staff_diarium_series_create"),
    path("installningar/nummerformat/", v.number_format, name="staff_diarium_number_format"),
    path("installningar/fragor-och-ideer/", v.question_form_settings, name="staff_diarium_question_settings"),
    path("installningar/klassificering/", v.classification_import, name="staff_diarium_classification"),
    path("arende/<int:case_id>/", v.case_detail, name="staff_diarium_case"),
    path("arende/<int:case_id>/andra/", v.case_update, name="staff_diarium_case_update"),
    path("arende/<int:case_id>/part/ny/", v.case_party_add, name="staff_diarium_party_add"),
    path("arende/<int:case_id>/relatera/", v.case_relate, name="staff_diarium_relate"),
    path("arende/<int:case_id>/steg/<slug:step>/", v.case_step, name="staff_diarium_step"),
    path("arende/<int:case_id>/handling/ny/", v.record_add, name="staff_diarium_record_add"),
    path("arende/<int:case_id>/tjansteskrivelse/", v.officers_report, name="staff_diarium_report"),
    path("arende/<int:case_id>/tjansteskrivelse.pdf", v.officers_report_pdf, name="staff_diarium_report_pdf"),
    path("handling/<int:record_id>/", v.record_detail, name="staff_diarium_record"),
    path("handling/<int:record_id>/version/", v.record_version, name="staff_diarium_version"),
    path("handling/<int:record_id>/sekretess/", v.record_secrecy, name="staff_diarium_secrecy"),
    path("handling/<int:record_id>/hav-sekretess/", v.record_lift_secrecy, name="staff_diarium_lift_secrecy"),
    path("handling/<int:record_id>/fardigstall/", v.record_finalise, name="staff_diarium_finalise"),
]

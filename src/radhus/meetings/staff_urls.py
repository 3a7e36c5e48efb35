"""The secretary's pages, mounted at ``/<tenant>/redigera/sammantraden/`` (a role in the
tenant; see radhus.core.access). Every pattern is walked by tests/core/test_access.py."""

from django.urls import path

from radhus.meetings import staff_views as v

urlpatterns = [
    path("", v.home, name="staff_meetings"),
    path("serie/ny/", v.series_create, name="staff_meeting_series_create"),
    path("serie/<int:series_id>/", v.series_detail, name="staff_meeting_series"),
    path("serie/<int:series_id>/planera/", v.series_plan, name="staff_meeting_series_plan"),
    path("nytt/", v.meeting_create, name="staff_meeting_create"),
    path("<int:meeting_id>/", v.meeting_detail, name="staff_meeting"),
    path("<int:meeting_id>/installa/", v.meeting_cancel, name="staff_meeting_cancel"),
    path("<int:meeting_id>/kallelse/", v.meeting_notice, name="staff_meeting_notice"),
    path("<int:meeting_id>/dagordning/arende/", v.agenda_add_case, name="staff_meeting_agenda_case"),
    path("<int:meeting_id>/dagordning/punkt/", v.agenda_add_item, name="staff_meeting_agenda_item"),
    path("punkt/<int:item_id>/utgar/", v.item_withdraw, name="staff_meeting_item_withdraw"),
    path("punkt/<int:item_id>/beslut/", v.item_for_decision, name="staff_meeting_item_decision"),
    path("punkt/<int:item_id>/flytta/", v.item_move, name="staff_meeting_item_move"),
    path("<int:meeting_id>/narvaro/kalla/", v.attendance_draw, name="staff_meeting_attendance_draw"),
    path("<int:meeting_id>/narvaro/ny/", v.attendance_add, name="staff_meeting_attendance_add"),
    path("narvaro/<int:attendance_id>/", v.attendance_present, name="staff_meeting_present"),
    path("<int:meeting_id>/paragraf/ny/", v.paragraph_create, name="staff_meeting_paragraph_create"),
    path("paragraf/<int:paragraph_id>/", v.paragraph_detail, name="staff_meeting_paragraph"),
    path("paragraf/<int:paragraph_id>/sekretess/", v.paragraph_secrecy, name="staff_meeting_secrecy"),
    path(
        "paragraf/<int:paragraph_id>/tjanstgoring/", v.paragraph_substitute, name="staff_meeting_substitute"
    ),
    path(
        "paragraf/<int:paragraph_id>/deltar-ej/",
        v.paragraph_not_taking_part,
        name="staff_meeting_not_taking_part",
    ),
    path(
        "paragraf/<int:paragraph_id>/omedelbar-justering/",
        v.paragraph_approve_at_once,
        name="staff_meeting_approve_at_once",
    ),
    path("paragraf/<int:paragraph_id>/omrostning/", v.paragraph_vote, name="staff_meeting_vote"),
    path("paragraf/<int:paragraph_id>/reservation/", v.paragraph_dissent, name="staff_meeting_dissent"),
    path("paragraf/<int:paragraph_id>/anteckning/", v.paragraph_note, name="staff_meeting_note"),
    path("<int:meeting_id>/justering/", v.approval_arrange, name="staff_meeting_approval"),
    path("justering/<int:signer_id>/", v.minutes_sign, name="staff_meeting_sign"),
]

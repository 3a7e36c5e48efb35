"""Public pages of meetings, mounted at ``/<tenant>/``: no login."""

from django.urls import path

from radhus.meetings import calendar_views, views

urlpatterns = [
    path("<slug:tenant>/anslagstavla/", views.notice_board, name="meetings_notice_board"),
    path("<slug:tenant>/anslagstavla/flode/", views.NoticeBoardFeed(), name="meetings_feed"),
    path("<slug:tenant>/protokoll/<int:meeting_id>/", views.minutes, name="meetings_minutes"),
    path("<slug:tenant>/protokoll/<int:meeting_id>.pdf", views.minutes_pdf, name="meetings_minutes_pdf"),
    path("<slug:tenant>/sammantraden/", views.meeting_plans, name="meetings_plans"),
    path("<slug:tenant>/sammantraden/<slug:unit>/", views.meeting_plan, name="meetings_plan"),
    path("<slug:tenant>/sammantraden/<slug:unit>.ics", views.body_calendar, name="meetings_calendar"),
    path(
        "<slug:tenant>/person/<slug:person>/sammantraden.ics",
        calendar_views.person_calendar,
        name="meetings_person_calendar",
    ),
    path("kalender/<str:key>.ics", calendar_views.private_calendar, name="meetings_private_calendar"),
    path("konto/kalender/ny/", calendar_views.calendar_feed_create, name="meetings_calendar_feed_create"),
    path("konto/kalender/stoppa/", calendar_views.calendar_feed_revoke, name="meetings_calendar_feed_revoke"),
]

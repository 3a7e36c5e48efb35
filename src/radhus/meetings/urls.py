"""Public pages of meetings, mounted at ``/<tenant>/``: no login."""

from django.urls import path

from radhus.meetings import views

urlpatterns = [
    path("<slug:tenant>/anslagstavla/", views.notice_board, name="meetings_notice_board"),
    path("<slug:tenant>/anslagstavla/flode/", views.NoticeBoardFeed(), name="meetings_feed"),
    path("<slug:tenant>/protokoll/<int:meeting_id>/", views.minutes, name="meetings_minutes"),
    path("<slug:tenant>/protokoll/<int:meeting_id>.pdf", views.minutes_pdf, name="meetings_minutes_pdf"),
    path("<slug:tenant>/sammantraden/<slug:unit>.ics", views.body_calendar, name="meetings_calendar"),
]

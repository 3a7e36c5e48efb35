"""The notice and minute extracts: public pages at ``/<org>/kallelse/`` and ``/<org>/utdrag/``
(no login), staff pages at ``/<org>/redigera/kallelse/`` and ``/<org>/redigera/utdrag/``."""

from django.urls import path

from radhus.meetings import extract_views, notice_views

urlpatterns = [
    path("<slug:tenant>/kallelse/<int:meeting_id>/", notice_views.notice, name="meetings_notice"),
    path("<slug:tenant>/kallelse/<int:meeting_id>.pdf", notice_views.notice_pdf, name="meetings_notice_pdf"),
    path("<slug:tenant>/utdrag/<int:paragraph_id>/", extract_views.extract, name="meetings_extract"),
    path(
        "<slug:tenant>/utdrag/<int:paragraph_id>.pdf", extract_views.extract_pdf, name="meetings_extract_pdf"
    ),
    path(
        "<slug:tenant>/redigera/kallelse/<int:meeting_id>/",
        notice_views.staff_notice,
        name="staff_meetings_notice",
    ),
    path(
        "<slug:tenant>/redigera/kallelse/<int:meeting_id>/skicka-igen/",
        notice_views.staff_notice_resend,
        name="staff_meetings_notice_resend",
    ),
    path(
        "<slug:tenant>/redigera/kallelse/<int:meeting_id>.pdf",
        notice_views.staff_notice_pdf,
        name="staff_meetings_notice_pdf",
    ),
    path(
        "<slug:tenant>/redigera/utdrag/<int:paragraph_id>/",
        extract_views.staff_extract,
        name="staff_meetings_extract",
    ),
    path(
        "<slug:tenant>/redigera/utdrag/<int:paragraph_id>.pdf",
        extract_views.staff_extract_pdf,
        name="staff_meetings_extract_pdf",
    ),
    path(
        "<slug:tenant>/redigera/utdrag/sammantrade/<int:meeting_id>/",
        extract_views.staff_meeting_dispatches,
        name="staff_meetings_dispatches",
    ),
]

"""The notice (kallelse) of a meeting: the public page and PDF (no login, nothing secret), and
the staff page under ``/<org>/redigera/kallelse/`` where an editor sends it, or sends it again,
and everyone with a role in the organisation sees to whom it went and what became of each
e-mail."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import has_role, tenant_view
from radhus.core.models import Role, Tenant
from radhus.core.staff import form_data, form_page, staff_view
from radhus.diarium.services import may_see_secrets
from radhus.meetings import documents, sending, services
from radhus.meetings.dispatch_forms import SendNoticeForm
from radhus.meetings.models import DispatchKind, Meeting, MeetingStatus


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@tenant_view()
def notice(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    view = documents.notice_view(documents.notice_meeting(tenant, meeting_id), full=False)
    return render(request, "meetings/notice.html", {"tenant": tenant, "n": view})


@tenant_view()
def notice_pdf(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = documents.notice_meeting(tenant, meeting_id)
    return _pdf_response(
        documents.notice_pdf(documents.notice_view(meeting, full=False)), documents.notice_filename(meeting)
    )


def staff_notice_url(meeting: Meeting) -> str:
    return reverse("staff_meetings_notice", kwargs={"tenant": meeting.tenant.slug, "meeting_id": meeting.pk})


def _staff_context(request: HttpRequest, tenant: Tenant, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    full = may_see_secrets(request.user, tenant)
    dispatches = sending.dispatches_of(meeting, kind=DispatchKind.NOTICE)
    return {
        "tenant": tenant,
        "can_edit": has_role(request.user, tenant, Role.EDITOR),
        "n": documents.notice_view(meeting, full=full),
        "dispatches": dispatches,
        "may_send": meeting.status == MeetingStatus.PLANNED,
        "may_resend": meeting.status == MeetingStatus.NOTICE_SENT,
        **extra,
    }


def _sent_message(meeting: Meeting) -> str:
    rows = sending.dispatches_of(meeting, kind=DispatchKind.NOTICE)
    last = max((r.round for r in rows), default=0)
    missing = [r.recipient for r in rows if r.round == last and r.status == "no_address"]
    text = _("The notice is being sent to %(n)s recipients.") % {
        "n": sum(1 for r in rows if r.round == last and r.address)
    }
    if missing:
        text += " " + _("No e-mail address for: %(names)s.") % {"names": ", ".join(missing)}
    return text


@staff_view
def staff_notice(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """The staff version of the notice, who it was sent to, and the button that sends it."""
    meeting = documents.notice_meeting(tenant, meeting_id)
    form = SendNoticeForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.meeting_send_notice(meeting=meeting, actor=request.user),
        success=_sent_message,
        next_url=staff_notice_url,
        template="meetings/dispatch/notice_staff.html",
        context=_staff_context(request, tenant, meeting),
    )


@staff_view
def staff_notice_resend(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """Send the notice again, deliberately, to everyone called."""
    meeting = documents.notice_meeting(tenant, meeting_id)
    form = SendNoticeForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: sending.notice_resend(meeting=meeting, actor=request.user),
        success=lambda _rows: _sent_message(meeting),
        next_url=lambda _rows: staff_notice_url(meeting),
        template="meetings/dispatch/confirm.html",
        context={
            "tenant": tenant,
            "can_edit": has_role(request.user, tenant, Role.EDITOR),
            "title": _("Send the notice again"),
            "question": _(
                "Everyone called to %(meeting)s gets the notice by e-mail once more. Send it again?"
            )
            % {"meeting": meeting},
            "submit": _("Send again"),
            "cancel_url": staff_notice_url(meeting),
        },
    )


@staff_view
def staff_notice_pdf(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = documents.notice_meeting(tenant, meeting_id)
    view = documents.notice_view(meeting, full=may_see_secrets(request.user, tenant))
    return _pdf_response(documents.notice_pdf(view), documents.notice_filename(meeting))

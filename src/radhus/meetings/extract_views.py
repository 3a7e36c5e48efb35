"""Minute extracts (protokollsutdrag): the public page and PDF of an approved paragraph (no
login, secret parts removed), and the staff pages under ``/<org>/redigera/utdrag/`` where an
editor dispatches an extract to those concerned and everyone with a role in the organisation
sees each dispatch of a paragraph or a meeting (auditors check them)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import has_role, tenant_view
from radhus.core.models import Role, Tenant
from radhus.core.staff import form_data, form_page, staff_view
from radhus.diarium.services import may_see_secrets
from radhus.meetings import documents, sending
from radhus.meetings.dispatch_forms import ExtractDispatchForm
from radhus.meetings.models import MinutesParagraph
from radhus.meetings.notice_views import _pdf_response


@tenant_view()
def extract(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    view = documents.extract_view(documents.extract_paragraph(tenant, paragraph_id), full=False)
    return render(request, "meetings/extract.html", {"tenant": tenant, "x": view})


@tenant_view()
def extract_pdf(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    paragraph = documents.extract_paragraph(tenant, paragraph_id)
    return _pdf_response(
        documents.extract_pdf(documents.extract_view(paragraph, full=False)),
        documents.extract_filename(paragraph),
    )


def staff_extract_url(paragraph: MinutesParagraph) -> str:
    return reverse(
        "staff_meetings_extract",
        kwargs={"tenant": paragraph.meeting.tenant.slug, "paragraph_id": paragraph.pk},
    )


def _dispatched_message(rows: list) -> str:
    text = _("The extract is being sent to %(n)s recipients.") % {"n": sum(1 for r in rows if r.address)}
    missing = [r.recipient for r in rows if r.status == "no_address"]
    if missing:
        text += " " + _("No e-mail address for: %(names)s.") % {"names": ", ".join(missing)}
    return text


@staff_view
def staff_extract(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    """The extract as staff see it, its dispatches, and the form that dispatches it."""
    paragraph = documents.extract_paragraph(tenant, paragraph_id)
    form = ExtractDispatchForm(form_data(request), tenant=tenant, paragraph=paragraph)
    return form_page(
        request,
        form,
        lambda: sending.extract_dispatch(paragraph=paragraph, actor=request.user, **form.service_kwargs()),
        success=_dispatched_message,
        next_url=lambda _rows: staff_extract_url(paragraph),
        template="meetings/dispatch/extract_staff.html",
        context={
            "tenant": tenant,
            "can_edit": has_role(request.user, tenant, Role.EDITOR),
            "x": documents.extract_view(paragraph, full=may_see_secrets(request.user, tenant)),
            "dispatches": sending.dispatches_of_paragraph(paragraph),
        },
    )


@staff_view
def staff_extract_pdf(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    paragraph = documents.extract_paragraph(tenant, paragraph_id)
    view = documents.extract_view(paragraph, full=may_see_secrets(request.user, tenant))
    return _pdf_response(documents.extract_pdf(view), documents.extract_filename(paragraph))


@staff_view
def staff_meeting_dispatches(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """Every dispatch of a meeting, the notice's and each extract's, for the auditors."""
    meeting = documents.notice_meeting(tenant, meeting_id)
    paragraphs = list(meeting.paragraphs.select_related("case").order_by("number"))
    return render(
        request,
        "meetings/dispatch/meeting_dispatches.html",
        {
            "tenant": tenant,
            "can_edit": has_role(request.user, tenant, Role.EDITOR),
            "meeting": meeting,
            "dispatches": sending.dispatches_of(meeting),
            "paragraphs": [p for p in paragraphs if documents.is_approved(p)] if paragraphs else [],
            "full": may_see_secrets(request.user, tenant),
        },
    )

"""The notice and minute extracts in the API: read the public notice of a meeting and the
public extract of an approved paragraph (no key), send the notice and dispatch an extract (an
editor's key), and list the dispatches of a meeting or a paragraph (the key of anyone with a
role in the organisation: the recipients' addresses are not public).

Thin handlers over ``meetings.documents`` and ``meetings.sending``."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from radhus.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Flag,
    Id,
    Input,
    LazyPage,
    Pagination,
    PathId,
    Refs,
    bearer,
    get_or_404,
    perform,
    require_role,
    target,
)
from radhus.core.models import Role, Tenant
from radhus.diarium.models import CaseParty
from radhus.meetings import documents, sending, services
from radhus.meetings.models import Dispatch, Meeting, MeetingStatus, MinutesParagraph
from radhus.organisation.models import Person, Post, Unit

MEETINGS = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).select_related("body", "tenant")


class DocumentOut(Schema):
    number: str
    title: str
    date: dt.date | None


class NoticeItemOut(Schema):
    number: int
    kind: str
    title: str
    case_number: str
    for_decision: bool
    documents: list[DocumentOut] = Field(
        description="The case's public records (secret ones are not listed)."
    )


class NoticeOut(Schema):
    meeting_id: int
    tenant: str
    body: str
    date: dt.date
    start_time: str
    place: str
    status: str
    announced_on: dt.date | None = Field(
        description="For a council: the day its time and place were posted (KL 5 kap. 13–15 §§)."
    )
    agenda: list[NoticeItemOut]
    members: list[str]
    substitutes: list[str]
    others: list[str]
    pdf: str


class ExtractOut(Schema):
    paragraph_id: int
    meeting_id: int
    body: str
    meeting_date: dt.date
    number: int
    year: int
    title: str
    case_number: str
    secret: str = Field(
        description="“Sekretess enligt OSL …” when the text is secret; the text is then empty."
    )
    decision_text: str
    deciding: list[str]
    adjusters: list[str]
    approved_on: dt.date | None
    posted_on: dt.date | None
    appeal_last_day: dt.date | None
    pdf: str


class DispatchOut(Schema):
    id: int
    meeting_id: int
    kind: Literal["notice", "extract"]
    paragraph: int | None = Field(description="The paragraph number (§) of an extract.")
    round: int
    recipient: str
    address: str
    channel: Literal["email", "letter"]
    status: Literal["pending", "sent", "retrying", "failed", "no_address"]
    attempts: int
    error: str
    dispatched_at: dt.datetime
    dispatched_by: str
    sent_at: dt.datetime | None


def _notice_out(view: documents.NoticeView) -> dict[str, Any]:
    m = view.meeting
    return {
        "meeting_id": m.pk,
        "tenant": m.tenant.slug,
        "body": view.body_name,
        "date": m.date,
        "start_time": m.start_time.strftime("%H:%M"),
        "place": m.place,
        "status": m.status,
        "announced_on": view.announced_on,
        "agenda": [
            {
                "number": i.number,
                "kind": i.kind,
                "title": i.title,
                "case_number": i.case_number,
                "for_decision": i.for_decision,
                "documents": [{"number": d.number, "title": d.title, "date": d.date} for d in i.documents],
            }
            for i in view.items
        ],
        "members": [a.name_with_party for a in view.members],
        "substitutes": [a.name_with_party for a in view.substitutes],
        "others": [a.name for a in view.others],
        "pdf": reverse("meetings_notice_pdf", args=[m.tenant.slug, m.pk]),
    }


def _extract_out(view: documents.ExtractView) -> dict[str, Any]:
    return {
        "paragraph_id": view.paragraph.pk,
        "meeting_id": view.meeting.pk,
        "body": view.body_name,
        "meeting_date": view.meeting.date,
        "number": view.p.number,
        "year": view.p.year,
        "title": view.p.title,
        "case_number": view.p.case_number,
        "secret": view.p.secret,
        "decision_text": view.p.decision_text,
        "deciding": [a.name_with_party for a in view.deciding],
        "adjusters": [s.attendance.name_with_party for s in view.adjusters],
        "approved_on": view.approved_on,
        "posted_on": view.posted_on,
        "appeal_last_day": view.appeal_last_day,
        "pdf": reverse("meetings_extract_pdf", args=[view.meeting.tenant.slug, view.paragraph.pk]),
    }


def _dispatch_out(d: Dispatch) -> dict[str, Any]:
    return {
        "id": d.pk,
        "meeting_id": d.meeting_id,
        "kind": d.kind,
        "paragraph": d.paragraph.number if d.paragraph_id else None,
        "round": d.round,
        "recipient": d.recipient,
        "address": d.address,
        "channel": d.channel,
        "status": d.status,
        "attempts": d.attempts,
        "error": d.error,
        "dispatched_at": d.created_at,
        "dispatched_by": d.created_by_name,
        "sent_at": d.sent_at,
    }


def _require_role(request: HttpRequest, tenant: Tenant) -> None:
    """The dispatch lists name recipients and their addresses: a role in the organisation."""
    require_role(
        request,
        tenant,
        Role.READER,
        _("You need a role in %(tenant)s to see its dispatches.") % {"tenant": tenant.name},
    )


router = Router(tags=["notices and extracts"])


@router.get(
    "/meetings/{meeting_id}/notice",
    url_name="meeting_notice",
    response={200: NoticeOut, **READ_ERRORS},
    summary="The notice of a meeting",
)
def notice_read(request: HttpRequest, meeting_id: PathId) -> Any:
    """The public notice: agenda with case numbers and public records, and who is called."""
    meeting = get_or_404(MEETINGS, meeting_id)
    return _notice_out(documents.notice_view(meeting, full=False))


class NoticeSendIn(Input):
    again: Flag = Field(
        False, description="Send it again, deliberately, after a first sending (a new round, audited)."
    )


@router.post(
    "/meetings/{meeting_id}/notice",
    url_name="meeting_notice",
    response={200: list[DispatchOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Send the notice",
)
def notice_send(request: HttpRequest, meeting_id: PathId, payload: NoticeSendIn) -> Any:
    """One e-mail per attendee with an address, sent by the worker with the notice as a PDF;
    the answer lists this round's recipients (``no_address``: none to send to). Sent once:
    sending again needs ``"again": true``."""
    meeting = target(request, MEETINGS, meeting_id)
    actor = request.auth  # type: ignore[attr-defined]
    if payload.again:
        rows = perform(lambda: sending.notice_resend(meeting=meeting, actor=actor))
    else:
        perform(lambda: services.meeting_send_notice(meeting=meeting, actor=actor))
        rows = sending.notice_rows(meeting)
    return [_dispatch_out(d) for d in sending.DISPATCHES.filter(pk__in=[r.pk for r in rows]).order_by("id")]


@router.get(
    "/meetings/{meeting_id}/dispatches",
    url_name="meeting_dispatches",
    response={200: list[DispatchOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Every dispatch of a meeting",
)
@paginate(Pagination)
def meeting_dispatches(request: HttpRequest, meeting_id: PathId) -> Any:
    """The notice's recipients and each extract's, with what became of each e-mail."""
    meeting = get_or_404(MEETINGS, meeting_id)
    _require_role(request, meeting.tenant)
    queryset = sending.DISPATCHES.filter(meeting=meeting).order_by("id")
    return LazyPage(queryset, lambda page: [_dispatch_out(d) for d in page])


PARAGRAPHS = MinutesParagraph.objects.select_related("meeting__body", "meeting__tenant", "case", "tenant")


@router.get(
    "/paragraphs/{paragraph_id}/extract",
    url_name="paragraph_extract",
    response={200: ExtractOut, **READ_ERRORS},
    summary="The extract of an approved paragraph",
)
def extract_read(request: HttpRequest, paragraph_id: PathId) -> Any:
    """The public extract (secret parts read “Sekretess enligt OSL …”), once approved."""
    paragraph = get_or_404(PARAGRAPHS, paragraph_id)
    if not documents.is_approved(paragraph):
        raise Http404
    return _extract_out(documents.extract_view(paragraph, full=False))


Ids = Annotated[list[Id], Field(default_factory=list, max_length=sending.MAX_RECIPIENTS)]


class ExtractDispatchIn(Input):
    unit_ids: Ids
    post_ids: Ids
    person_ids: Ids
    party_ids: Ids = Field(description="Parties to the paragraph's case.")
    addresses: list[Annotated[str, Field(max_length=254)]] = Field(
        default_factory=list, max_length=sending.MAX_RECIPIENTS
    )
    channel: Literal["email", "letter"] = "email"


@router.post(
    "/paragraphs/{paragraph_id}/dispatches",
    url_name="paragraph_dispatches",
    response={200: list[DispatchOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Dispatch the extract of an approved paragraph",
)
def extract_dispatch(request: HttpRequest, paragraph_id: PathId, payload: ExtractDispatchIn) -> Any:
    """Units, posts (their holder as of today), people, the case's parties or free addresses;
    each is recorded as a dispatch, and e-mails are sent by the worker with the extract PDF."""
    paragraph = target(request, PARAGRAPHS, paragraph_id)
    refs = Refs(paragraph.tenant)
    chosen = {
        "units": [refs.one(Unit, i, "unit_ids") for i in dict.fromkeys(payload.unit_ids)],
        "posts": [refs.one(Post, i, "post_ids") for i in dict.fromkeys(payload.post_ids)],
        "people": [refs.one(Person, i, "person_ids") for i in dict.fromkeys(payload.person_ids)],
        "parties": [refs.one(CaseParty, i, "party_ids") for i in dict.fromkeys(payload.party_ids)],
    }
    refs.check()
    rows = perform(
        lambda: sending.extract_dispatch(
            paragraph=paragraph,
            actor=request.auth,  # type: ignore[attr-defined]
            addresses=payload.addresses,
            channel=payload.channel,
            **chosen,  # type: ignore[arg-type]
        ),
        names={
            "units": "unit_ids",
            "posts": "post_ids",
            "people": "person_ids",
            "parties": "party_ids",
        },
    )
    return [_dispatch_out(d) for d in sending.DISPATCHES.filter(pk__in=[r.pk for r in rows]).order_by("id")]


@router.get(
    "/paragraphs/{paragraph_id}/dispatches",
    url_name="paragraph_dispatches",
    response={200: list[DispatchOut], **WRITE_ERRORS},
    auth=bearer,
    summary="The dispatches of a paragraph's extract",
)
@paginate(Pagination)
def paragraph_dispatches(request: HttpRequest, paragraph_id: PathId) -> Any:
    paragraph = get_or_404(PARAGRAPHS, paragraph_id)
    _require_role(request, paragraph.tenant)
    queryset = sending.DISPATCHES.filter(paragraph=paragraph).order_by("id")
    return LazyPage(queryset, lambda page: [_dispatch_out(d) for d in page])


ROUTERS = [router]

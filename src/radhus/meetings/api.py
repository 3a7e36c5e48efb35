"""The meetings API (``/api/v1/meeting-series``, ``/api/v1/meetings``, ``/api/v1/notice-board``):
thin handlers over the selectors and services.

Reads need no login: meetings and their agendas are public; minutes only once approved, and
then as the public minutes (secret parts read “Sekretess enligt OSL …”). Writes need the key of
an editor of the organisation and go through the same services as everything else; a change to
approved minutes is refused (400) and the attempt is audited.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate

from radhus.core.api import (
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Flag,
    Id,
    IdFilter,
    Input,
    IsoDate,
    LazyPage,
    Pagination,
    PathId,
    Problems,
    Refs,
    Text,
    bearer,
    get_or_404,
    limited,
    perform,
    target,
    tenant_by_slug,
    tenant_filter,
    writing_in,
    year_filter,
)
from radhus.diarium.models import Case
from radhus.meetings import law, selectors, services, services_approval, services_attendance, services_signing
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    ItemKind,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesParagraph,
    Signer,
)
from radhus.organisation.models import Person, Unit

TenantFilter = tenant_filter("munkedal")
YearFilter = year_filter("meetings")
# A time of day as HH:MM (local time). JSON Schema's "time" format wants a time zone.
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["09:00"])]


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


SERIES = MeetingSeries.objects.select_related("tenant", "body").prefetch_related("standing_items")
MEETINGS = Meeting.objects.select_related("tenant", "body").prefetch_related(
    "postings", Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("case"))
)


# Output ------------------------------------------------------------------------------------


class SeriesOut(Schema):
    id: int
    tenant: str
    body_id: int
    body: str
    name: str
    rule: str = Field(description="The cadence as an RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU.")
    start_time: Clock
    place: str
    skip_public_holidays: bool
    standing_items: list[str]


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    case_number: str
    for_decision: bool
    withdrawn: bool
    added_at_meeting: bool


class MeetingOut(Schema):
    id: int
    tenant: str
    body_id: int
    body: str
    date: dt.date
    start_time: Clock
    place: str
    status: str
    approval_due: dt.date = Field(description="The last day to approve the minutes (KL 5 kap. 69 §).")
    approved_on: dt.date | None
    appeal_last_day: dt.date | None = Field(
        description="The last day to appeal (KL 13 kap. 5 §), once posted."
    )
    agenda: list[ItemOut]


class VoteOut(Schema):
    question: str
    yes_means: str
    no_means: str
    ballots: list[tuple[str, str]]
    counts: dict[str, int]


class ParagraphOut(Schema):
    number: int
    year: int
    title: str
    case_number: str
    secret: str = Field(
        description="“Sekretess enligt OSL …” when the text is secret; the text is then empty."
    )
    background: str
    proposals: str
    decision_text: str
    is_decision: bool
    votes: list[VoteOut]
    dissents: list[tuple[str, str]]
    notes: list[tuple[str, str]]
    substitutes: list[tuple[str, str]]
    approved_at_once_on: dt.date | None = Field(
        None, description="The day the paragraph was approved at once (omedelbar justering), if it was."
    )
    posted_on: dt.date | None = Field(None, description="Its own notice, when approved at once.")
    appeal_last_day: dt.date | None = Field(
        None, description="Its own last day to appeal (KL 13 kap. 5 §), when approved at once."
    )


class MinutesOut(Schema):
    meeting_id: int
    body: str
    date: dt.date
    place: str
    deciding: list[str]
    substitutes: list[str]
    others: list[str]
    adjusters: list[str]
    approval_place: str
    approval_date: dt.date | None
    approval_time: Clock | None = Field(None, description="The time of day of the approval (HH:MM).")
    approved_on: dt.date | None
    paragraphs: list[ParagraphOut]
    posted_on: dt.date | None
    taken_down_on: dt.date | None
    minutes_kept_at: str
    appeal_last_day: dt.date | None


class NoticeOut(Schema):
    meeting_id: int
    tenant: str
    kind: str = Field(description="approval, paragraph (approved at once) or announcement.")
    paragraph_number: int | None = Field(None, description="The paragraph of a notice of kind paragraph.")
    body: str
    meeting_date: dt.date
    posted_on: dt.date
    taken_down_on: dt.date | None
    minutes_kept_at: str
    appeal_last_day: dt.date | None


def _series_out(s: MeetingSeries) -> dict[str, Any]:
    return {
        "id": s.pk,
        "tenant": s.tenant.slug,
        "body_id": s.body_id,
        "body": s.body.name,
        "name": s.name,
        "rule": s.rule,
        "start_time": _clock(s.start_time),
        "place": s.place,
        "skip_public_holidays": s.skip_public_holidays,
        "standing_items": [i.title for i in s.standing_items.all()],
    }


def _meeting_out(m: Meeting) -> dict[str, Any]:
    items = m.agenda_items.all()
    return {
        "id": m.pk,
        "tenant": m.tenant.slug,
        "body_id": m.body_id,
        "body": m.body.name,
        "date": m.date,
        "start_time": _clock(m.start_time),
        "place": m.place,
        "status": m.status,
        "approval_due": law.approval_due(m.date),
        "approved_on": m.approved_on,
        "appeal_last_day": services.appeal_last_day(m),
        "agenda": [
            {
                "id": i.pk,
                "kind": i.kind,
                "title": i.case.shown_title if i.case else i.title,
                "case_number": i.case.number if i.case else "",
                "for_decision": i.for_decision,
                "withdrawn": i.withdrawn,
                "added_at_meeting": i.added_at_meeting,
            }
            for i in items
        ],
    }


def _minutes_out(view: selectors.MinutesView) -> dict[str, Any]:
    m = view.meeting
    return {
        "meeting_id": m.pk,
        "body": view.body_name,
        "date": m.date,
        "place": m.place,
        "deciding": [a.name_with_party for a in view.deciding],
        "substitutes": [a.name_with_party for a, _numbers in view.substitutes],
        "others": [a.name for a in view.others],
        "adjusters": [s.attendance.name_with_party for s in view.adjusters],
        "approval_place": m.approval_place,
        "approval_date": m.approval_date,
        "approval_time": _clock(m.approval_time) if m.approval_time else None,
        "approved_on": m.approved_on,
        "paragraphs": [{**p.__dict__, "votes": [v.__dict__ for v in p.votes]} for p in view.paragraphs],
        "posted_on": view.posted_on,
        "taken_down_on": view.taken_down_on,
        "minutes_kept_at": m.minutes_kept_at,
        "appeal_last_day": view.appeal_last_day,
    }


router = Router(tags=["meetings"])


@router.get(
    "/meeting-series",
    url_name="meeting_series",
    response={200: list[SeriesOut], **READ_ERRORS},
    summary="Meeting series",
)
@paginate(Pagination)
def series_list(request: HttpRequest, tenant: TenantFilter = None) -> Any:
    queryset = SERIES.order_by("id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    return LazyPage(queryset, lambda page: [_series_out(s) for s in page], counted=bool(tenant))


@router.get(
    "/meeting-series/{series_id}",
    url_name="meeting_series_one",
    response={200: SeriesOut, **READ_ERRORS},
    summary="A meeting series",
)
def series_detail(request: HttpRequest, series_id: PathId) -> Any:
    return _series_out(get_or_404(SERIES, series_id))


class SeriesIn(Input):
    tenant: str = Field(pattern=SLUG_PATTERN, max_length=80)
    body_id: Id
    name: Text = limited(max_length=200)
    rule: Text = limited(max_length=300, description="An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU.")
    start_time: Clock
    place: Text = limited("", max_length=200)
    minutes_kept_at: Text = limited("", max_length=200)
    skip_public_holidays: Flag = True
    standing_items: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=50)


@router.post(
    "/meeting-series",
    url_name="meeting_series",
    response={201: SeriesOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Create a meeting series",
)
def series_create(request: HttpRequest, payload: SeriesIn) -> Any:
    tenant, refs = writing_in(request, payload.tenant)
    body = refs.one(Unit, payload.body_id, "body_id")
    refs.check()
    series = perform(
        lambda: services.series_create(
            tenant=tenant,
            actor=request.auth,  # type: ignore[attr-defined]
            body=body,  # type: ignore[arg-type]
            name=payload.name,
            rule=payload.rule,
            start_time=dt.time.fromisoformat(payload.start_time),
            place=payload.place,
            minutes_kept_at=payload.minutes_kept_at,
            skip_public_holidays=payload.skip_public_holidays,
            standing_items=[" ".join(t.split()) for t in payload.standing_items],
        ),
        names={"body": "body_id"},
    )
    return Status(201, _series_out(get_or_404(SERIES, series.pk)))


class PlanIn(Input):
    year: int = Field(ge=1800, le=2200)


@router.post(
    "/meeting-series/{series_id}/plan",
    url_name="meeting_series_plan",
    response={200: list[MeetingOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Plan a year's meetings",
)
def series_plan(request: HttpRequest, series_id: PathId, payload: PlanIn) -> Any:
    """The annual meeting plan from the series' cadence, public holidays skipped."""
    series = target(request, SERIES, series_id)
    created = perform(lambda: services.plan_year(series=series, actor=request.auth, year=payload.year))  # type: ignore[attr-defined]
    return [_meeting_out(m) for m in MEETINGS.filter(pk__in=[m.pk for m in created]).order_by("date")]


@router.get(
    "/meetings", url_name="meetings", response={200: list[MeetingOut], **READ_ERRORS}, summary="Meetings"
)
@paginate(Pagination)
def meeting_list(
    request: HttpRequest, tenant: TenantFilter = None, body: IdFilter = None, year: YearFilter = None
) -> Any:
    queryset = MEETINGS.order_by("date", "start_time", "id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if body is not None:
        queryset = queryset.filter(body_id=body)
    if year is not None:
        queryset = queryset.filter(date__year=year)
    return LazyPage(queryset, lambda page: [_meeting_out(m) for m in page], counted=bool(tenant or body))


@router.get(
    "/meetings/{meeting_id}",
    url_name="meeting",
    response={200: MeetingOut, **READ_ERRORS},
    summary="A meeting and its agenda",
)
def meeting_detail(request: HttpRequest, meeting_id: PathId) -> Any:
    return _meeting_out(get_or_404(MEETINGS, meeting_id))


@router.get(
    "/meetings/{meeting_id}/minutes",
    url_name="meeting_minutes",
    response={200: MinutesOut, **READ_ERRORS},
    summary="The approved minutes",
)
def meeting_minutes(request: HttpRequest, meeting_id: PathId) -> Any:
    """The public minutes, once approved; secret parts read “Sekretess enligt OSL …”. Before
    that, only the paragraphs approved at once (KL 5 kap. 69 §)."""
    public = MEETINGS.filter(
        pk__in=Meeting.objects.filter(
            Q(status=MeetingStatus.APPROVED) | Q(paragraphs__immediately_approved=True)
        ).values("pk")
    )
    meeting = get_or_404(public, meeting_id)
    return _minutes_out(selectors.minutes_view(meeting, full=False))


class MeetingIn(Input):
    tenant: str = Field(pattern=SLUG_PATTERN, max_length=80)
    body_id: Id
    date: IsoDate
    start_time: Clock
    place: Text = limited("", max_length=200)
    series_id: Id | None = None


@router.post(
    "/meetings",
    url_name="meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Plan a meeting",
)
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    tenant, refs = writing_in(request, payload.tenant)
    body = refs.one(Unit, payload.body_id, "body_id")
    series = refs.one(MeetingSeries, payload.series_id, "series_id")
    refs.check()
    meeting = perform(
        lambda: services.meeting_create(
            tenant=tenant,
            actor=request.auth,  # type: ignore[attr-defined]
            body=body,  # type: ignore[arg-type]
            date=payload.date,
            start_time=dt.time.fromisoformat(payload.start_time),
            place=payload.place,
            series=series,
        ),
        names={"body": "body_id", "series": "series_id"},
    )
    return Status(201, _meeting_out(get_or_404(MEETINGS, meeting.pk)))


def _open(request: HttpRequest, meeting_id: int, action: str) -> Meeting:
    """The meeting a write changes. Approved minutes refuse it here, before any transaction,
    so the refused attempt stays in the audit trail."""
    meeting = target(request, MEETINGS, meeting_id)
    if meeting.is_locked:
        exc = services.MinutesLocked(meeting, request.auth, action)  # type: ignore[attr-defined]
        services.record_refusal(exc)
        raise Problems({"__all__": exc.messages})
    return meeting


class AgendaIn(Input):
    kind: Literal["case", "information", "delegated", "other"]
    case_id: Id | None = Field(None, description="The case, ready for decision (``case``).")
    title: Text = limited("", max_length=300)
    for_decision: Flag = False
    at_meeting: Flag = False


@router.post(
    "/meetings/{meeting_id}/agenda",
    url_name="meeting_agenda",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add an agenda item",
)
def agenda_add(request: HttpRequest, meeting_id: PathId, payload: AgendaIn) -> Any:
    meeting = _open(request, meeting_id, "agenda")
    actor = request.auth  # type: ignore[attr-defined]
    if payload.kind == ItemKind.CASE:
        refs = Refs(meeting.tenant)
        if payload.case_id is None:
            raise Problems({"case_id": [_("Give the case.")]})
        case = refs.one(Case, payload.case_id, "case_id")
        refs.check()
        perform(
            lambda: services.agenda_add_case(
                meeting=meeting, actor=actor, case=case, at_meeting=payload.at_meeting
            ),
            names={"case": "case_id"},
        )  # type: ignore[arg-type]
    else:
        perform(
            lambda: services.agenda_add_item(
                meeting=meeting,
                actor=actor,
                kind=payload.kind,
                title=payload.title,
                for_decision=payload.for_decision,
                at_meeting=payload.at_meeting,
            )
        )
    return _meeting_out(get_or_404(MEETINGS, meeting.pk))


class ItemActionIn(Input):
    action: Literal["withdraw", "for_decision"]


@router.post(
    "/meetings/{meeting_id}/agenda/{item_id}",
    url_name="meeting_agenda_item",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Withdraw an item or make it one for decision",
)
def agenda_change(request: HttpRequest, meeting_id: PathId, item_id: PathId, payload: ItemActionIn) -> Any:
    meeting = _open(request, meeting_id, "agenda")
    item = get_or_404(AgendaItem.objects.filter(meeting=meeting), item_id)
    service = services.agenda_withdraw if payload.action == "withdraw" else services.agenda_make_decision_item
    perform(lambda: service(item=item, actor=request.auth))  # type: ignore[attr-defined]
    return _meeting_out(get_or_404(MEETINGS, meeting.pk))


class ParagraphIn(Input):
    agenda_item_id: Id | None = None
    title: Text = limited("", max_length=300)
    background: Text = limited("", max_length=10_000)
    proposals: Text = limited("", max_length=10_000)
    decision_text: Text = limited("", max_length=10_000)
    is_decision: Flag | None = None


class ParagraphCreatedOut(Schema):
    meeting_id: int
    number: int
    year: int


@router.post(
    "/meetings/{meeting_id}/paragraphs",
    url_name="meeting_paragraphs",
    response={201: ParagraphCreatedOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add the next paragraph (§)",
)
def paragraph_add(request: HttpRequest, meeting_id: PathId, payload: ParagraphIn) -> Any:
    """The next § of the body's year: numbers run without gaps (given under a lock)."""
    meeting = _open(request, meeting_id, "paragraph")
    item = None
    if payload.agenda_item_id is not None:
        item = AgendaItem.objects.filter(meeting=meeting, pk=payload.agenda_item_id).first()
        if item is None:
            raise Problems({"agenda_item_id": [_("Not on this meeting's agenda.")]})
    paragraph = perform(
        lambda: services.paragraph_create(
            meeting=meeting,
            actor=request.auth,  # type: ignore[attr-defined]
            agenda_item=item,
            title=payload.title,
            background=payload.background,
            proposals=payload.proposals,
            decision_text=payload.decision_text,
            is_decision=payload.is_decision,
        ),
        names={"agenda_item": "agenda_item_id"},
    )
    return Status(201, {"meeting_id": meeting.pk, "number": paragraph.number, "year": paragraph.year})


class ApprovedAtOnceOut(Schema):
    meeting_id: int
    number: int
    year: int
    approved_at_once_on: dt.date
    decision: str = Field(description="The decision's reference, e.g. KS § 12/2026; empty for no decision.")
    posted_on: dt.date | None
    appeal_last_day: dt.date | None = Field(description="Three weeks from its own posting (KL 13 kap. 5 §).")


class ImmediateApprovalIn(Input):
    on: IsoDate | None = Field(None, description="The day of approval; today when left out.")


@router.post(
    "/meetings/{meeting_id}/paragraphs/{number}/immediate-approval",
    url_name="meeting_paragraph_immediate_approval",
    response={200: ApprovedAtOnceOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Approve one paragraph at once (omedelbar justering)",
)
def paragraph_immediate_approval(
    request: HttpRequest,
    meeting_id: PathId,
    number: Annotated[int, Path(ge=1, le=100_000)],
    payload: ImmediateApprovalIn,
) -> Any:
    """The chair and adjusters approve the paragraph at the meeting (KL 5 kap. 69 §, the rules
    of procedure): it is locked, its decision goes back to its case, and it is posted on the
    notice board with its own appeal period (KL 8 kap. 12 §, KL 13 kap. 5 §)."""
    meeting = _open(request, meeting_id, "approve at once")
    paragraph = (
        MinutesParagraph.objects.filter(meeting=meeting, number=number).select_related("meeting").first()
    )
    if paragraph is None:
        raise Problems({"number": [_("No such paragraph in these minutes.")]})
    if paragraph.immediately_approved:
        exc = services.ParagraphLocked(meeting, request.auth, "approve at once")  # type: ignore[attr-defined]
        services.record_refusal(exc)
        raise Problems({"__all__": exc.messages})
    done = perform(
        lambda: services_approval.paragraph_approve_at_once(
            paragraph=paragraph,
            actor=request.auth,  # type: ignore[attr-defined]
            on=payload.on,
        )
    )
    decision = getattr(done, "decision", None)
    postings = list(done.postings.all())
    return {
        "meeting_id": meeting.pk,
        "number": done.number,
        "year": done.year,
        "approved_at_once_on": done.approved_at_once_on,
        "decision": decision.reference if decision else "",
        "posted_on": max((p.posted_on for p in postings), default=None),
        "appeal_last_day": services_approval.paragraph_appeal_last_day(done),
    }


class ApprovalIn(Input):
    chair_id: Id = Field(description="The chair's attendance id.")
    adjuster_ids: list[Id] = Field(min_length=1, max_length=10)
    secretary_id: Id | None = None
    place: Text = limited(max_length=200)
    date: IsoDate
    time: Clock | None = Field(None, description="The time of day of the approval (HH:MM), e.g. 10:00.")


class SignerOut(Schema):
    id: int
    name: str
    role: str
    signed_at: dt.datetime | None


@router.post(
    "/meetings/{meeting_id}/approval",
    url_name="meeting_approval",
    response={200: list[SignerOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Choose adjusters and the time of approval",
)
def approval_arrange(request: HttpRequest, meeting_id: PathId, payload: ApprovalIn) -> Any:
    meeting = _open(request, meeting_id, "approval")
    present = {a.pk: a for a in Attendance.objects.filter(meeting=meeting)}
    errors: dict[str, list[str]] = {}
    for field, ids in [
        ("chair_id", [payload.chair_id]),
        ("adjuster_ids", payload.adjuster_ids),
        ("secretary_id", [payload.secretary_id] if payload.secretary_id else []),
    ]:
        if any(i not in present for i in ids):
            errors[field] = [_("Not called to this meeting.")]
    if errors:
        raise Problems(errors)
    perform(
        lambda: services.approval_arrange(
            meeting=meeting,
            actor=request.auth,  # type: ignore[attr-defined]
            chair=present[payload.chair_id],
            adjusters=[present[i] for i in dict.fromkeys(payload.adjuster_ids)],
            secretary=present.get(payload.secretary_id) if payload.secretary_id else None,
            place=payload.place,
            date=payload.date,
            time=dt.time.fromisoformat(payload.time) if payload.time else None,
        ),
        names={"chair": "chair_id", "adjusters": "adjuster_ids", "secretary": "secretary_id"},
    )
    return [_signer_out(s) for s in meeting.signers.select_related("attendance")]


def _signer_out(s: Signer) -> dict[str, Any]:
    return {"id": s.pk, "name": s.attendance.name, "role": s.role, "signed_at": s.signed_at}


class SignIn(Input):
    reason: Text = limited(
        "",
        max_length=services_signing.REASON_MAX_LENGTH,
        description="Why an administrator approves this line on the signer's behalf, e.g. "
        "“Approved on paper on 13 March”: required then, kept in the audit trail. Left out when "
        "the signer approves their own line.",
    )


@router.post(
    "/meetings/{meeting_id}/signatures/{signer_id}",
    url_name="meeting_sign",
    response={200: MeetingOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Approve the minutes as one signer",
)
def minutes_sign(request: HttpRequest, meeting_id: PathId, signer_id: PathId, payload: SignIn) -> Any:
    """Each signer approves their own line, with the key of the user linked to the person on it
    (KL 5 kap. 69 §); an administrator of the organisation may approve someone else's line
    with a ``reason`` (400 on ``reason`` when it is missing), which the audit trail keeps. When
    the last signer has approved, the minutes are locked, decisions go back to their cases and
    the approval is posted (KL 8 kap. 12 §)."""
    meeting = _open(request, meeting_id, "sign")
    signer = get_or_404(Signer.objects.filter(meeting=meeting).select_related("attendance"), signer_id)
    perform(
        lambda: services.minutes_sign(
            signer=signer,
            actor=request.auth,  # type: ignore[attr-defined]
            reason=payload.reason,
        )
    )
    return _meeting_out(get_or_404(MEETINGS, meeting.pk))


@router.get(
    "/notice-board",
    url_name="notice_board",
    response={200: list[NoticeOut], **READ_ERRORS},
    summary="The notice board",
)
@paginate(Pagination)
def notice_board(request: HttpRequest, tenant: TenantFilter = None) -> Any:
    """What is posted today: approvals until their appeal period has run out (KL 13 kap. 5 §),
    and council meetings announced beforehand (KL 5 kap. 13–15 §§)."""
    organisation = tenant_by_slug(tenant) if tenant else None
    approvals, announcements = selectors.notice_board(organisation, timezone.localdate())
    return [
        {
            "meeting_id": n.meeting.pk,
            "tenant": n.meeting.tenant.slug,
            "kind": n.posting.kind,
            "paragraph_number": n.paragraph_number,
            "body": n.meeting.body.name,
            "meeting_date": n.meeting.date,
            "posted_on": n.posting.posted_on,
            "taken_down_on": n.posting.taken_down_on,
            "minutes_kept_at": n.meeting.minutes_kept_at,
            "appeal_last_day": n.appeal_last_day,
        }
        for n in approvals + announcements
    ]


# Attendance and votes ----------------------------------------------------------------------


class AttendanceOut(Schema):
    id: int
    name: str
    party: str
    title: str
    role: str = Field(
        description="chair, vice_chair, member, substitute, optional_attendee, secretary or other."
    )
    present: bool


def _attendance_out(meeting: Meeting) -> list[dict[str, Any]]:
    rows = selectors._mask(list(meeting.attendances.select_related("person")), full=False)
    return [
        {"id": a.pk, "name": a.name, "party": a.party, "title": a.title, "role": a.role, "present": a.present}
        for a in rows
    ]


@router.get(
    "/meetings/{meeting_id}/attendance",
    url_name="meeting_attendance",
    response={200: list[AttendanceOut], **READ_ERRORS},
    summary="Who is called to a meeting",
)
def attendance_list(request: HttpRequest, meeting_id: PathId) -> Any:
    """Those called, drawn from the body's seats on the meeting day; a protected person is
    never named."""
    return _attendance_out(get_or_404(MEETINGS, meeting_id))


# A name or title of someone present (``Attendance.name`` and ``.title``).
ATTENDANCE_TEXT_MAX = 200


class AttendanceIn(Input):
    action: Literal["draw", "add", "present", "absent", "away"] = Field(
        description="draw: call the body's seats; add: someone else present; present/absent: "
        "whether one called came; away: one called was away for paragraphs from_number–to_number."
    )
    attendance_id: Id | None = None
    person_id: Id | None = None
    role: Literal[
        "chair", "vice_chair", "member", "substitute", "optional_attendee", "secretary", "other"
    ] = "other"
    name: Text = limited("", max_length=ATTENDANCE_TEXT_MAX)
    title: Text = limited("", max_length=ATTENDANCE_TEXT_MAX)
    from_number: int | None = Field(None, ge=1, le=100_000)
    to_number: int | None = Field(None, ge=1, le=100_000)


@router.post(
    "/meetings/{meeting_id}/attendance",
    url_name="meeting_attendance",
    response={200: list[AttendanceOut], **WRITE_ERRORS},
    auth=bearer,
    summary="Call the seats, add someone present, or note who came and who was away",
)
def attendance_change(request: HttpRequest, meeting_id: PathId, payload: AttendanceIn) -> Any:
    meeting = _open(request, meeting_id, "attendance")
    actor = request.auth  # type: ignore[attr-defined]
    # The lengths the document promises hold whatever the action (only "add" uses the texts).
    too_long = {
        field: [_("At most %(limit)s characters.") % {"limit": ATTENDANCE_TEXT_MAX}]
        for field in ("name", "title")
        if len(getattr(payload, field)) > ATTENDANCE_TEXT_MAX
    }
    if too_long:
        raise Problems(too_long)
    if payload.action == "draw":
        perform(lambda: services.attendance_draw(meeting=meeting, actor=actor))
    elif payload.action == "add":
        refs = Refs(meeting.tenant)
        person = refs.one(Person, payload.person_id, "person_id")
        refs.check()
        perform(
            lambda: services.attendance_add(
                meeting=meeting,
                actor=actor,
                role=payload.role,
                person=person,  # type: ignore[arg-type]
                name=payload.name,
                title=payload.title,
            ),
            names={"person": "person_id"},
        )
    else:
        attendance = Attendance.objects.filter(meeting=meeting, pk=payload.attendance_id or 0).first()
        if attendance is None:
            raise Problems({"attendance_id": [_("Not called to this meeting.")]})
        if payload.action == "away":
            if payload.from_number is None or payload.to_number is None:
                raise Problems({"from_number": [_("Give paragraphs of this meeting's minutes.")]})
            perform(
                lambda: services_attendance.attendance_away(
                    attendance=attendance,
                    actor=actor,
                    from_number=payload.from_number,  # type: ignore[arg-type]
                    to_number=payload.to_number,  # type: ignore[arg-type]
                )
            )
        else:
            perform(
                lambda: services.attendance_set_present(
                    attendance=attendance, actor=actor, present=payload.action == "present"
                )
            )
    return _attendance_out(get_or_404(MEETINGS, meeting.pk))


class VoteIn(Input):
    question: Text = limited(max_length=2000)
    yes_means: Text = limited(max_length=300)
    no_means: Text = limited(max_length=300)
    ballots: dict[str, Literal["yes", "no", "abstain"]] = Field(
        description='Each deciding member\'s vote by attendance id, e.g. {"12": "yes"}.', max_length=500
    )


@router.post(
    "/meetings/{meeting_id}/paragraphs/{number}/votes",
    url_name="meeting_paragraph_votes",
    response={201: VoteOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Record a roll-call vote on a paragraph",
)
def vote_add(
    request: HttpRequest, meeting_id: PathId, number: Annotated[int, Path(ge=1, le=100_000)], payload: VoteIn
) -> Any:
    """How each deciding member voted (KL 5 kap. 67 §); only those deciding the paragraph vote."""
    meeting = _open(request, meeting_id, "vote")
    paragraph = MinutesParagraph.objects.filter(meeting=meeting, number=number).first()
    if paragraph is None:
        raise Problems({"number": [_("No such paragraph in these minutes.")]})
    called = {str(a.pk): a for a in Attendance.objects.filter(meeting=meeting)}
    unknown = [k for k in payload.ballots if k not in called]
    if unknown:
        raise Problems({"ballots": [_("Not called to this meeting.")]})
    vote = perform(
        lambda: services.vote_record(
            paragraph=paragraph,
            actor=request.auth,  # type: ignore[attr-defined]
            question=payload.question,
            yes_means=payload.yes_means,
            no_means=payload.no_means,
            ballots={called[k]: v for k, v in payload.ballots.items()},
        )
    )
    ballots = list(vote.ballots.select_related("attendance"))
    return Status(
        201,
        {
            "question": vote.question,
            "yes_means": vote.yes_means,
            "no_means": vote.no_means,
            "ballots": [(b.attendance.name_with_party, b.choice) for b in ballots],
            "counts": {c: sum(1 for b in ballots if b.choice == c) for c in ("yes", "no", "abstain")},
        },
    )


ROUTERS = [router]

"""Reads of meetings and minutes, and what the public may see of them.

Public minutes show a paragraph's text only when neither the paragraph nor its case's title is
secret: a secret part reads “Sekretess enligt OSL …” (the case register's own label, OSL
5 kap. 5 §). Every public output (the page, the PDF, the feed, the API) builds minutes through
``minutes_view`` with ``full=False``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from radhus.core.models import Tenant
from radhus.diarium.selectors import secrecy_label
from radhus.meetings import law
from radhus.meetings.models import (
    DECIDING_ROLES,
    Attendance,
    AttendeeRole,
    Meeting,
    MeetingStatus,
    MinutesParagraph,
    ParagraphAttendanceKind,
    Posting,
    PostingKind,
    Signer,
    SignerRole,
)
from radhus.organisation.models import Unit


@dataclass
class VoteView:
    question: str
    yes_means: str
    no_means: str
    ballots: list[tuple[str, str]]
    counts: dict[str, int]


@dataclass
class ParagraphView:
    number: int
    year: int
    title: str
    case_number: str
    secret: str  # the label shown in place of the text, or ""
    background: str
    proposals: str
    decision_text: str
    is_decision: bool
    decided_by: str = ""  # the chief's decision: “Anna Berg, kommunchef”; else ""
    approved_at_once_on: dt.date | None = None  # “Paragrafen justerades omedelbart”
    posted_on: dt.date | None = None  # its own notice, when approved at once
    appeal_last_day: dt.date | None = None
    votes: list[VoteView] = field(default_factory=list)
    dissents: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    substitutes: list[tuple[str, str]] = field(default_factory=list)
    not_taking_part: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class MinutesView:
    meeting: Meeting
    body_name: str
    deciding: list[Attendance]
    substitutes: list[tuple[Attendance, list[int]]]
    others: list[Attendance]
    signers: list[Signer]
    paragraphs: list[ParagraphView]
    postings: list[Posting]
    appeal_last_day: dt.date | None
    taken_down_on: dt.date | None
    numbers: str  # “§§ 1–4”

    @property
    def adjusters(self) -> list[Signer]:
        return [s for s in self.signers if s.role == SignerRole.ADJUSTER]

    @property
    def posted_on(self) -> dt.date | None:
        return max((p.posted_on for p in self.postings), default=None)


def protected_label() -> str:
    return _("Protected person")


def _mask(attendances: list[Attendance], full: bool) -> list[Attendance]:
    """A person whose identity is protected (``is_public`` off in the registry) is never named
    in public minutes, as on every other public page."""
    if not full:
        for a in attendances:
            if a.person_id and not a.person.is_public:
                a.name, a.party, a.title = protected_label(), "", ""
    return attendances


def _decided_by(p: MinutesParagraph, full: bool) -> str:
    """Who made the chief's decision (S2.1), as frozen on the paragraph; a chief whose identity
    is protected is not named in public minutes."""
    if not p.is_chief_decision:
        return ""
    if not full and p.decided_by_id and not p.decided_by.is_public:
        return protected_label()
    return p.decided_by_line


def _paragraph_view(p: MinutesParagraph, full: bool) -> ParagraphView:
    case = p.case
    secret = ""
    title = p.title
    if not full and case is not None and case.is_title_secret:
        title = case.public_title
        secret = secrecy_label(case.title_secrecy)
    if not full and p.secrecy:
        secret = secrecy_label(p.secrecy)
    hide = bool(secret) and not full
    view = ParagraphView(
        number=p.number,
        year=p.year,
        title=title,
        case_number=case.number if case else "",
        secret=secret if not full else (p.secrecy and secrecy_label(p.secrecy)),
        background="" if hide else p.background,
        proposals="" if hide else p.proposals,
        decision_text="" if hide else p.decision_text,
        is_decision=p.is_decision,
        decided_by=_decided_by(p, full),
        approved_at_once_on=p.approved_at_once_on if p.immediately_approved else None,
    )
    own = [q.posted_on for q in p.postings.all()]
    if own:
        view.posted_on, view.appeal_last_day = max(own), law.appeal_last_day(own)
    _mask(
        [b.attendance for v in p.votes.all() for b in v.ballots.all()]
        + [d.attendance for d in p.dissents.all()]
        + [n.attendance for n in p.notes.all()]
        + [c.attendance for c in p.attendance_changes.all()]
        + [c.serves_for for c in p.attendance_changes.all() if c.serves_for],
        full,
    )
    for vote in p.votes.all():
        ballots = [(b.attendance.name_with_party, b.get_choice_display()) for b in vote.ballots.all()]
        counts = defaultdict(int)
        for b in vote.ballots.all():
            counts[b.choice] += 1
        view.votes.append(VoteView(vote.question, vote.yes_means, vote.no_means, ballots, dict(counts)))
    view.dissents = [(d.attendance.name_with_party, "" if hide else d.reasons) for d in p.dissents.all()]
    view.notes = [(n.attendance.name_with_party, "" if hide else n.text) for n in p.notes.all()]
    for change in p.attendance_changes.all():
        if change.kind == ParagraphAttendanceKind.SERVES_FOR:
            view.substitutes.append((change.attendance.name_with_party, change.serves_for.name_with_party))
        else:
            view.not_taking_part.append((change.attendance.name_with_party, change.get_kind_display()))
    return view


def _numbers(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"§ {numbers[0]}"
    return f"§§ {numbers[0]}–{numbers[-1]}"


def minutes_view(meeting: Meeting, *, full: bool) -> MinutesView:
    """The blocks of Swedish minutes: place and time, deciding members with party, serving
    substitutes and for which paragraphs, others present, adjusters, approval, the paragraphs,
    signatures and the notice-board certificate (KL 5 kap. 67 §, KL 8 kap. 12 §). Before the
    whole minutes are approved the public sees only the paragraphs approved at once (KL 5 kap.
    69 §)."""
    shown = meeting.paragraphs.all()
    if not full and not meeting.is_locked:
        shown = shown.filter(immediately_approved=True)
    paragraphs = list(
        shown.select_related("case", "decided_by")
        .prefetch_related(
            "votes__ballots__attendance__person",
            "dissents__attendance__person",
            "notes__attendance__person",
            "attendance_changes__attendance__person",
            "attendance_changes__serves_for__person",
            "postings",
        )
        .order_by("number")
    )
    attendances = _mask(list(meeting.attendances.select_related("person")), full)
    serving: dict[int, list[int]] = defaultdict(list)
    for p in paragraphs:
        for change in p.attendance_changes.all():
            if change.kind == ParagraphAttendanceKind.SERVES_FOR:
                serving[change.attendance_id].append(p.number)
    postings = [p for p in meeting.postings.all() if p.kind == PostingKind.APPROVAL]
    days = [p.posted_on for p in postings]
    return MinutesView(
        meeting=meeting,
        body_name=meeting.body.name,
        deciding=[a for a in attendances if a.role in DECIDING_ROLES and a.present],
        substitutes=[
            (a, serving.get(a.pk, [])) for a in attendances if a.role == AttendeeRole.SUBSTITUTE and a.present
        ],
        others=[
            a
            for a in attendances
            if a.role not in DECIDING_ROLES and a.role != AttendeeRole.SUBSTITUTE and a.present
        ],
        signers=_signers(meeting, full),
        paragraphs=[_paragraph_view(p, full) for p in paragraphs],
        postings=postings,
        appeal_last_day=law.appeal_last_day(days) if days else None,
        taken_down_on=law.take_down_on(days) if days else None,
        numbers=_numbers([p.number for p in paragraphs]),
    )


def _signers(meeting: Meeting, full: bool) -> list[Signer]:
    signers = list(meeting.signers.select_related("attendance__person", "user"))
    _mask([s.attendance for s in signers], full)
    return signers


def public_meetings(tenant: Tenant) -> QuerySet[Meeting]:
    return Meeting.objects.filter(tenant=tenant).exclude(status=MeetingStatus.CANCELLED)


def approved_meeting(tenant: Tenant, meeting_id: int) -> Meeting | None:
    """An approved meeting of ``tenant``, or of a joint body whose approval ``tenant`` posted;
    or a meeting with a paragraph approved at once, whose minutes show only those paragraphs."""
    return (
        Meeting.objects.filter(pk=meeting_id)
        .filter(Q(status=MeetingStatus.APPROVED) | Q(paragraphs__immediately_approved=True))
        .filter(Q(tenant=tenant) | Q(postings__tenant=tenant))
        .select_related("body", "tenant")
        .distinct()
        .first()
    )


# What a notice of the board shows (the page, the Atom feed, the API): reading a column left out
# here would cost a query per notice (tests/meetings/test_perf_queries.py counts them).
BOARD_COLUMNS = (
    "kind",
    "posted_on",
    "taken_down_on",
    "tenant__slug",
    "tenant__name",
    "meeting__date",
    "meeting__start_time",
    "meeting__place",
    "meeting__status",
    "meeting__approved_on",
    "meeting__minutes_kept_at",
    "meeting__body__name",
    "meeting__body__slug",
    "meeting__tenant__slug",
    "meeting__tenant__name",
    "paragraph__number",
    "paragraph__approved_at_once_on",
)


@dataclass
class BoardNotice:
    posting: Posting
    meeting: Meeting
    appeal_last_day: dt.date | None

    @property
    def paragraph_number(self) -> int | None:
        """The paragraph of a notice of a paragraph approved at once, else None."""
        return self.posting.paragraph.number if self.posting.paragraph_id else None


def notice_board(tenant: Tenant | None, today: dt.date) -> tuple[list[BoardNotice], list[BoardNotice]]:
    """What is on ``tenant``'s notice board today (every organisation's, for ``None``):
    approvals of minutes, and of paragraphs approved at once, each until its own appeal period
    has run out (KL 8 kap. 12 §, KL 13 kap. 5 §), and council meetings announced beforehand
    (KL 5 kap. 13–15 §§) until the meeting has been held. Two queries, however many meetings the
    organisation has had: the notices up today, and the posting days of their meetings."""
    postings = list(
        Posting.objects.filter(**({"tenant": tenant} if tenant is not None else {}), posted_on__lte=today)
        .filter(Q(taken_down_on__isnull=True) | Q(taken_down_on__gt=today))
        # Only the columns the board, its feed and the API show (the posting organisation too:
        # the feed links through it): a third of the time of whole rows.
        .select_related("tenant", "meeting__body", "meeting__tenant", "paragraph")
        .only(*BOARD_COLUMNS)
        .order_by("-posted_on", "-id")[:200]
    )
    appealable = {PostingKind.APPROVAL, PostingKind.PARAGRAPH}
    # Each notice counts from its own postings, every organisation's (a joint body's minutes
    # are posted by each member municipality): the minutes' or the paragraph's.
    days: dict[tuple[int, str, int | None], list[dt.date]] = defaultdict(list)
    meetings = {p.meeting_id for p in postings if p.kind in appealable}
    if meetings:
        rows = Posting.objects.filter(meeting_id__in=meetings, kind__in=sorted(appealable)).values_list(
            "meeting_id", "kind", "paragraph_id", "posted_on"
        )
        for meeting_id, kind, paragraph_id, posted_on in rows:
            days[(meeting_id, kind, paragraph_id)].append(posted_on)
    approvals, announcements = [], []
    for p in postings:
        if p.kind in appealable:
            own = days[(p.meeting_id, p.kind, p.paragraph_id)]
            approvals.append(BoardNotice(p, p.meeting, law.appeal_last_day(own)))
        else:
            announcements.append(BoardNotice(p, p.meeting, None))
    return approvals, announcements


def plan_of(body: Unit, tenant: Tenant, start: dt.date) -> list[Meeting]:
    """A body's meetings from ``start`` on, not cancelled, for its calendar feed: one query,
    reading only the columns an event shows."""
    meetings = list(
        public_meetings(tenant)
        .filter(body=body, date__gte=start)
        .only("id", "date", "start_time", "end_time", "place", "status", "created_at")
        .order_by("date", "start_time", "id")
    )
    for meeting in meetings:
        meeting.body = body  # the event's summary, without a join per row
    return meetings


@dataclass(frozen=True)
class PlannedMeeting:
    """One line of a body's yearly plan: the meeting and which of its public documents exist."""

    meeting: Meeting
    has_notice: bool
    has_minutes: bool


def bodies_that_meet(tenant: Tenant) -> QuerySet[Unit]:
    """The organisation's bodies and groups that have meetings in Rådhus, by name."""
    return Unit.objects.filter(tenant=tenant, meetings__tenant=tenant).distinct().order_by("name")


def yearly_plan(tenant: Tenant, body: Unit, year: int) -> list[PlannedMeeting]:
    """A body's meetings in a year in order (sammanträdesplan), cancelled ones too: the public
    may read when its bodies meet, and a cancelled day is news. One query."""
    meetings = Meeting.objects.filter(tenant=tenant, body=body, date__year=year).order_by(
        "date", "start_time"
    )
    sent = {MeetingStatus.NOTICE_SENT, MeetingStatus.HELD, MeetingStatus.APPROVED}
    return [
        PlannedMeeting(m, has_notice=m.status in sent, has_minutes=m.status == MeetingStatus.APPROVED)
        for m in meetings
    ]


def plan_years(tenant: Tenant, body: Unit) -> list[int]:
    """The years in which a body has meetings, for the links between years."""
    dates = Meeting.objects.filter(tenant=tenant, body=body).dates("date", "year")
    return [d.year for d in dates]

"""Every change to meetings and minutes: keyword-only, one transaction, audited.

A meeting's minutes are open while it is planned or held; once every signer has approved them
(justering) they are locked: every change is refused, and the attempt is written to the audit
trail (``MinutesLocked``). Paragraph numbers run through the year per body and are given under
a lock of the body's counter, so they have no gaps and are never given twice.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock, lock_tenant
from radhus.core.models import Role, Tenant
from radhus.core.validators import check_date_in_range
from radhus.diarium import services as diarium
from radhus.diarium.models import Case, Status
from radhus.diarium.services import OSL_PARAGRAPH
from radhus.meetings import law, sending, services_signing, tasks
from radhus.meetings.models import (
    DECIDING_ROLES,
    AgendaItem,
    Attendance,
    AttendeeRole,
    Ballot,
    Decision,
    DecisionKind,
    Dissent,
    ItemKind,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesParagraph,
    Note,
    ParagraphAttendance,
    ParagraphAttendanceKind,
    ParagraphCounter,
    Posting,
    PostingKind,
    Signer,
    SignerRole,
    StandingItem,
    Vote,
    VoteChoice,
)
from radhus.organisation.models import GROUP_KINDS, MembershipRole, Person, Unit, UnitKind
from radhus.organisation.selectors import members_on, seat_with_role

P = ParamSpec("P")
T = TypeVar("T")

# A plan never reaches further than this: a rule with no end (FREQ=WEEKLY) is cut at a year.
MAX_MEETINGS_PER_YEAR = 400
# The groups a chief leads and decides for: the chief's management group and the like (S2.1).
CHIEF_LED_KINDS = {UnitKind.MANAGEMENT_TEAM, UnitKind.GROUP_MANAGEMENT_TEAM}

SEAT_ROLES = {
    MembershipRole.CHAIR: AttendeeRole.CHAIR,
    MembershipRole.VICE_CHAIR: AttendeeRole.VICE_CHAIR,
    MembershipRole.MEMBER: AttendeeRole.MEMBER,
    MembershipRole.SUBSTITUTE: AttendeeRole.SUBSTITUTE,
    MembershipRole.OPTIONAL_ATTENDEE: AttendeeRole.OPTIONAL,
    MembershipRole.SECRETARY: AttendeeRole.SECRETARY,
}


class MinutesLocked(ValidationError):
    """A change to approved minutes. Refused; the attempt is audited."""

    def __init__(self, meeting: Meeting, actor: Actor, action: str) -> None:
        super().__init__(
            {"__all__": _("The minutes are approved and can no longer be changed.")}, code="minutes_locked"
        )
        self.meeting = meeting
        self.actor = actor
        self.action = action


def record_refusal(exc: MinutesLocked) -> None:
    """Write the refused attempt to change approved minutes to the audit trail. The services do
    this themselves; a caller that rolls back its own transaction on an error (the API) calls it
    again after the rollback."""
    with transaction.atomic():
        audit.record(
            tenant=exc.meeting.tenant,
            actor=exc.actor,
            action="meetings.minutes.change_refused",
            subject=exc.meeting,
            summary=_("Refused: %(action)s on approved minutes of %(meeting)s.")
            % {"action": exc.action, "meeting": exc.meeting},
        )


def audits_refusal(func: Callable[P, T]) -> Callable[P, T]:
    """Runs the service; when it is refused because the minutes are approved, its transaction
    is rolled back and the attempt is written to the audit trail afterwards."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        except MinutesLocked as exc:
            record_refusal(exc)
            raise

    return wrapper


def _require(actor: Actor, tenant: Tenant) -> None:
    """The actor must be an editor in ``tenant``; ``None`` is the system (demo, commands)."""
    if actor is not None and not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied


def _open_meeting(meeting: Meeting, actor: Actor, action: str) -> Meeting:
    """Lock the meeting and check that its minutes may still change."""
    _require(actor, meeting.tenant)
    meeting = lock(meeting)
    if meeting.is_locked:
        raise MinutesLocked(meeting, actor, action)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"__all__": _("The meeting is cancelled.")}, code="cancelled")
    return meeting


def _open_paragraph(paragraph: MinutesParagraph, actor: Actor, action: str) -> Meeting:
    """Lock the paragraph's meeting and check that the paragraph may still change: a paragraph
    approved at once (KL 5 kap. 69 §) is locked like approved minutes."""
    meeting = _open_meeting(paragraph.meeting, actor, action)
    if MinutesParagraph.objects.filter(pk=paragraph.pk, immediately_approved=True).exists():
        raise ParagraphLocked(meeting, actor, action)
    return meeting


class ParagraphLocked(MinutesLocked):
    """A change to a paragraph approved at once. Refused; the attempt is audited."""

    def __init__(self, meeting: Meeting, actor: Actor, action: str) -> None:
        super().__init__(meeting, actor, action)
        ValidationError.__init__(
            self,
            {"__all__": _("The paragraph was approved at once and can no longer be changed.")},
            code="paragraph_locked",
        )


def _record(
    meeting: Meeting, actor: Actor, action: str, summary: str, subject: Any = None, **changes: Any
) -> None:
    audit.record(
        tenant=meeting.tenant,
        actor=actor,
        action=f"meetings.{action}",
        subject=subject or meeting,
        page=meeting,
        summary=summary,
        changes={k: audit._jsonable(v) for k, v in changes.items()},
    )


def _check_same_tenant(tenant: Tenant, field: str, obj: Any) -> None:
    if obj is not None and obj.tenant_id != tenant.pk:
        raise ValidationError({field: _("Must belong to the same organisation.")}, code="other_tenant")


# Series and the meeting plan ------------------------------------------------------------------


def parse_rule(rule: str, start: dt.date) -> Any:
    """The recurrence rule (RFC 5545 RRULE, read by dateutil) from ``start``."""
    text = rule.strip().removeprefix("RRULE:")
    if not text or "\n" in text or len(text) > 300:
        raise ValidationError({"rule": _("Enter a recurrence rule, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU.")})
    try:
        return rrulestr(text, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise ValidationError(
            {"rule": _("Enter a recurrence rule, e.g. FREQ=MONTHLY;BYDAY=+2TU,+4TU.")}, code="rule"
        ) from exc


def plan_dates(series: MeetingSeries, year: int) -> list[dt.date]:
    """The meeting days of ``series`` in ``year``: its rule, without public holidays when the
    series skips them (lag (1989:253) om allmänna helgdagar, through `holidays`)."""
    start, end = dt.date(year, 1, 1), dt.datetime(year, 12, 31, 23, 59)
    days: list[dt.date] = []
    for moment in parse_rule(series.rule, start).xafter(
        dt.datetime(year, 1, 1) - dt.timedelta(seconds=1), inc=True
    ):
        if moment > end or len(days) >= MAX_MEETINGS_PER_YEAR:
            break
        day = moment.date()
        if series.skip_public_holidays and law.is_public_holiday(day):
            continue
        days.append(day)
    return days


@transaction.atomic
def series_create(
    *,
    tenant: Tenant,
    actor: Actor,
    body: Unit,
    name: str,
    rule: str,
    start_time: dt.time,
    end_time: dt.time | None = None,
    place: str = "",
    minutes_kept_at: str = "",
    skip_public_holidays: bool = True,
    standing_items: Iterable[str] = (),
) -> MeetingSeries:
    """A body's or group's series of meetings with its cadence and standing items (S2.3)."""
    _require(actor, tenant)
    _check_same_tenant(tenant, "body", body)
    if body.kind not in GROUP_KINDS:
        raise ValidationError({"body": _("Only a body or a group meets.")}, code="not_a_group")
    parse_rule(rule, dt.date(2000, 1, 1))
    series = MeetingSeries(
        tenant=tenant,
        body=body,
        name=name,
        rule=rule.strip().removeprefix("RRULE:"),
        start_time=start_time,
        end_time=end_time,
        place=place,
        minutes_kept_at=minutes_kept_at,
        skip_public_holidays=skip_public_holidays,
    )
    series.full_clean()
    series.save()
    for i, title in enumerate(standing_items):
        item = StandingItem(series=series, title=title, sort_order=i)
        item.full_clean(exclude=["series"])
        item.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="meetings.series.create",
        subject=series,
        page=body,
        summary=_("Meeting series %(name)s created.") % {"name": series.name},
        changes={"rule": [None, series.rule]},
    )
    return series


@transaction.atomic
def plan_year(*, series: MeetingSeries, actor: Actor, year: int) -> list[Meeting]:
    """Create the meetings of ``year`` from the series' rule (the annual meeting plan), each
    with the series' standing items. Days already planned are left as they are."""
    _require(actor, series.tenant)
    check_date_in_range(dt.date(year, 1, 1) if 1800 <= year <= 2200 else dt.date.min, "year")
    lock(series)
    existing = set(Meeting.objects.filter(body=series.body, date__year=year).values_list("date", flat=True))
    created = []
    for day in plan_dates(series, year):
        if day in existing:
            continue
        created.append(_meeting(series=series, body=series.body, date=day))
    audit.record(
        tenant=series.tenant,
        actor=actor,
        action="meetings.series.plan",
        subject=series,
        page=series.body,
        summary=_("Meeting plan %(year)s for %(name)s: %(n)s meetings.")
        % {"year": year, "name": series.name, "n": len(created)},
    )
    return created


def _meeting(
    *,
    series: MeetingSeries | None,
    body: Unit,
    date: dt.date,
    start_time: dt.time | None = None,
    place: str = "",
) -> Meeting:
    meeting = Meeting(
        tenant=body.tenant,
        series=series,
        body=body,
        date=date,
        start_time=start_time or (series.start_time if series else dt.time(9, 0)),
        end_time=series.end_time if series else None,
        place=place or (series.place if series else ""),
        minutes_kept_at=series.minutes_kept_at if series else "",
    )
    meeting.full_clean(exclude=["tenant", "series", "body"])
    meeting.save()
    if series is not None:
        for i, item in enumerate(series.standing_items.all()):
            AgendaItem.objects.create(
                meeting=meeting, kind=ItemKind.STANDING, title=item.title, sort_order=i + 1
            )
    return meeting


@transaction.atomic
def meeting_create(
    *,
    tenant: Tenant,
    actor: Actor,
    body: Unit,
    date: dt.date,
    start_time: dt.time,
    place: str = "",
    series: MeetingSeries | None = None,
) -> Meeting:
    """One meeting outside (or inside) a series' plan."""
    _require(actor, tenant)
    _check_same_tenant(tenant, "body", body)
    _check_same_tenant(tenant, "series", series)
    check_date_in_range(date, "date")
    if body.kind not in GROUP_KINDS:
        raise ValidationError({"body": _("Only a body or a group meets.")}, code="not_a_group")
    if series is not None and series.body_id != body.pk:
        raise ValidationError({"series": _("The series belongs to another body.")}, code="series_body")
    if Meeting.objects.filter(body=body, date=date, start_time=start_time).exists():
        raise ValidationError({"date": _("The body already meets at that time.")}, code="double_meeting")
    meeting = _meeting(series=series, body=body, date=date, start_time=start_time, place=place)
    _record(meeting, actor, "meeting.create", _("Meeting %(meeting)s planned.") % {"meeting": meeting})
    return meeting


@audits_refusal
@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: Actor) -> Meeting:
    meeting = _open_meeting(meeting, actor, "cancel")
    if meeting.paragraphs.exists():
        raise ValidationError(
            {"__all__": _("A meeting with minutes cannot be cancelled.")}, code="has_minutes"
        )
    for item in meeting.agenda_items.filter(case__isnull=False, withdrawn=False).select_related("case"):
        if item.case.status == Status.ON_AGENDA:
            diarium.case_take_off_agenda(case=item.case, actor=actor)
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    _record(meeting, actor, "meeting.cancel", _("Meeting %(meeting)s cancelled.") % {"meeting": meeting})
    return meeting


@audits_refusal
@transaction.atomic
def meeting_send_notice(*, meeting: Meeting, actor: Actor, on: dt.date | None = None) -> Meeting:
    """The notice (kallelse) with its agenda is sent: one e-mail per attendee called, with the
    notice as a PDF, through the task queue (``sending``); each recipient is recorded with what
    became of the e-mail. Sent once: ``sending.notice_resend`` sends it again, deliberately.
    A council meeting's time and place are posted on the notice board at least a week before
    (KL 5 kap. 13–15 §§): the notice of a council meeting not yet announced announces it on ``on``
    (today by default), and is refused when that is too late (``law.council_notice_due``)."""
    meeting = _open_meeting(meeting, actor, "notice")
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError({"status": _("The notice is sent once, before the meeting.")}, code="status")
    if (
        meeting.body.kind == UnitKind.COUNCIL
        and not meeting.postings.filter(kind=PostingKind.ANNOUNCEMENT).exists()
    ):
        meeting_announce(meeting=meeting, actor=actor, posted_on=on or timezone.localdate())
        meeting.refresh_from_db(fields=["announced_on"])
    meeting.status = MeetingStatus.NOTICE_SENT
    meeting.save(update_fields=["status"])
    rows = sending.send_notice_to_attendees(meeting=meeting, actor=actor)
    _record(
        meeting,
        actor,
        "meeting.notice",
        _("Notice of %(meeting)s sent to %(n)s recipients.") % {"meeting": meeting, "n": len(rows)},
        **sending.summary(rows),
    )
    return meeting


@transaction.atomic
def meeting_announce(*, meeting: Meeting, actor: Actor, posted_on: dt.date) -> Posting:
    """Post a council meeting's time and place on the notice board beforehand, at least a week
    before (KL 5 kap. 13–15 §§); a later posting is refused (the law's exception for urgent meetings
    is for the chair to decide, outside Rådhus)."""
    _require(actor, meeting.tenant)
    meeting = lock(meeting)
    check_date_in_range(posted_on, "posted_on")
    if posted_on > law.council_notice_due(meeting.date):
        raise ValidationError(
            {
                "posted_on": _(
                    "A council meeting is announced at least a week before it (KL 5 kap. 13–15 §§)."
                )
            },
            code="late_announcement",
        )
    posting, _created = Posting.objects.get_or_create(
        tenant=meeting.tenant,
        meeting=meeting,
        kind=PostingKind.ANNOUNCEMENT,
        defaults={"posted_on": posted_on, "taken_down_on": meeting.date + dt.timedelta(days=1)},
    )
    meeting.announced_on = posting.posted_on
    meeting.save(update_fields=["announced_on"])
    _record(meeting, actor, "meeting.announce", _("Meeting %(meeting)s announced.") % {"meeting": meeting})
    return posting


# Attendance -----------------------------------------------------------------------------------


@audits_refusal
@transaction.atomic
def attendance_draw(*, meeting: Meeting, actor: Actor) -> list[Attendance]:
    """Call the group's seats as of the meeting day (S2.2: whoever holds a seat's post that day;
    S2.5: optional attendees). Seats already called are kept; a vacant post calls nobody."""
    meeting = _open_meeting(meeting, actor, "attendance")
    called = set(meeting.attendances.values_list("person_id", "role"))
    created = []
    order = meeting.attendances.count()
    for seat in members_on(meeting.body, meeting.date):
        role = SEAT_ROLES.get(seat.role, AttendeeRole.OTHER)  # type: ignore[call-overload]
        if seat.person is None or (seat.person.pk, role) in called:
            continue
        called.add((seat.person.pk, role))
        order += 1
        title = seat.post.title if seat.post is not None else ""
        created.append(
            Attendance.objects.create(
                meeting=meeting,
                person=seat.person,
                membership=seat.membership,
                role=role,
                name=seat.person.name,
                party=seat.person.party.abbreviation if seat.person.party_id else "",
                title=("vik. " + title) if title and seat.acting else title,
                sort_order=order,
            )
        )
    _record(
        meeting,
        actor,
        "attendance.draw",
        _("%(n)s called to %(meeting)s.") % {"n": len(created), "meeting": meeting},
    )
    return created


@audits_refusal
@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    actor: Actor,
    role: str,
    person: Person | None = None,
    name: str = "",
    title: str = "",
) -> Attendance:
    """Someone else present: the director with the right to speak (S4.9), an official called
    for an item, a substitute not on the list."""
    meeting = _open_meeting(meeting, actor, "attendance")
    _check_same_tenant(meeting.tenant, "person", person)
    if role not in AttendeeRole.values:
        raise ValidationError({"role": _("Choose a role.")}, code="role")
    attendance = Attendance(
        meeting=meeting,
        person=person,
        role=role,
        name=person.name if person else name,
        party=person.party.abbreviation if person and person.party_id else "",
        title=title,
        sort_order=meeting.attendances.count() + 1,
    )
    attendance.full_clean(exclude=["meeting", "person", "membership"])
    attendance.save()
    _record(meeting, actor, "attendance.add", _("%(name)s present.") % {"name": attendance.name}, attendance)
    return attendance


@audits_refusal
@transaction.atomic
def attendance_set_present(*, attendance: Attendance, actor: Actor, present: bool) -> Attendance:
    meeting = _open_meeting(attendance.meeting, actor, "attendance")
    attendance = lock(attendance)
    attendance.present = present
    attendance.save(update_fields=["present"])
    _record(meeting, actor, "attendance.present", attendance.name, attendance, present=present)
    return attendance


# Agenda ---------------------------------------------------------------------------------------


def _next_item_order(meeting: Meeting) -> int:
    last = meeting.agenda_items.order_by("-sort_order").values_list("sort_order", flat=True).first()
    return (last or 0) + 1


@audits_refusal
@transaction.atomic
def agenda_add_case(*, meeting: Meeting, actor: Actor, case: Case, at_meeting: bool = False) -> AgendaItem:
    """Put a case ready for decision on the agenda (the case register's step "on an agenda")."""
    meeting = _open_meeting(meeting, actor, "agenda")
    _check_same_tenant(meeting.tenant, "case", case)
    if case.series.body_id != meeting.body_id:
        raise ValidationError({"case": _("The case is in another body's series.")}, code="other_body")
    case = diarium.case_put_on_agenda(case=case, actor=actor)
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.CASE,
        title=case.title,
        case=case,
        for_decision=True,
        added_at_meeting=at_meeting,
        sort_order=_next_item_order(meeting),
    )
    _record(meeting, actor, "agenda.case", _("%(number)s on the agenda.") % {"number": case.number}, item)
    return item


@audits_refusal
@transaction.atomic
def agenda_add_item(
    *,
    meeting: Meeting,
    actor: Actor,
    kind: str,
    title: str,
    for_decision: bool = False,
    at_meeting: bool = False,
) -> AgendaItem:
    """An item without a case: information, the report of delegated decisions (KL 6 kap.
    40 §: the committee decides how delegated decisions are reported to it), or another item."""
    meeting = _open_meeting(meeting, actor, "agenda")
    if kind not in {ItemKind.INFORMATION, ItemKind.DELEGATED, ItemKind.OTHER, ItemKind.STANDING}:
        raise ValidationError({"kind": _("An item of this kind needs a case.")}, code="kind")
    item = AgendaItem(
        meeting=meeting,
        kind=kind,
        title=title,
        for_decision=for_decision,
        added_at_meeting=at_meeting,
        sort_order=_next_item_order(meeting),
    )
    item.full_clean(exclude=["meeting", "case"])
    item.save()
    _record(meeting, actor, "agenda.add", _("Item %(title)s added.") % {"title": item.title}, item)
    return item


@audits_refusal
@transaction.atomic
def agenda_withdraw(*, item: AgendaItem, actor: Actor) -> AgendaItem:
    """An item withdrawn (utgår); its case is ready for decision again."""
    meeting = _open_meeting(item.meeting, actor, "agenda")
    item = lock(item)
    if item.withdrawn or MinutesParagraph.objects.filter(agenda_item=item).exists():
        raise ValidationError(
            {"__all__": _("The item is already withdrawn or dealt with.")}, code="item_state"
        )
    item.withdrawn = True
    item.save(update_fields=["withdrawn"])
    if item.case_id and item.case.status == Status.ON_AGENDA:
        diarium.case_take_off_agenda(case=item.case, actor=actor)
    _record(meeting, actor, "agenda.withdraw", _("Item %(title)s withdrawn.") % {"title": item.title}, item)
    return item


@audits_refusal
@transaction.atomic
def agenda_make_decision_item(*, item: AgendaItem, actor: Actor) -> AgendaItem:
    """An information item turned into an item for decision at the meeting."""
    meeting = _open_meeting(item.meeting, actor, "agenda")
    item = lock(item)
    item.for_decision = True
    item.save(update_fields=["for_decision"])
    _record(
        meeting, actor, "agenda.decision", _("Item %(title)s is for decision.") % {"title": item.title}, item
    )
    return item


# Minutes --------------------------------------------------------------------------------------


def _next_number(meeting: Meeting) -> int:
    """The next paragraph number of the body's year, under a lock of its counter: no gaps, none
    given twice (the organisation is locked first, then the counter: core.locking's order)."""
    lock_tenant(meeting.tenant)
    counter, _created = ParagraphCounter.objects.get_or_create(body=meeting.body, year=meeting.date.year)
    counter = lock(counter)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@audits_refusal
@transaction.atomic
def paragraph_create(
    *,
    meeting: Meeting,
    actor: Actor,
    agenda_item: AgendaItem | None = None,
    title: str = "",
    background: str = "",
    proposals: str = "",
    decision_text: str = "",
    is_decision: bool | None = None,
) -> MinutesParagraph:
    """The next § of the minutes, for an agenda item or on its own (the election of adjusters)."""
    meeting = _open_meeting(meeting, actor, "paragraph")
    if agenda_item is not None:
        if agenda_item.meeting_id != meeting.pk:
            raise ValidationError(
                {"agenda_item": _("The item is on another meeting's agenda.")}, code="other_meeting"
            )
        if agenda_item.withdrawn or MinutesParagraph.objects.filter(agenda_item=agenda_item).exists():
            raise ValidationError(
                {"agenda_item": _("The item is withdrawn or already has its paragraph.")}, code="item_state"
            )
    paragraph = MinutesParagraph(
        tenant=meeting.tenant,
        meeting=meeting,
        body=meeting.body,
        year=meeting.date.year,
        number=0,
        agenda_item=agenda_item,
        case=agenda_item.case if agenda_item else None,
        title=title or (agenda_item.title if agenda_item else ""),
        background=background,
        proposals=proposals,
        decision_text=decision_text,
        is_decision=agenda_item.for_decision if is_decision is None and agenda_item else bool(is_decision),
    )
    paragraph.full_clean(exclude=["tenant", "meeting", "body", "agenda_item", "case", "number"])
    paragraph.number = _next_number(meeting)
    paragraph.save()
    if meeting.status in {MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT}:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    _record(meeting, actor, "paragraph.create", str(paragraph), paragraph)
    return paragraph


PARAGRAPH_FIELDS = ["title", "background", "proposals", "decision_text", "is_decision", "decision_kind"]


def chief_may_decide(body: Unit) -> bool:
    """Whether a paragraph of ``body``'s minutes may be the chief's decision: in a management
    team, the chief's body, formal decisions rest with the chief who leads it (S2.1); a
    political body, a collaboration's group of chiefs and a working group decide themselves."""
    return body.kind in CHIEF_LED_KINDS


def _name_decision_maker(paragraph: MinutesParagraph, meeting: Meeting) -> None:
    """A paragraph that is the chief's decision (kommunchefens beslut, S2.1) names who made it:
    the holder of the group's chair seat, the chief's post, on the meeting day, as the
    organisation registry has it; the name and post are kept as text for the minutes. Any
    other paragraph names no one."""
    if paragraph.decision_kind != DecisionKind.CHIEF:
        paragraph.decided_by, paragraph.decided_by_name, paragraph.decided_by_title = None, "", ""
        return
    body = meeting.body
    if not chief_may_decide(body):
        raise ValidationError(
            {
                "decision_kind": _(
                    "Only in a management team, where formal decisions rest with the chief who leads it, "
                    "is a decision the chief's; %(body)s decides itself."
                )
                % {"body": body.name}
            },
            code="not_chief_group",
        )
    if not paragraph.is_decision:
        raise ValidationError(
            {"decision_kind": _("The chief's decision is a decision: tick “decision item” too.")},
            code="not_decision",
        )
    if paragraph.pk and (paragraph.votes.exists() or paragraph.dissents.exists()):
        raise ValidationError(
            {
                "decision_kind": _(
                    "The chief decides alone: a paragraph with a vote or a dissent is not the chief's decision."
                )
            },
            code="voted",
        )
    seat = seat_with_role(body, MembershipRole.CHAIR, meeting.date)
    if seat is None or seat.person is None:
        post = seat.post.title if seat is not None and seat.post is not None else _("chair")
        raise ValidationError(
            {
                "decision_kind": _(
                    "No one holds the post of %(post)s in %(body)s on %(date)s: no one can make the chief's decision."
                )
                % {"post": post, "body": body.name, "date": meeting.date.isoformat()}
            },
            code="no_chief",
        )
    paragraph.decided_by = seat.person
    paragraph.decided_by_name = seat.person.name
    paragraph.decided_by_title = seat.post.title if seat.post is not None else ""


def _decided_by_the_chief(paragraph: MinutesParagraph, message: str) -> None:
    """The chief's decision has no vote and no dissent: the chief decides alone (S2.1)."""
    if MinutesParagraph.objects.filter(pk=paragraph.pk, decision_kind=DecisionKind.CHIEF).exists():
        raise ValidationError({"__all__": message}, code="chief_decision")


@audits_refusal
@transaction.atomic
def paragraph_mark_secret(*, paragraph: MinutesParagraph, actor: Actor, osl: str) -> MinutesParagraph:
    """The paragraph's text is secret under the named OSL paragraph (OSL 5 kap. 5 §): the
    public minutes show “Sekretess enligt OSL …” in its place."""
    meeting = _open_paragraph(paragraph, actor, "secrecy")
    paragraph = lock(paragraph)
    osl = " ".join(osl.split())
    if not OSL_PARAGRAPH.match(osl) or len(osl) > 100:
        raise ValidationError(
            {"osl": _("Name the paragraph of the secrecy act, e.g. “OSL 21 kap. 1 §”.")}, code="osl"
        )
    paragraph.secrecy = osl
    paragraph.save(update_fields=["secrecy"])
    _record(meeting, actor, "paragraph.secret", f"§ {paragraph.number}: {osl}", paragraph)
    return paragraph


@audits_refusal
@transaction.atomic
def paragraph_update(*, paragraph: MinutesParagraph, actor: Actor, **fields: Any) -> MinutesParagraph:
    meeting = _open_paragraph(paragraph, actor, "paragraph")
    paragraph = lock(paragraph)
    unknown = set(fields) - set(PARAGRAPH_FIELDS)
    if unknown:
        raise ValidationError({f: _("Cannot be changed.") for f in sorted(unknown)}, code="unknown")
    before = audit.snapshot(paragraph, PARAGRAPH_FIELDS)
    for key, value in fields.items():
        setattr(paragraph, key, value)
    _name_decision_maker(paragraph, meeting)
    paragraph.full_clean(exclude=["tenant", "meeting", "body", "agenda_item", "case"])
    paragraph.save()
    _record(
        meeting,
        actor,
        "paragraph.update",
        str(paragraph),
        paragraph,
        **audit.diff(before, audit.snapshot(paragraph, PARAGRAPH_FIELDS)),
    )
    return paragraph


def _attendee(meeting: Meeting, attendance: Attendance, field: str) -> Attendance:
    if attendance.meeting_id != meeting.pk:
        raise ValidationError({field: _("Not called to this meeting.")}, code="other_meeting")
    return attendance


@audits_refusal
@transaction.atomic
def paragraph_substitute(
    *, paragraph: MinutesParagraph, actor: Actor, substitute: Attendance, serves_for: Attendance
) -> ParagraphAttendance:
    """A substitute serves (tjänstgör) in a member's place for this paragraph."""
    meeting = _open_paragraph(paragraph, actor, "attendance")
    _attendee(meeting, substitute, "substitute")
    _attendee(meeting, serves_for, "serves_for")
    if substitute.role != AttendeeRole.SUBSTITUTE:
        raise ValidationError(
            {"substitute": _("Only a substitute serves in a member's place.")}, code="not_substitute"
        )
    if serves_for.role not in DECIDING_ROLES:
        raise ValidationError({"serves_for": _("A substitute serves for a member.")}, code="not_member")
    if ParagraphAttendance.objects.filter(paragraph=paragraph, serves_for=serves_for).exists():
        raise ValidationError({"serves_for": _("Someone already serves for this member.")}, code="double")
    change = ParagraphAttendance.objects.create(
        paragraph=paragraph,
        attendance=substitute,
        kind=ParagraphAttendanceKind.SERVES_FOR,
        serves_for=serves_for,
    )
    _record(
        meeting,
        actor,
        "paragraph.substitute",
        _("§ %(n)s: %(sub)s serves for %(member)s.")
        % {"n": paragraph.number, "sub": substitute.name, "member": serves_for.name},
        paragraph,
    )
    return change


@audits_refusal
@transaction.atomic
def paragraph_not_taking_part(
    *, paragraph: MinutesParagraph, actor: Actor, attendance: Attendance, conflict_of_interest: bool = False
) -> ParagraphAttendance:
    """A member away for this paragraph, or taking no part for a conflict of interest (jäv,
    KL 6 kap. 28 §)."""
    meeting = _open_paragraph(paragraph, actor, "attendance")
    _attendee(meeting, attendance, "attendance")
    kind = ParagraphAttendanceKind.CONFLICT if conflict_of_interest else ParagraphAttendanceKind.ABSENT
    if ParagraphAttendance.objects.filter(paragraph=paragraph, attendance=attendance).exists():
        raise ValidationError({"attendance": _("Already noted for this paragraph.")}, code="double")
    change = ParagraphAttendance.objects.create(paragraph=paragraph, attendance=attendance, kind=kind)
    _record(
        meeting, actor, "paragraph.attendance", f"§ {paragraph.number}: {attendance.name} ({kind})", paragraph
    )
    return change


def deciding_on(paragraph: MinutesParagraph) -> list[Attendance]:
    """Who decides this paragraph: the members present, less those away or with a conflict of
    interest, with serving substitutes in place of the members they stand in for."""
    changes = list(paragraph.attendance_changes.all())
    out = {c.attendance_id for c in changes if c.kind != ParagraphAttendanceKind.SERVES_FOR}
    replaced = {
        c.serves_for_id: c.attendance_id for c in changes if c.kind == ParagraphAttendanceKind.SERVES_FOR
    }
    by_id = {a.pk: a for a in paragraph.meeting.attendances.all()}
    deciding = []
    for a in by_id.values():
        if a.role in DECIDING_ROLES and a.present and a.pk not in out:
            deciding.append(by_id[replaced[a.pk]] if a.pk in replaced else a)
    return deciding


@audits_refusal
@transaction.atomic
def vote_record(
    *,
    paragraph: MinutesParagraph,
    actor: Actor,
    question: str,
    yes_means: str,
    no_means: str,
    ballots: dict[Attendance, str],
) -> Vote:
    """A roll-call vote: how each deciding member voted (KL 5 kap. 67 §). Only those deciding
    the paragraph vote, each once."""
    meeting = _open_paragraph(paragraph, actor, "vote")
    _decided_by_the_chief(
        paragraph, _("This paragraph is the chief's decision, made by the chief alone: no vote.")
    )
    deciding = {a.pk for a in deciding_on(paragraph)}
    errors = [a.name for a in ballots if a.pk not in deciding]
    if errors:
        raise ValidationError(
            {"ballots": _("Not deciding this paragraph: %(names)s.") % {"names": ", ".join(errors)}},
            code="not_deciding",
        )
    if any(choice not in VoteChoice.values for choice in ballots.values()):
        raise ValidationError({"ballots": _("A vote is yes, no or abstains.")}, code="choice")
    vote = Vote(paragraph=paragraph, question=question, yes_means=yes_means, no_means=no_means)
    vote.full_clean(exclude=["paragraph"])
    vote.save()
    Ballot.objects.bulk_create([Ballot(vote=vote, attendance=a, choice=c) for a, c in ballots.items()])
    counts = {c: sum(1 for v in ballots.values() if v == c) for c in VoteChoice.values}
    _record(meeting, actor, "paragraph.vote", f"§ {paragraph.number}: {counts}", paragraph)
    return vote


@audits_refusal
@transaction.atomic
def dissent_add(
    *, paragraph: MinutesParagraph, actor: Actor, attendance: Attendance, reasons: str = ""
) -> Dissent:
    """A dissent (reservation) by one who took part in the decision; written reasons may be
    added until the minutes are approved (KL 4 kap. 27 §)."""
    meeting = _open_paragraph(paragraph, actor, "dissent")
    _decided_by_the_chief(
        paragraph, _("This paragraph is the chief's decision, made by the chief alone: no dissent.")
    )
    if not paragraph.is_decision:
        raise ValidationError({"paragraph": _("One dissents from a decision.")}, code="not_decision")
    if attendance.pk not in {a.pk for a in deciding_on(paragraph)}:
        raise ValidationError(
            {"attendance": _("Only one who took part in the decision may dissent.")}, code="not_deciding"
        )
    dissent, _created = Dissent.objects.get_or_create(paragraph=paragraph, attendance=attendance)
    dissent.reasons = reasons
    dissent.full_clean(exclude=["paragraph", "attendance"])
    dissent.save()
    _record(
        meeting,
        actor,
        "paragraph.dissent",
        _("§ %(n)s: dissent by %(name)s.") % {"n": paragraph.number, "name": attendance.name},
        paragraph,
    )
    return dissent


@audits_refusal
@transaction.atomic
def note_add(*, paragraph: MinutesParagraph, actor: Actor, attendance: Attendance, text: str) -> Note:
    """A note to the minutes (protokollsanteckning), allowed by the chair: e.g. the director's
    note that a decision lacks financing (S4.9)."""
    meeting = _open_paragraph(paragraph, actor, "note")
    _attendee(meeting, attendance, "attendance")
    note = Note(paragraph=paragraph, attendance=attendance, text=text)
    note.full_clean(exclude=["paragraph", "attendance"])
    note.save()
    _record(
        meeting,
        actor,
        "paragraph.note",
        _("§ %(n)s: note by %(name)s.") % {"n": paragraph.number, "name": attendance.name},
        paragraph,
    )
    return note


# Approval (justering) ---------------------------------------------------------------------------


@audits_refusal
@transaction.atomic
def approval_arrange(
    *,
    meeting: Meeting,
    actor: Actor,
    chair: Attendance,
    adjusters: list[Attendance],
    secretary: Attendance | None = None,
    place: str,
    date: dt.date,
    time: dt.time | None = None,
) -> Meeting:
    """The adjusters chosen at the meeting and the place, day and time of approval (“Kommun-
    kansliet 2026-11-20 kl. 10.00”), at the latest 14 days after the meeting (KL 5 kap. 69 §).
    On the meeting day itself the approval comes after the meeting has begun."""
    meeting = _open_meeting(meeting, actor, "approval")
    check_date_in_range(date, "date")
    if not meeting.date <= date <= law.approval_due(meeting.date):
        raise ValidationError(
            {"date": _("The minutes are approved within 14 days of the meeting (KL 5 kap. 69 §).")},
            code="approval_late",
        )
    if time is not None:
        time = time.replace(second=0, microsecond=0, tzinfo=None)
        if date == meeting.date and time < meeting.start_time:
            raise ValidationError(
                {"time": _("On the meeting day the minutes are approved after the meeting has begun.")},
                code="approval_before_meeting",
            )
    if not adjusters:
        raise ValidationError({"adjusters": _("Choose at least one adjuster.")}, code="required")
    for field, a in [("chair", chair), *(("adjusters", a) for a in adjusters), ("secretary", secretary)]:
        if a is not None:
            _attendee(meeting, a, field)
    if chair in adjusters:
        raise ValidationError(
            {"adjusters": _("The chair signs as chair, not as adjuster.")}, code="chair_adjuster"
        )
    meeting.signers.all().delete()
    Signer.objects.create(meeting=meeting, attendance=chair, role=SignerRole.CHAIR)
    for a in adjusters:
        Signer.objects.create(meeting=meeting, attendance=a, role=SignerRole.ADJUSTER)
    if secretary is not None:
        Signer.objects.create(meeting=meeting, attendance=secretary, role=SignerRole.SECRETARY)
    meeting.approval_place = place
    meeting.approval_date = date
    meeting.approval_time = time
    meeting.full_clean(exclude=["tenant", "series", "body"])
    meeting.save()
    _record(
        meeting,
        actor,
        "approval.arrange",
        _("Approval of %(meeting)s arranged.") % {"meeting": meeting},
        place=place,
        date=date,
        time=time.strftime("%H:%M") if time else None,
    )
    return meeting


@audits_refusal
@transaction.atomic
def minutes_sign(
    *,
    signer: Signer,
    actor: Actor,
    reason: str = "",
    on: dt.date | None = None,
    system: str = "",
    at: dt.datetime | None = None,
) -> Meeting:
    """One signer approves the minutes inside Rådhus (who and when are recorded). Each signs
    their own line (the minutes are approved, KL 5 kap. 69 §, by the chair and the adjusters),
    logged in as the person named on it; an administrator may sign someone's line with a
    ``reason`` the audit trail keeps; a program acting as the system (the demo, a command) names itself in
    ``system`` and signs with ``actor=None``, and only it may give the time of signing ``at``
    (the demo signs at the planned time of approval). The staff pages, the API, the demo and
    the commands all sign through here (``services_signing`` holds the rule).

    When the last has signed the minutes are approved and locked, each decided paragraph
    yields a Decision that goes back to its case, and the approval is posted on the notice
    board (KL 8 kap. 12 §)."""
    reason = services_signing.reason_to_sign(signer=signer, actor=actor, reason=reason, system=system)
    if at is not None and not system:
        raise ValueError("Only the system gives the time of signing.")
    meeting = _open_meeting(signer.meeting, actor, "sign")
    signer = lock(signer)
    if signer.signed_at is not None:
        raise ValidationError({"__all__": _("Already signed.")}, code="signed")
    if not meeting.paragraphs.exists():
        raise ValidationError({"__all__": _("The minutes have no paragraphs.")}, code="empty")
    if at is not None:
        if timezone.is_naive(at) or at > timezone.now() or timezone.localdate(at) < meeting.date:
            raise ValidationError(
                {"at": _("The minutes are signed after the meeting and not in the future.")}, code="signed_at"
            )
        on = on or timezone.localdate(at)
    signer.user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    signer.signed_at = at or timezone.now()
    signer.save(update_fields=["user", "signed_at"])
    name = signer.attendance.name
    if system:
        summary = _("%(name)s's line signed by the system (%(system)s).") % {"name": name, "system": system}
        changes = {"system": system, **({"reason": reason} if reason else {})}
    else:
        summary, changes = _("%(name)s signed the minutes.") % {"name": name}, {}
    _record(meeting, actor, "approval.sign", summary, **changes)
    if reason and not system:
        _record(
            meeting,
            actor,
            "approval.sign_on_behalf",
            _("Approved the minutes on behalf of %(name)s: %(reason)s") % {"name": name, "reason": reason},
            signer=name,
            role=signer.role,
            reason=reason,
        )
    if not meeting.signers.filter(signed_at__isnull=True).exists():
        _approve(meeting, actor, on or timezone.localdate())
    return meeting


def _approve(meeting: Meeting, actor: Actor, on: dt.date) -> None:
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_on = on
    meeting.save(update_fields=["status", "approved_on"])
    code = meeting.body.short_name or meeting.body.name
    # A paragraph approved at once already has its decision (services_approval).
    for paragraph in meeting.paragraphs.filter(is_decision=True, decision__isnull=True).select_related(
        "case"
    ):
        Decision.objects.create(
            tenant=meeting.tenant,
            paragraph=paragraph,
            case=paragraph.case,
            body=meeting.body,
            decided_on=meeting.date,
            reference=f"{code} § {paragraph.number}/{paragraph.year}",
            text=paragraph.decision_text,
        )
        if paragraph.case is not None and paragraph.case.status == Status.ON_AGENDA:
            diarium.case_record_decision(case=paragraph.case, actor=actor, decided_on=meeting.date)
    _record(meeting, actor, "approval.approved", _("Minutes of %(meeting)s approved.") % {"meeting": meeting})
    _post(meeting, actor, meeting.tenant, on)


def _post(meeting: Meeting, actor: Actor, tenant: Tenant, posted_on: dt.date) -> Posting:
    posting, _created = Posting.objects.update_or_create(
        tenant=tenant, meeting=meeting, kind=PostingKind.APPROVAL, defaults={"posted_on": posted_on}
    )
    # The notice stays for the whole appeal period, counted from the last posting (KL 13 kap. 5 §).
    days = list(
        Posting.objects.filter(meeting=meeting, kind=PostingKind.APPROVAL).values_list("posted_on", flat=True)
    )
    Posting.objects.filter(meeting=meeting, kind=PostingKind.APPROVAL).update(
        taken_down_on=law.take_down_on(days)
    )
    posting.refresh_from_db()
    _record(
        meeting,
        actor,
        "posting.approval",
        _("Approval of %(meeting)s posted on %(day)s.") % {"meeting": meeting, "day": posted_on},
        posting,
    )
    # The public PDF, made by the worker so that the first visitor does not wait for it: for the
    # posting organisation and the body's own (whose pages this change made stale).
    for tenant_id in sorted({meeting.tenant_id, tenant.pk}):
        tasks.make_minutes_pdf_on_commit(meeting.pk, tenant_id)
    return posting


@transaction.atomic
def approval_post(*, meeting: Meeting, actor: Actor, tenant: Tenant, posted_on: dt.date) -> Posting:
    """A member municipality of a joint body posts the approval on its own notice board; the
    appeal period runs from the last posting (KL 13 kap. 5 §)."""
    _require(actor, tenant)
    meeting = lock(meeting)
    check_date_in_range(posted_on, "posted_on")
    if not meeting.is_locked or meeting.approved_on is None:
        raise ValidationError({"__all__": _("Only approved minutes are posted.")}, code="not_approved")
    if posted_on < meeting.approved_on:
        raise ValidationError({"posted_on": _("Posted before the minutes were approved.")}, code="date_order")
    if tenant.pk != meeting.tenant_id and not meeting.tenant.members.filter(pk=tenant.pk).exists():
        raise ValidationError({"tenant": _("Not a member of the body's collaboration.")}, code="not_member")
    return _post(meeting, actor, tenant, posted_on)


def appeal_last_day(meeting: Meeting) -> dt.date | None:
    """The last day to appeal the meeting's decisions (KL 13 kap. 5 §), once posted."""
    days = [p.posted_on for p in meeting.postings.all() if p.kind == PostingKind.APPROVAL]
    return law.appeal_last_day(days) if days else None


def changes_refused(meeting: Meeting) -> int:
    return audit.history_of(meeting).filter(action="meetings.minutes.change_refused").count()

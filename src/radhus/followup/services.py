"""Every change to the follow-up of decisions: keyword-only, one transaction, audited.

The director answers for decisions being carried out (S4.7) and reports to the board how it
goes, proposing alternative measures on a deviation (S4.5). An assignment is made from a
decision; its progress is reported; when it is done and every assignment of its case is
finished, the case is closed through the case register's own steps. A deviation goes on the
deciding body's next planned meeting as an item for decision; when the body has none it waits,
listed as not yet on an agenda, until it is put on one.

Writes that check and then act lock what they checked (``radhus.core.locking``): the case
before its assignments (one order, no deadlock), so that two assignments of one case completed
at once close the case exactly once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import CollaborationMember, Role, Tenant
from radhus.core.validators import check_date_in_range, normalise_line
from radhus.diarium import services as diarium
from radhus.diarium.models import Case, Status
from radhus.diarium.services import OSL_PARAGRAPH
from radhus.followup.models import (
    OPEN,
    Assignment,
    AssignmentStatus,
    Deviation,
    DeviationKind,
    ProgressReport,
    Source,
)
from radhus.meetings import services as meetings
from radhus.meetings.models import Decision, ItemKind, Meeting, MeetingStatus
from radhus.organisation.models import Person, Post, Unit

ASSIGNMENT_FIELDS = ["title", "description", "due_on", "assignee_unit", "assignee_post", "assignee_person"]
# A meeting that can still take an item: planned, or called with its notice sent.
OPEN_MEETING = {MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT}


# Permissions ---------------------------------------------------------------------------------


def _require(actor: Actor, tenant: Tenant) -> None:
    """The actor must be an editor in ``tenant``; ``None`` is the system (demo, commands)."""
    if actor is not None and not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied


def assignee_tenant_id(assignment: Assignment) -> int | None:
    assignee = assignment.assignee
    return assignee.tenant_id if assignee is not None else None  # type: ignore[attr-defined]


def may_report(actor: Actor, assignment: Assignment) -> bool:
    """Who may report on an assignment: the editors of the organisation that decided it, and
    of the organisation it was handed to (a working group of a collaboration, S3.2)."""
    if actor is None:
        return True
    if has_role(actor, assignment.tenant, Role.EDITOR):
        return True
    other = assignee_tenant_id(assignment)
    return other is not None and has_role(actor, Tenant(pk=other), Role.EDITOR)


def _require_reporter(actor: Actor, assignment: Assignment) -> None:
    if not may_report(actor, assignment):
        raise PermissionDenied


def _actor_name(actor: Actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return (actor.get_full_name() or actor.get_username())[:200]  # type: ignore[union-attr]


def _user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _record(
    assignment: Assignment, actor: Actor, action: str, summary: str, subject: Any = None, **changes: Any
) -> None:
    audit.record(
        tenant=assignment.tenant,
        actor=actor,
        action=f"followup.{action}",
        subject=subject or assignment,
        page=assignment,
        summary=summary,
        changes={k: audit._jsonable(v) for k, v in changes.items()},
    )


# Checks --------------------------------------------------------------------------------------


def assignee_tenants(tenant: Tenant, on: dt.date) -> set[int]:
    """The organisations an assignment of ``tenant`` may go to on ``on``: its own; a
    collaboration's member municipalities (S3.2: the chiefs' group hands tasks to working groups
    and officers of its members); and the collaborations a municipality takes part in."""
    ids = {tenant.pk}
    links = CollaborationMember.objects.filter(CollaborationMember.valid_on_q(on))
    if tenant.kind == Tenant.Kind.COLLABORATION:
        ids |= set(links.filter(collaboration=tenant).values_list("municipality_id", flat=True))
    else:
        ids |= set(links.filter(municipality=tenant).values_list("collaboration_id", flat=True))
    return ids


def _check_assignee(
    tenant: Tenant,
    *,
    unit: Unit | None,
    post: Post | None,
    person: Person | None,
    decided_on: dt.date,
    due_on: dt.date,
) -> None:
    """Exactly one of a unit, a post or a person, of an organisation the assignment may go to,
    and a unit or post that exists at some time between the decision and the due date."""
    given = [x for x in (unit, post, person) if x is not None]
    if len(given) != 1:
        raise ValidationError(
            {"assignee": _("Give exactly one of a unit, a post or a person.")}, code="one_assignee"
        )
    assignee = given[0]
    field = "assignee_unit" if unit else "assignee_post" if post else "assignee_person"
    allowed = assignee_tenants(tenant, decided_on)
    if assignee.tenant_id not in allowed:
        raise ValidationError(
            {field: _("Must belong to the organisation or to its collaboration.")}, code="other_tenant"
        )
    if person is not None and person.tenant_id != tenant.pk and not person.is_public:
        # A protected person of another organisation answers as one that does not exist.
        raise ValidationError(
            {field: _("Must belong to the organisation or to its collaboration.")}, code="other_tenant"
        )
    if isinstance(assignee, Unit | Post):
        starts = assignee.valid_from or dt.date.min
        ends = assignee.valid_to or dt.date.max
        if ends < decided_on or starts > due_on:
            raise ValidationError(
                {field: _("It does not exist between the decision and the due date.")}, code="not_valid"
            )


def _check_dates(decided_on: dt.date, due_on: dt.date) -> None:
    check_date_in_range(decided_on, "decided_on")
    check_date_in_range(due_on, "due_on")
    if due_on < decided_on:
        raise ValidationError({"due_on": _("The due date cannot be before the decision.")}, code="date_order")


def _check_secrecy(secrecy: str) -> str:
    """A secret assignment names the OSL paragraph it rests on (OSL 5 kap. 5 §)."""
    secrecy = normalise_line(secrecy or "")
    if secrecy and (not OSL_PARAGRAPH.match(secrecy) or len(secrecy) > 100):
        raise ValidationError(
            {"secrecy": _("Name the paragraph of the secrecy act, e.g. “OSL 21 kap. 1 §”.")},
            code="osl_paragraph",
        )
    return secrecy


def _start_case(case: Case | None, actor: Actor) -> None:
    """A decided case whose decision is being carried out moves on to “being carried out”
    (S4.7), through the case register's own step."""
    if case is None:
        return
    case = lock(case)
    if case.status == Status.DECIDED:
        diarium.case_start_execution(case=case, actor=_case_actor(actor, case))


def _case_actor(actor: Actor, case: Case) -> Actor:
    """The case register's steps ask for an editor of the case's organisation. An editor of an
    assignee's organisation (a working group of a collaboration) carries the step out as the
    system; the follow-up's own audit event names them."""
    if actor is None or has_role(actor, case.tenant, Role.EDITOR):
        return actor
    return None


# Assignments ---------------------------------------------------------------------------------


def _create(
    *,
    tenant: Tenant,
    actor: Actor,
    source: str,
    decision: Decision | None,
    body: Unit,
    decided_on: dt.date,
    reference: str,
    case: Case | None,
    title: str,
    description: str,
    due_on: dt.date,
    assignee_unit: Unit | None,
    assignee_post: Post | None,
    assignee_person: Person | None,
    secrecy: str,
) -> Assignment:
    _require(actor, tenant)
    _check_dates(decided_on, due_on)
    if body.tenant_id != tenant.pk:
        raise ValidationError({"body": _("Must belong to the same organisation.")}, code="other_tenant")
    if case is not None and case.tenant_id != tenant.pk:
        raise ValidationError({"case": _("Must belong to the same organisation.")}, code="other_tenant")
    _check_assignee(
        tenant,
        unit=assignee_unit,
        post=assignee_post,
        person=assignee_person,
        decided_on=decided_on,
        due_on=due_on,
    )
    assignment = Assignment(
        tenant=tenant,
        source=source,
        decision=decision,
        body=body,
        decided_on=decided_on,
        reference=reference,
        case=case,
        title=title,
        description=description,
        due_on=due_on,
        assignee_unit=assignee_unit,
        assignee_post=assignee_post,
        assignee_person=assignee_person,
        secrecy=_check_secrecy(secrecy),
        created_by=_user(actor),
    )
    assignment.full_clean(
        exclude=[
            "tenant",
            "decision",
            "body",
            "case",
            "assignee_unit",
            "assignee_post",
            "assignee_person",
            "replaced_by",
        ]
    )
    assignment.save()
    _start_case(case, actor)
    _record(
        assignment,
        actor,
        "assignment.create",
        _("Assignment “%(title)s” made from %(reference)s, due %(due)s.")
        % {"title": assignment.title, "reference": assignment.reference, "due": assignment.due_on},
        source=source,
        assignee=str(assignment.assignee),
    )
    return assignment


@transaction.atomic
def assignment_create(
    *,
    decision: Decision,
    actor: Actor,
    title: str,
    due_on: dt.date,
    assignee_unit: Unit | None = None,
    assignee_post: Post | None = None,
    assignee_person: Person | None = None,
    description: str = "",
    secrecy: str = "",
    case: Case | None = None,
) -> Assignment:
    """An assignment made from a decided paragraph of approved minutes. A paragraph that is
    secret makes the assignment secret on the same paragraph of OSL. ``case`` names the case
    when the paragraph names none (a paragraph written without an agenda item)."""
    decision = Decision.objects.select_related("tenant", "body", "case", "paragraph").get(pk=decision.pk)
    return _create(
        tenant=decision.tenant,
        actor=actor,
        source=Source.MINUTES,
        decision=decision,
        body=decision.body,
        decided_on=decision.decided_on,
        reference=decision.reference,
        case=decision.case or case,
        title=title,
        description=description,
        due_on=due_on,
        assignee_unit=assignee_unit,
        assignee_post=assignee_post,
        assignee_person=assignee_person,
        secrecy=secrecy or decision.paragraph.secrecy,
    )


@transaction.atomic
def assignment_create_from_source(
    *,
    tenant: Tenant,
    actor: Actor,
    source: str,
    body: Unit,
    decided_on: dt.date,
    reference: str,
    title: str,
    due_on: dt.date,
    assignee_unit: Unit | None = None,
    assignee_post: Post | None = None,
    assignee_person: Person | None = None,
    case: Case | None = None,
    description: str = "",
    secrecy: str = "",
) -> Assignment:
    """An assignment made from a decision that is not a paragraph of minutes: a delegated
    decision (KL 6 kap. 37 §), a decision of the chief's management group (S2.1) or of a
    collaboration's group (S3.2). Its reference, date and deciding body are given here."""
    if source not in Source.values or source == Source.MINUTES:
        raise ValidationError(
            {"source": _("Choose a delegated decision, the management group or a collaboration's group.")},
            code="source",
        )
    reference = normalise_line(reference or "")
    if not reference:
        raise ValidationError({"reference": _("Say where the decision is found.")}, code="required")
    return _create(
        tenant=tenant,
        actor=actor,
        source=source,
        decision=None,
        body=body,
        decided_on=decided_on,
        reference=reference,
        case=case,
        title=title,
        description=description,
        due_on=due_on,
        assignee_unit=assignee_unit,
        assignee_post=assignee_post,
        assignee_person=assignee_person,
        secrecy=secrecy,
    )


def _locked_open(assignment: Assignment) -> Assignment:
    assignment = lock(assignment)
    if assignment.status not in OPEN:
        raise ValidationError(
            {
                "status": _("The assignment is %(status)s and can no longer change.")
                % {"status": assignment.get_status_display()}
            },
            code="finished",
        )
    return assignment


@transaction.atomic
def assignment_reassign(
    *,
    assignment: Assignment,
    actor: Actor,
    assignee_unit: Unit | None = None,
    assignee_post: Post | None = None,
    assignee_person: Person | None = None,
) -> Assignment:
    """Hand the assignment to another unit, post or person."""
    _require(actor, assignment.tenant)
    assignment = _locked_open(assignment)
    _check_assignee(
        assignment.tenant,
        unit=assignee_unit,
        post=assignee_post,
        person=assignee_person,
        decided_on=assignment.decided_on,
        due_on=assignment.due_on,
    )
    before = str(assignment.assignee)
    assignment.assignee_unit, assignment.assignee_post, assignment.assignee_person = (
        assignee_unit,
        assignee_post,
        assignee_person,
    )
    assignment.updated_at = timezone.now()
    assignment.save()
    _record(
        assignment,
        actor,
        "assignment.reassign",
        _("Handed from %(before)s to %(after)s.") % {"before": before, "after": assignment.assignee},
        assignee=[before, str(assignment.assignee)],
    )
    return assignment


def _report_day(day: dt.date | None, field: str, assignment: Assignment) -> dt.date:
    check_date_in_range(day, field)
    day = day or timezone.localdate()
    if day < assignment.decided_on:
        raise ValidationError({field: _("This is before the decision.")}, code="date_order")
    if day > timezone.localdate():
        raise ValidationError({field: _("This date has not come yet.")}, code="future")
    return day


def _check_progress(progress: Any) -> int:
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")}, code="progress")
    return progress


@transaction.atomic
def progress_report(
    *,
    assignment: Assignment,
    actor: Actor,
    progress: int,
    text: str = "",
    reported_on: dt.date | None = None,
) -> ProgressReport:
    """A dated report of how the assignment goes (S4.5). Any progress above 0 puts it in
    progress; completing it is an action of its own (``assignment_complete``)."""
    _require_reporter(actor, assignment)
    progress = _check_progress(progress)
    assignment = _lock_case_then(assignment)
    day = _report_day(reported_on, "reported_on", assignment)
    if progress == 100:
        raise ValidationError(
            {"progress": _("At 100 % the assignment is done: mark it as done instead.")}, code="progress"
        )
    status = AssignmentStatus.IN_PROGRESS if progress > 0 else assignment.status
    report = ProgressReport(
        tenant=assignment.tenant,
        assignment=assignment,
        reported_on=day,
        text=text,
        progress=progress,
        status=status,
        reported_by=_user(actor),
        reported_by_name=_actor_name(actor),
    )
    report.full_clean(exclude=["tenant", "assignment", "reported_by"])
    report.save()
    before = (assignment.progress, assignment.status)
    assignment.progress, assignment.status = progress, status
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["progress", "status", "updated_at"])
    if status == AssignmentStatus.IN_PROGRESS and assignment.case_id:
        _start_case(assignment.case, actor)
    _record(
        assignment,
        actor,
        "assignment.progress",
        _("Progress reported: %(progress)s %%.") % {"progress": progress},
        report,
        progress=[before[0], progress],
        status=[before[1], status],
    )
    return report


def _finish_case(assignment: Assignment, actor: Actor, day: dt.date) -> None:
    """When every assignment of the case is finished and at least one was done, the decision is
    carried out and the case is closed through the case register's step (S4.7)."""
    if assignment.case_id is None:
        return
    case = assignment.case
    siblings = Assignment.objects.filter(case=case)
    if siblings.filter(status__in=[s.value for s in OPEN]).exists():
        return
    if not siblings.filter(status=AssignmentStatus.DONE).exists():
        return
    if case.status in {Status.DECIDED, Status.BEING_CARRIED_OUT}:
        closed_on = max(day, case.opened_on)
        diarium.case_close(case=case, actor=_case_actor(actor, case), closed_on=closed_on)


def _lock_case_then(assignment: Assignment) -> Assignment:
    """Lock the assignment's case (if any) before the assignment: the order every writer keeps."""
    if assignment.case_id is not None:
        assignment.case = lock(Case(pk=assignment.case_id))
    return _locked_open(assignment)


@transaction.atomic
def assignment_complete(
    *, assignment: Assignment, actor: Actor, completed_on: dt.date | None = None, text: str = ""
) -> Assignment:
    """The assignment is done (verkställt): progress 100 %, the day it was completed, and a last
    progress report. When every assignment of its case is finished the case is closed."""
    _require_reporter(actor, assignment)
    assignment = _lock_case_then(assignment)
    day = _report_day(completed_on, "completed_on", assignment)
    ProgressReport.objects.create(
        tenant=assignment.tenant,
        assignment=assignment,
        reported_on=day,
        text=text,
        progress=100,
        status=AssignmentStatus.DONE,
        reported_by=_user(actor),
        reported_by_name=_actor_name(actor),
    )
    before = assignment.status
    assignment.status, assignment.progress, assignment.completed_on = AssignmentStatus.DONE, 100, day
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["status", "progress", "completed_on", "updated_at"])
    _record(
        assignment,
        actor,
        "assignment.complete",
        _("Done on %(day)s.") % {"day": day},
        status=[before, AssignmentStatus.DONE],
        completed_on=day,
    )
    _finish_case(assignment, actor, day)
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, actor: Actor, reason: str) -> Assignment:
    """The assignment is no longer to be carried out (the body decided so, e.g. on a deviation)."""
    _require(actor, assignment.tenant)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the assignment is cancelled.")}, code="required")
    assignment = _lock_case_then(assignment)
    before = assignment.status
    assignment.status = AssignmentStatus.CANCELLED
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["status", "updated_at"])
    _record(
        assignment,
        actor,
        "assignment.cancel",
        _("Cancelled: %(reason)s") % {"reason": reason[:400]},
        status=[before, AssignmentStatus.CANCELLED],
    )
    _finish_case(assignment, actor, timezone.localdate())
    return assignment


@transaction.atomic
def assignment_replace(*, assignment: Assignment, actor: Actor, by: Assignment) -> Assignment:
    """The assignment is replaced by another (a new decision on a deviation gave a new one)."""
    _require(actor, assignment.tenant)
    if by.tenant_id != assignment.tenant_id:
        raise ValidationError({"by": _("Must belong to the same organisation.")}, code="other_tenant")
    if by.pk == assignment.pk:
        raise ValidationError({"by": _("An assignment cannot replace itself.")}, code="self")
    assignment = _lock_case_then(assignment)
    before = assignment.status
    assignment.status, assignment.replaced_by = AssignmentStatus.REPLACED, by
    assignment.updated_at = timezone.now()
    assignment.save(update_fields=["status", "replaced_by", "updated_at"])
    _record(
        assignment,
        actor,
        "assignment.replace",
        _("Replaced by “%(title)s”.") % {"title": by.title},
        status=[before, AssignmentStatus.REPLACED],
    )
    return assignment


# Deviations ----------------------------------------------------------------------------------


def next_meeting(body: Unit, after: dt.date) -> Meeting | None:
    """The deciding body's next meeting after ``after`` that can still take an item (planned, or
    called). A meeting on the day of the report itself is not “next”: its agenda is set."""
    return (
        Meeting.objects.filter(body=body, status__in=[s.value for s in OPEN_MEETING], date__gt=after)
        .order_by("date", "start_time", "id")
        .first()
    )


def _item_title(deviation: Deviation) -> str:
    assignment = deviation.assignment
    if assignment.is_secret:
        # The title of a secret assignment is never written on a public agenda (OSL 5 kap. 5 §).
        title = _("Deviation in the assignment of %(reference)s") % {"reference": assignment.reference}
    else:
        title = _("Deviation: %(title)s (%(reference)s)") % {
            "title": assignment.title,
            "reference": assignment.reference,
        }
    return title[:300]


def _put_on_agenda(deviation: Deviation, actor: Actor) -> bool:
    meeting = next_meeting(deviation.assignment.body, deviation.reported_on)
    if meeting is None:
        return False
    agenda_actor = actor if actor is None or has_role(actor, meeting.tenant, Role.EDITOR) else None
    deviation.agenda_item = meetings.agenda_add_item(
        meeting=meeting,
        actor=agenda_actor,
        kind=ItemKind.OTHER,
        title=_item_title(deviation),
        for_decision=True,
    )
    deviation.save(update_fields=["agenda_item"])
    return True


@transaction.atomic
def deviation_report(
    *,
    assignment: Assignment,
    actor: Actor,
    kind: str,
    reason: str,
    alternative_measure: str = "",
    proposed_due_on: dt.date | None = None,
    reported_on: dt.date | None = None,
) -> Deviation:
    """A deviation: the assignment is late, changed or cannot be carried out, with the
    alternative measure the director proposes (S4.5). It is put on the deciding body's next
    planned meeting as an item for decision; with no meeting planned it waits."""
    _require_reporter(actor, assignment)
    if kind not in DeviationKind.values:
        raise ValidationError({"kind": _("Choose late, changed or cannot be carried out.")}, code="kind")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the deviation is.")}, code="required")
    assignment = _locked_open(assignment)
    day = _report_day(reported_on, "reported_on", assignment)
    check_date_in_range(proposed_due_on, "proposed_due_on")
    if proposed_due_on is not None and proposed_due_on < day:
        raise ValidationError(
            {"proposed_due_on": _("The new due date cannot be before the report.")}, code="date_order"
        )
    deviation = Deviation(
        tenant=assignment.tenant,
        assignment=assignment,
        kind=kind,
        reason=reason,
        alternative_measure=alternative_measure,
        proposed_due_on=proposed_due_on,
        reported_on=day,
        reported_by=_user(actor),
        reported_by_name=_actor_name(actor),
        due_on=assignment.due_on,
    )
    deviation.full_clean(exclude=["tenant", "assignment", "reported_by", "agenda_item", "decision"])
    deviation.save()
    placed = _put_on_agenda(deviation, actor)
    _record(
        assignment,
        actor,
        "deviation.report",
        (
            _("Deviation reported (%(kind)s); put on the agenda of %(meeting)s.")
            % {"kind": deviation.get_kind_display(), "meeting": deviation.agenda_item.meeting}
            if placed
            else _("Deviation reported (%(kind)s); the body has no planned meeting yet.")
            % {"kind": deviation.get_kind_display()}
        ),
        deviation,
    )
    transaction.on_commit(lambda: _notify_deviation(deviation.pk))
    return deviation


def _notify_deviation(deviation_id: int) -> None:
    from radhus.followup.tasks import send_deviation_notices

    send_deviation_notices.enqueue(deviation_id)


@transaction.atomic
def deviation_put_on_agenda(*, deviation: Deviation, actor: Actor) -> Deviation:
    """Put a waiting deviation on the deciding body's next planned meeting, once there is one."""
    _require(actor, deviation.tenant)
    deviation = lock(deviation)
    if deviation.agenda_item_id is not None or deviation.decision_id is not None:
        raise ValidationError({"__all__": _("The deviation is already on an agenda.")}, code="placed")
    if not _put_on_agenda(deviation, actor):
        raise ValidationError(
            {"__all__": _("The deciding body has no planned meeting after the report.")}, code="no_meeting"
        )
    _record(
        deviation.assignment,
        actor,
        "deviation.agenda",
        _("Deviation put on the agenda of %(meeting)s.") % {"meeting": deviation.agenda_item.meeting},
        deviation,
    )
    return deviation


@transaction.atomic
def deviation_decide(
    *, deviation: Deviation, actor: Actor, decision: Decision, new_due_on: dt.date | None = None
) -> Deviation:
    """The body's decision on the deviation. With ``new_due_on`` the assignment's due date moves
    (the alternative measure adopted); cancelling or replacing it are actions of their own."""
    _require(actor, deviation.tenant)
    if decision.tenant_id != deviation.tenant_id:
        raise ValidationError({"decision": _("Must belong to the same organisation.")}, code="other_tenant")
    deviation = lock(deviation)
    if deviation.decision_id is not None:
        raise ValidationError({"decision": _("The deviation has been decided already.")}, code="decided")
    assignment = _lock_case_then(deviation.assignment)
    if new_due_on is not None:
        _check_dates(assignment.decided_on, new_due_on)
        before = assignment.due_on
        assignment.due_on = new_due_on
        assignment.updated_at = timezone.now()
        assignment.save(update_fields=["due_on", "updated_at"])
        _record(
            assignment,
            actor,
            "assignment.due",
            _("Due date moved from %(before)s to %(after)s by %(reference)s.")
            % {"before": before, "after": new_due_on, "reference": decision.reference},
            due_on=[before.isoformat(), new_due_on.isoformat()],
        )
    deviation.decision = decision
    deviation.save(update_fields=["decision"])
    _record(
        assignment,
        actor,
        "deviation.decide",
        _("The deviation was decided in %(reference)s.") % {"reference": decision.reference},
        deviation,
    )
    return deviation


# Reminders -----------------------------------------------------------------------------------


@transaction.atomic
def notification_choice_set(*, user: Any, **choices: Any) -> Any:
    """A user's own choice of e-mail reminders (a personal setting, of no organisation)."""
    from radhus.followup.models import NotificationChoice

    choice, _created = NotificationChoice.objects.select_for_update().get_or_create(user=user)
    for name, value in choices.items():
        setattr(choice, name, value)
    choice.updated_at = timezone.now()
    choice.full_clean(exclude=["user"])
    choice.save()
    return choice

"""The follow-up's demo data (issue 11, item 9), written through the services.

- Hässleholm (S1.1): the decision chain as approved minutes and assignments carried out on the
  seed's dates. The council decides in the autumn of 2007 that a strategic function is to be
  created and the board is to prepare it (a pre-study, done March 2008); the board hands the
  municipal chief the task of forming a whole new administration (April 2008, his proposal
  dated 15 September 2008); the board adopts the proposal in October 2008 and the new office
  exists from 2009-01-01. The seed gives months and a season, not days: each date is the first
  day of the period it names, as in the case register's demo, whose cases these go back to.
- Umeåregionen (S3.2): the chiefs' group meets, hands a working group the task of mapping the
  region's need of skills, and follows it to done.
- Munkedal (S4.5): from the board's meeting a week back, the preschool in Hedekas is being
  carried out, and an assignment that is late has its deviation, with an alternative measure,
  on the agenda of the board's next meeting.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from radhus.core.models import Tenant
from radhus.diarium.models import Case
from radhus.followup import services
from radhus.followup.models import (
    Assignment,
    Deviation,
    ProgressReport,
    SentReminder,
)
from radhus.meetings import services as meetings
from radhus.meetings.models import AttendeeRole, Decision, Meeting, MeetingSeries
from radhus.organisation import services as organisation
from radhus.organisation.models import Person, Post, Unit, UnitKind

SYSTEM = None
D = dt.date
PLACE = "Kommunhuset, Hässleholm"


def _minutes(
    tenant: Tenant,
    body: Unit,
    day: dt.date,
    paragraphs: list[tuple[str, str]],
    *,
    chair: str,
    adjuster: str,
    place: str,
    draw: bool = False,
) -> list[Decision]:
    """A meeting of ``body`` on ``day`` with one decided paragraph per (title, decision text),
    its minutes approved a week later; the decisions, in paragraph order."""
    meeting = meetings.meeting_create(
        tenant=tenant, actor=SYSTEM, body=body, date=day, start_time=dt.time(9), place=place
    )
    called = meetings.attendance_draw(meeting=meeting, actor=SYSTEM) if draw else []
    by_role = {a.role: a for a in reversed(called)}
    chair_at = by_role.get(AttendeeRole.CHAIR) or meetings.attendance_add(
        meeting=meeting, actor=SYSTEM, role=AttendeeRole.CHAIR, name=chair
    )
    adjuster_at = next((a for a in called if a.role == AttendeeRole.MEMBER), None) or meetings.attendance_add(
        meeting=meeting, actor=SYSTEM, role=AttendeeRole.MEMBER, name=adjuster
    )
    for title, text in paragraphs:
        meetings.paragraph_create(
            meeting=meeting, actor=SYSTEM, title=title, is_decision=True, decision_text=text
        )
    approved = day + dt.timedelta(days=7)
    meetings.approval_arrange(
        meeting=meeting,
        actor=SYSTEM,
        chair=chair_at,
        adjusters=[adjuster_at],
        place=meeting.place,
        date=approved,
        time=dt.time(10),
    )
    # Signed at the planned time of approval, not when the demo is loaded (never in the future).
    signed_at = min(timezone.make_aware(dt.datetime.combine(approved, dt.time(10))), timezone.now())
    for signer in meeting.signers.all():
        meetings.minutes_sign(signer=signer, actor=SYSTEM, system="demo", on=approved, at=signed_at)
    return list(Decision.objects.filter(paragraph__meeting=meeting).order_by("paragraph__number"))


def _carried_out(
    assignment: Assignment, reports: list[tuple[dt.date, int, str]], done: tuple[dt.date, str]
) -> None:
    for day, progress, text in reports:
        services.progress_report(
            assignment=assignment, actor=SYSTEM, progress=progress, text=text, reported_on=day
        )
    services.assignment_complete(assignment=assignment, actor=SYSTEM, completed_on=done[0], text=done[1])


def load_hassleholm(tenant: Tenant) -> list[Assignment]:
    """S1.1 as decisions and assignments. Call after the case register's demo of Hässleholm."""
    council = Unit.objects.get(tenant=tenant, kind=UnitKind.COUNCIL)
    board = Unit.objects.get(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD)
    chief = Person.objects.get(tenant=tenant, first_name="Johan", last_name="Eriksson")
    chief_post = Post.objects.filter(tenant=tenant, title="Kommunchef").order_by("id").first()
    cases = {c.title: c for c in Case.objects.filter(tenant=tenant)}

    (function,) = _minutes(
        tenant,
        council,
        D(2007, 9, 1),
        [
            (
                "Inrättande av en strategisk funktion på kommunledningskontoret",
                "Kommunfullmäktige beslutar att en strategisk funktion ska inrättas på "
                "kommunledningskontoret och ger kommunstyrelsen i uppdrag att bereda frågan.",
            )
        ],
        chair="Kommunfullmäktiges ordförande",
        adjuster="Justerare i kommunfullmäktige",
        place=PLACE,
    )
    study = services.assignment_create(
        decision=function,
        actor=SYSTEM,
        case=cases.get("Inrättande av en strategisk funktion på kommunledningskontoret"),
        title="Gör en förstudie om en strategisk funktion på kommunledningskontoret",
        due_on=D(2008, 4, 1),
        assignee_unit=board,
    )
    _carried_out(
        study,
        [(D(2008, 1, 15), 50, "Förstudien pågår; kontoren har intervjuats.")],
        (D(2008, 3, 1), "Förstudien är klar och registrerad."),
    )

    (new_office,) = _minutes(
        tenant,
        board,
        D(2008, 4, 1),
        [
            (
                "Förstudie och uppdrag att bilda en ny förvaltning",
                "Kommunstyrelsen ger kommunchefen Johan Eriksson i uppdrag att bilda en helt ny "
                "förvaltning och lämna förslag till kommunstyrelsen.",
            )
        ],
        chair="Kommunstyrelsens ordförande",
        adjuster="Justerare i kommunstyrelsen",
        place=PLACE,
    )
    proposal_task = services.assignment_create(
        decision=new_office,
        actor=SYSTEM,
        case=cases.get("Förstudie och uppdrag att bilda en ny förvaltning"),
        title="Bilda en helt ny förvaltning och lämna förslag till kommunstyrelsen",
        due_on=D(2008, 10, 1),
        assignee_post=chief_post,
    )
    _carried_out(
        proposal_task,
        [(D(2008, 6, 15), 40, "De tre kontoren har gått igenom sina uppgifter.")],
        (D(2008, 9, 15), "Kommunchefens förslag till nytt kommunledningskontor är klart."),
    )

    (adopted,) = _minutes(
        tenant,
        board,
        D(2008, 10, 1),
        [
            (
                "Nytt kommunledningskontor",
                "Kommunstyrelsen fastställer kommunchefens förslag: ett nytt kommunledningskontor "
                "från den 1 januari 2009.",
            )
        ],
        chair="Kommunstyrelsens ordförande",
        adjuster="Justerare i kommunstyrelsen",
        place=PLACE,
    )
    start = services.assignment_create(
        decision=adopted,
        actor=SYSTEM,
        case=cases.get("Nytt kommunledningskontor"),
        title="Inrätta det nya kommunledningskontoret den 1 januari 2009",
        due_on=D(2009, 1, 1),
        assignee_person=chief,
    )
    _carried_out(
        start,
        [(D(2008, 12, 1), 80, "Stab och sex avdelningar bemannade; biträdande kommunchef utsedd.")],
        (D(2009, 1, 1), "Det nya kommunledningskontoret finns från i dag."),
    )
    return [study, proposal_task, start]


def load_umearegionen(tenant: Tenant) -> Assignment:
    """S3.2: the chiefs' group hands a task to a working group and follows it to done."""
    group = Unit.objects.get(tenant=tenant, kind=UnitKind.CHIEF_EXECUTIVES_GROUP)
    working_group = organisation.unit_create(
        tenant=tenant,
        actor=SYSTEM,
        kind=UnitKind.WORKING_GROUP,
        name="Arbetsgruppen för kompetensförsörjning",
        parent=group,
        purpose="Samordnar kommunernas arbete med att säkra kompetens i regionen.",
    )
    (decision,) = _minutes(
        tenant,
        group,
        D(2025, 9, 5),
        [
            (
                "Kompetensförsörjning i Umeåregionen",
                "Kommunchefsgruppen ger arbetsgruppen för kompetensförsörjning i uppdrag att "
                "kartlägga kommunernas behov av kompetens fram till 2030 och återrapportera.",
            )
        ],
        chair="Kommunchefsgruppens ordförande",
        adjuster="Ledamot i kommunchefsgruppen",
        place="Umeåregionens kansli, Umeå",
        draw=True,
    )
    task = services.assignment_create(
        decision=decision,
        actor=SYSTEM,
        title="Kartlägg kommunernas behov av kompetens fram till 2030",
        due_on=D(2026, 3, 31),
        assignee_unit=working_group,
    )
    _carried_out(
        task,
        [
            (D(2025, 11, 14), 30, "Enkäten till kommunerna är utskickad."),
            (D(2026, 1, 23), 70, "Svar från alla sex kommuner; analysen pågår."),
        ],
        (D(2026, 2, 20), "Kartläggningen är redovisad för kommunchefsgruppen."),
    )
    return task


def _next_board_meeting(board: Unit, after: dt.date) -> Meeting:
    """The board's next meeting after ``after`` by its series' plan, planned if it is not yet."""
    series = MeetingSeries.objects.filter(body=board).order_by("id").first()
    assert series is not None
    days = [
        d for year in (after.year, after.year + 1) for d in meetings.plan_dates(series, year) if d > after
    ]
    found = services.next_meeting(board, after)
    if found is not None and found.date <= days[0]:
        return found
    return meetings.meeting_create(
        tenant=board.tenant,
        actor=SYSTEM,
        body=board,
        date=days[0],
        start_time=series.start_time,
        series=series,
        place=series.place,
    )


def load_munkedal(tenant: Tenant, today: dt.date | None = None) -> list[Assignment]:
    """S4.5: one assignment being carried out and one late, with its deviation on the agenda of
    the board's next meeting. Call after the meetings demo of Munkedal."""
    today = today or timezone.localdate()
    board = Unit.objects.get(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD)
    decisions = {
        d.paragraph.title: d for d in Decision.objects.filter(tenant=tenant).select_related("paragraph")
    }
    budget = next(d for title, d in decisions.items() if title.startswith("Budget"))
    preschool = next(d for title, d in decisions.items() if "förskola" in title)
    chief = Post.objects.filter(tenant=tenant, title="Kommunchef").order_by("id").first()
    finance = Post.objects.filter(tenant=tenant, title="Ekonomichef").order_by("id").first()

    project = services.assignment_create(
        decision=preschool,
        actor=SYSTEM,
        title="Projektera en ny förskola i Hedekas med fyra avdelningar",
        description="Finansieringen saknas i budget 2027 (kommunchefens anteckning till protokollet).",
        due_on=preschool.decided_on + dt.timedelta(days=180),
        assignee_post=chief,
    )
    services.progress_report(
        assignment=project,
        actor=SYSTEM,
        progress=10,
        text="Lokalbehovet är utrett; arkitekt upphandlas.",
        reported_on=today,
    )
    late = services.assignment_create(
        decision=budget,
        actor=SYSTEM,
        title="Skicka budgetförslaget till sektorerna för synpunkter",
        due_on=budget.decided_on + dt.timedelta(days=3),
        assignee_post=finance,
    )
    meeting = _next_board_meeting(board, today - dt.timedelta(days=1))
    services.deviation_report(
        assignment=late,
        actor=SYSTEM,
        kind="late",
        reason="Sektorernas underlag om volymer kom in för sent för att skicka förslaget i tid.",
        alternative_measure="Budgetförslaget skickas med kommunfullmäktiges handlingar, och sektorerna "
        "lämnar sina synpunkter direkt till fullmäktiges beredning.",
        proposed_due_on=meeting.date,
        reported_on=today - dt.timedelta(days=1),
    )
    return [project, late]


def load(*, hassleholm: Tenant, munkedal: Tenant, umearegionen: Tenant, today: dt.date | None = None) -> None:
    load_hassleholm(hassleholm)
    load_umearegionen(umearegionen)
    load_munkedal(munkedal, today)


def wipe(tenants: list[Tenant]) -> None:
    """Remove the follow-up of the demo organisations (before their meetings and cases)."""
    assignments = Assignment.objects.filter(tenant__in=tenants)
    SentReminder.objects.filter(
        subject_type="followup.assignment", subject_id__in=assignments.values("pk")
    ).delete()
    deviations = Deviation.objects.filter(tenant__in=tenants)
    SentReminder.objects.filter(
        subject_type="followup.deviation", subject_id__in=deviations.values("pk")
    ).delete()
    deviations.delete()
    ProgressReport.objects.filter(assignment__in=assignments).delete()
    assignments.update(replaced_by=None)
    assignments.delete()

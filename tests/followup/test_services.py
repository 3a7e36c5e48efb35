"""The follow-up through its services: assignments made from decisions, lateness on its edge
dates, progress, completion closing the case, deviations put on the deciding body's next
agenda, and other organisations' ids refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from radhus.core.audit import history_of
from radhus.core.models import CollaborationMember, Role, Tenant
from radhus.diarium.models import Status
from radhus.followup import selectors, services
from radhus.followup.models import AssignmentStatus, DeviationKind, Source
from radhus.meetings import services as meetings
from radhus.meetings.models import ItemKind
from radhus.organisation.models import UnitKind
from tests.factories import PersonFactory, TenantFactory, TenantRoleFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 6, 30)


def _assign(world, decision_index=1, **fields):
    values = {"title": "Ta fram budgetanvisningar", "due_on": DUE}
    if not any(k.startswith("assignee_") for k in fields):
        values["assignee_unit"] = world.office
    values.update(fields)
    return services.assignment_create(decision=world.decisions[decision_index], actor=world.editor, **values)


@pytest.fixture
def world():
    world = build_decided_board()
    world.office = UnitFactory(tenant=world.tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kansliet")
    world.editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    return world


def test_an_assignment_from_a_decision_carries_its_reference_and_starts_the_case(world):
    assignment = _assign(world)
    decision = world.decisions[1]
    assert (assignment.body, assignment.decided_on, assignment.reference) == (
        world.body,
        dt.date(2026, 3, 10),
        decision.reference,
    )
    assert assignment.source == Source.MINUTES
    assert assignment.case == decision.case
    decision.case.refresh_from_db()
    assert decision.case.status == Status.BEING_CARRIED_OUT
    assert history_of(assignment).filter(action="followup.assignment.create").count() == 1


@pytest.mark.parametrize(
    ("day", "late"),
    [(dt.date(2026, 6, 29), False), (dt.date(2026, 6, 30), False), (dt.date(2026, 7, 1), True)],
)
def test_an_assignment_is_late_only_after_its_due_date(world, day, late):
    assignment = _assign(world)
    assert assignment.is_late_on(day) is late
    assert list(selectors.late(world.tenant, day)) == ([assignment] if late else [])


def test_due_soon_counts_both_ends_of_the_window(world):
    assignment = _assign(world)
    # 2026-06-23 + 7 days = 2026-06-30, the due date: inside; from 2026-06-22 it is 8 days off.
    assert list(selectors.due_soon(world.tenant, dt.date(2026, 6, 23), 7)) == [assignment]
    assert list(selectors.due_soon(world.tenant, dt.date(2026, 6, 22), 7)) == []
    assert list(selectors.due_soon(world.tenant, dt.date(2026, 7, 1), 7)) == []


def test_a_done_assignment_is_never_late(world):
    assignment = _assign(world)
    services.assignment_complete(assignment=assignment, actor=world.editor, completed_on=dt.date(2026, 7, 15))
    assignment.refresh_from_db()
    assert assignment.is_late_on(dt.date(2026, 8, 1)) is False
    assert list(selectors.late(world.tenant, dt.date(2026, 8, 1))) == []


def test_progress_reports_move_the_assignment_and_completion_closes_the_case_when_all_are_done(world):
    first = _assign(world)
    second = _assign(world, title="Informera nämnderna", assignee_person=PersonFactory(tenant=world.tenant))
    report = services.progress_report(
        assignment=first, actor=world.editor, progress=40, text="Halvvägs.", reported_on=dt.date(2026, 4, 1)
    )
    first.refresh_from_db()
    assert (first.status, first.progress, report.status) == (AssignmentStatus.IN_PROGRESS, 40, "in_progress")
    services.assignment_complete(assignment=first, actor=world.editor, completed_on=dt.date(2026, 5, 4))
    case = world.decisions[1].case
    case.refresh_from_db()
    assert case.status == Status.BEING_CARRIED_OUT  # the second is not done yet
    services.assignment_complete(assignment=second, actor=world.editor, completed_on=dt.date(2026, 5, 20))
    case.refresh_from_db()
    assert (case.status, case.closed_on) == (Status.CLOSED, dt.date(2026, 5, 20))
    first.refresh_from_db()
    assert (first.status, first.progress, first.completed_on) == ("done", 100, dt.date(2026, 5, 4))
    assert [r.progress for r in first.progress_reports.all()] == [100, 40]


def test_a_cancelled_sibling_does_not_keep_the_case_open(world):
    first = _assign(world)
    second = _assign(world, title="Utred alternativ")
    services.assignment_cancel(assignment=second, actor=world.editor, reason="Ersatt av budgetbeslutet.")
    services.assignment_complete(assignment=first, actor=world.editor, completed_on=dt.date(2026, 5, 4))
    case = world.decisions[1].case
    case.refresh_from_db()
    assert case.status == Status.CLOSED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"progress": 100}, "progress"),
        ({"progress": 10, "reported_on": dt.date(2026, 3, 9)}, "reported_on"),
        ({"progress": 10, "reported_on": dt.date(1, 1, 1)}, "reported_on"),
        ({"progress": 10, "reported_on": dt.date(9999, 12, 31)}, "reported_on"),
    ],
)
def test_a_bad_progress_report_is_refused_on_its_field(world, fields, field):
    assignment = _assign(world)
    with pytest.raises(ValidationError) as exc:
        services.progress_report(assignment=assignment, actor=world.editor, **fields)
    assert field in exc.value.message_dict


def test_a_finished_assignment_takes_no_more_reports(world):
    assignment = _assign(world)
    services.assignment_complete(assignment=assignment, actor=world.editor, completed_on=dt.date(2026, 5, 4))
    with pytest.raises(ValidationError) as exc:
        services.progress_report(assignment=assignment, actor=world.editor, progress=10)
    assert exc.value.message_dict["status"] == ["Uppdraget är klart och kan inte längre ändras."]


def test_the_due_date_cannot_be_before_the_decision(world):
    with pytest.raises(ValidationError) as exc:
        _assign(world, due_on=dt.date(2026, 3, 9))
    assert exc.value.message_dict == {"due_on": ["Slutdatumet kan inte vara före beslutet."]}


def test_another_organisations_ids_and_editors_are_refused(world):
    stranger = TenantFactory(slug="annan")
    foreign_unit = UnitFactory(tenant=stranger)
    with pytest.raises(ValidationError) as exc:
        _assign(world, assignee_unit=foreign_unit)
    assert exc.value.message_dict == {
        "assignee_unit": ["Måste höra till organisationen eller till dess samverkan."]
    }
    with pytest.raises(ValidationError) as exc:
        _assign(world, assignee_unit=world.office, assignee_person=PersonFactory(tenant=world.tenant))
    assert "assignee" in exc.value.message_dict
    foreign_editor = TenantRoleFactory(tenant=stranger, role=Role.EDITOR).user
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            decision=world.decisions[1],
            actor=foreign_editor,
            title="X",
            due_on=DUE,
            assignee_unit=world.office,
        )
    assignment = _assign(world)
    with pytest.raises(PermissionDenied):
        services.progress_report(assignment=assignment, actor=foreign_editor, progress=10)
    reader = TenantRoleFactory(tenant=world.tenant, role=Role.READER).user
    with pytest.raises(PermissionDenied):
        services.assignment_complete(assignment=assignment, actor=reader)


def test_a_collaborations_group_hands_a_task_to_a_members_unit_whose_editor_reports():
    """S3.2: the chiefs' group hands tasks to working groups and to its members' officers."""
    region = TenantFactory(slug="region", kind=Tenant.Kind.COLLABORATION)
    umea = TenantFactory(slug="umea-x")
    CollaborationMember.objects.create(
        collaboration=region, municipality=umea, valid_from=dt.date(2020, 1, 1)
    )
    group = UnitFactory(tenant=region, kind=UnitKind.CHIEF_EXECUTIVES_GROUP, name="Kommunchefsgruppen")
    umea_unit = UnitFactory(tenant=umea, name="Näringslivskontoret")
    assignment = services.assignment_create_from_source(
        tenant=region,
        actor=None,
        source=Source.COLLABORATION_GROUP,
        body=group,
        decided_on=dt.date(2026, 2, 6),
        reference="Kommunchefsgruppen 2026-02-06 p. 4",
        title="Kartlägg kompetensbehovet",
        due_on=dt.date(2026, 9, 30),
        assignee_unit=umea_unit,
    )
    umea_editor = TenantRoleFactory(tenant=umea, role=Role.EDITOR).user
    services.progress_report(
        assignment=assignment, actor=umea_editor, progress=50, reported_on=dt.date(2026, 4, 1)
    )
    assignment.refresh_from_db()
    assert assignment.progress == 50
    with pytest.raises(ValidationError) as exc:
        services.assignment_create_from_source(
            tenant=region,
            actor=None,
            source=Source.MINUTES,
            body=group,
            decided_on=dt.date(2026, 2, 6),
            reference="x",
            title="X",
            due_on=dt.date(2026, 9, 30),
            assignee_unit=umea_unit,
        )
    assert "source" in exc.value.message_dict


def _plan(world, *days):
    return [
        meetings.meeting_create(
            tenant=world.tenant,
            actor=None,
            body=world.body,
            date=d,
            start_time=dt.time(9),
            series=world.board.series,
        )
        for d in days
    ]


def test_a_deviation_goes_on_the_deciding_bodys_next_planned_meeting(world):
    """S4.5: on a deviation the director proposes alternative measures to the board."""
    april, may = _plan(world, dt.date(2026, 4, 14), dt.date(2026, 5, 12))
    assignment = _assign(world, due_on=dt.date(2026, 4, 1))
    deviation = services.deviation_report(
        assignment=assignment,
        actor=world.editor,
        kind=DeviationKind.LATE,
        reason="Underlaget från nämnderna saknas.",
        alternative_measure="Anvisningarna tas fram i två steg.",
        proposed_due_on=dt.date(2026, 5, 31),
        reported_on=dt.date(2026, 4, 13),
    )
    item = deviation.agenda_item
    assert item.meeting == april
    assert (item.kind, item.for_decision) == (ItemKind.OTHER, True)
    assert item.title == f"Avvikelse: Ta fram budgetanvisningar ({assignment.reference})"
    # Reported on the meeting day itself: that agenda is set, so it goes on the next one.
    second = services.deviation_report(
        assignment=assignment,
        actor=world.editor,
        kind=DeviationKind.CHANGED,
        reason="Ny lag.",
        reported_on=dt.date(2026, 4, 14),
    )
    assert second.agenda_item.meeting == may


def test_a_deviation_waits_when_the_body_has_no_planned_meeting_and_is_placed_later(world):
    assignment = _assign(world, due_on=dt.date(2026, 4, 1))
    deviation = services.deviation_report(
        assignment=assignment,
        actor=world.editor,
        kind=DeviationKind.LATE,
        reason="Sent.",
        reported_on=dt.date(2026, 4, 13),
    )
    assert deviation.agenda_item is None and deviation.is_waiting
    assert list(selectors.waiting_deviations(world.tenant)) == [deviation]
    with pytest.raises(ValidationError):
        services.deviation_put_on_agenda(deviation=deviation, actor=world.editor)
    (june,) = _plan(world, dt.date(2026, 6, 9))
    services.deviation_put_on_agenda(deviation=deviation, actor=world.editor)
    deviation.refresh_from_db()
    assert deviation.agenda_item.meeting == june
    assert list(selectors.waiting_deviations(world.tenant)) == []


def test_a_secret_assignments_title_stays_off_the_agenda(world):
    """OSL 5 kap. 5 §: what is secret is marked with its paragraph and never shown publicly."""
    _plan(world, dt.date(2026, 4, 14))
    assignment = _assign(
        world, due_on=dt.date(2026, 4, 1), title="Förhandla om HEMLIG tomt", secrecy="OSL 19 kap. 1 §"
    )
    deviation = services.deviation_report(
        assignment=assignment,
        actor=world.editor,
        kind=DeviationKind.LATE,
        reason="Sent.",
        reported_on=dt.date(2026, 4, 2),
    )
    assert "HEMLIG" not in deviation.agenda_item.title
    assert deviation.agenda_item.title == f"Avvikelse i uppdraget enligt {assignment.reference}"


def test_late_assignments_need_a_deviation_from_their_current_due_date(world):
    _plan(world, dt.date(2026, 4, 14))
    assignment = _assign(world, due_on=dt.date(2026, 4, 1))
    day = dt.date(2026, 4, 10)
    assert list(selectors.late_without_deviation(world.tenant, day)) == [assignment]
    deviation = services.deviation_report(
        assignment=assignment,
        actor=world.editor,
        kind=DeviationKind.LATE,
        reason="Sent.",
        proposed_due_on=dt.date(2026, 5, 31),
        reported_on=dt.date(2026, 4, 2),
    )
    assert list(selectors.late_without_deviation(world.tenant, day)) == []
    # The board adopts the new due date; late again after it, a new deviation is needed.
    services.deviation_decide(
        deviation=deviation, actor=world.editor, decision=world.decisions[0], new_due_on=dt.date(2026, 5, 31)
    )
    assignment.refresh_from_db()
    assert assignment.due_on == dt.date(2026, 5, 31)
    assert list(selectors.late_without_deviation(world.tenant, dt.date(2026, 5, 31))) == []
    assert list(selectors.late_without_deviation(world.tenant, dt.date(2026, 6, 1))) == [assignment]


def test_reassigning_hands_it_on_and_is_audited(world):
    assignment = _assign(world)
    person = PersonFactory(tenant=world.tenant, first_name="Eva", last_name="Utredare")
    services.assignment_reassign(assignment=assignment, actor=world.editor, assignee_person=person)
    assignment.refresh_from_db()
    assert (assignment.assignee_unit, assignment.assignee_person) == (None, person)
    event = history_of(assignment).get(action="followup.assignment.reassign")
    assert event.summary == "Överlämnat från Kansliet till Eva Utredare."


def test_decisions_without_assignments_are_listed(world):
    _assign(world)
    listed = list(selectors.decisions_without_assignments(world.tenant))
    assert world.decisions[1] not in listed
    assert world.decisions[0] in listed and world.decisions[2] in listed

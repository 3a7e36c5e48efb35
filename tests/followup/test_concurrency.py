"""Writers at the same moment, each on its own database connection: the two assignments of one
case completed at once close the case exactly once, and 32 reports on one assignment each get a
clear answer, never a server error. Runs on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium.models import Status
from radhus.followup import services
from radhus.followup.models import AssignmentStatus
from tests.diarium.test_concurrency import at_once
from tests.factories import TenantRoleFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db(transaction=True)


def _world():
    world = build_decided_board()
    world.office = UnitFactory(tenant=world.tenant, name="Kansliet")
    world.editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    return world


def test_the_last_two_assignments_of_a_case_completed_at_once_close_it_once():
    world = _world()
    assignments = [
        services.assignment_create(
            decision=world.decisions[1],
            actor=None,
            title=f"Del {i}",
            due_on=dt.date(2026, 6, 30),
            assignee_unit=world.office,
        )
        for i in range(2)
    ]
    at_once(
        [
            lambda a=a: (
                services.assignment_complete(
                    assignment=a, actor=world.editor, completed_on=dt.date(2026, 5, 4)
                ).pk
            )
            for a in assignments
        ]
    )
    case = world.decisions[1].case
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert history_of(case).filter(action="diarium.case.close").count() == 1


def test_32_writers_on_one_assignment_get_answers_and_one_completion():
    world = _world()
    assignment = services.assignment_create(
        decision=world.decisions[2],
        actor=None,
        title="Upphandla",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.office,
    )

    def write(i: int):
        def call():
            try:
                if i % 4 == 0:
                    services.assignment_complete(
                        assignment=assignment, actor=world.editor, completed_on=dt.date(2026, 5, 4)
                    )
                else:
                    services.progress_report(
                        assignment=assignment, actor=world.editor, progress=i, reported_on=dt.date(2026, 4, 1)
                    )
                return "ok"
            except ValidationError:
                return "refused"

        return call

    answers = at_once([write(i) for i in range(32)])
    assert set(answers) <= {"ok", "refused"}
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE
    assert history_of(assignment).filter(action="followup.assignment.complete").count() == 1
    assert (
        answers.count("ok")
        == 1 + history_of(assignment).filter(action="followup.assignment.progress").count()
    )

"""The follow-up's tables hold their rules themselves: one assignee, progress in per cent,
a done assignment has its day."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from radhus.followup.models import Assignment, AssignmentStatus, Source
from tests.factories import PersonFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db


def _assignment(world, **fields):
    decision = world.decisions[1]
    values = {
        "tenant": world.tenant,
        "source": Source.MINUTES,
        "decision": decision,
        "body": decision.body,
        "decided_on": decision.decided_on,
        "reference": decision.reference,
        "case": decision.case,
        "title": "Ta fram budgetanvisningar",
        "due_on": dt.date(2026, 6, 30),
    }
    values.update(fields)
    return Assignment(**values)


def test_an_assignment_from_a_decision_is_stored_with_one_assignee():
    world = build_decided_board()
    unit = UnitFactory(tenant=world.tenant)
    assignment = _assignment(world, assignee_unit=unit)
    assignment.save()
    assert assignment.status == AssignmentStatus.NOT_STARTED
    assert assignment.is_late_on(dt.date(2026, 6, 30)) is False
    assert assignment.is_late_on(dt.date(2026, 7, 1)) is True


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"assignee_person": "person", "assignee_unit": "unit"},
        {"assignee_unit": "unit", "progress": 101},
        {"assignee_unit": "unit", "status": AssignmentStatus.DONE},
        {"assignee_unit": "unit", "due_on": dt.date(2026, 3, 9)},
    ],
)
def test_the_database_refuses_a_broken_assignment(fields):
    world = build_decided_board()
    objects = {"unit": UnitFactory(tenant=world.tenant), "person": PersonFactory(tenant=world.tenant)}
    values = {k: objects.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        _assignment(world, **values).save()

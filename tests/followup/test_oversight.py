"""Oversight (uppsikt, KL 6 kap. 1 §; companies KL 10 kap. 2–6 §§; S4.3, S4.10): what the board
expects from each overseen body, what it received, and what is overdue on edge dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from radhus.core.integrity import constraint_error
from radhus.followup import services_oversight as oversight
from radhus.followup.models import OversightExpectation
from radhus.meetings.models import Meeting, MeetingStatus
from radhus.organisation import services as org
from radhus.organisation.models import UnitKind
from tests.factories import TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    tenant = TenantFactory(slug="umea", name="Umeå kommun")
    board = UnitFactory(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD, slug="ks")
    company = UnitFactory(tenant=tenant, kind=UnitKind.COMPANY, name="Umeå Energi AB", slug="energi")
    federation = UnitFactory(tenant=tenant, kind=UnitKind.FEDERATION, name="Räddningsförbundet", slug="rf")
    committee = UnitFactory(tenant=tenant, kind=UnitKind.COMMITTEE, name="Fritidsnämnden", slug="fn")
    return (
        tenant,
        org.oversight_create(overseer=board, overseen=company, actor=None, valid_from=dt.date(2020, 1, 1)),
        org.oversight_create(overseer=board, overseen=federation, actor=None, valid_from=dt.date(2020, 1, 1)),
        org.oversight_create(overseer=board, overseen=committee, actor=None, valid_from=dt.date(2020, 1, 1)),
    )


def _status(tenant, day):
    return {s.oversight.overseen.name: s for s in oversight.oversight_status(tenant, day)}


def test_yearly_accounts_are_overdue_from_the_day_after_the_due_date(bodies):
    """KL 6 kap. 1 §: the board follows the federation's annual accounts."""
    tenant, _company, federation, _committee = bodies
    oversight.expectation_create(
        oversight=federation,
        actor=None,
        kind="annual_accounts",
        rule="yearly",
        due_month=3,
        due_day=31,
        first_year=2025,
    )
    oversight.receipt_record(
        oversight=federation, actor=None, kind="annual_accounts", received_on=dt.date(2025, 3, 20)
    )
    on_due = _status(tenant, dt.date(2026, 3, 31))["Räddningsförbundet"]
    assert [(d.due_on, d.met_by is not None, d.overdue) for d in on_due.dues] == [
        (dt.date(2025, 3, 31), True, False),
        (dt.date(2026, 3, 31), False, False),  # due today: not late yet
    ]
    after = _status(tenant, dt.date(2026, 4, 1))["Räddningsförbundet"]
    assert [(d.due_on, d.overdue) for d in after.overdue] == [(dt.date(2026, 3, 31), True)]
    # Received late, it meets the 2026 due date; the next one waits for 2027.
    oversight.receipt_record(
        oversight=federation, actor=None, kind="annual_accounts", received_on=dt.date(2026, 4, 2)
    )
    later = _status(tenant, dt.date(2026, 4, 3))["Räddningsförbundet"]
    assert later.overdue == []
    assert [d.due_on for d in later.dues] == [
        dt.date(2025, 3, 31),
        dt.date(2026, 3, 31),
        dt.date(2027, 3, 31),
    ]


def test_minutes_are_due_within_days_of_each_held_meeting(bodies):
    tenant, _company, _federation, committee = bodies
    oversight.expectation_create(
        oversight=committee,
        actor=None,
        kind="minutes",
        rule="after_meeting",
        days_after_meeting=14,
        first_year=2026,
    )
    held = Meeting.objects.create(
        tenant=tenant,
        body=committee.overseen,
        date=dt.date(2026, 2, 2),
        start_time=dt.time(9),
        status=MeetingStatus.APPROVED,
    )
    Meeting.objects.create(
        tenant=tenant,
        body=committee.overseen,
        date=dt.date(2026, 2, 20),
        start_time=dt.time(9),
        status=MeetingStatus.PLANNED,
    )
    assert _status(tenant, dt.date(2026, 2, 16))["Fritidsnämnden"].overdue == []
    late = _status(tenant, dt.date(2026, 2, 17))["Fritidsnämnden"]
    assert [d.due_on for d in late.overdue] == [dt.date(2026, 2, 16)]
    oversight.receipt_record(
        oversight=committee, actor=None, kind="minutes", received_on=dt.date(2026, 2, 18), meeting=held
    )
    assert _status(tenant, dt.date(2026, 2, 18))["Fritidsnämnden"].overdue == []


def test_the_overdue_list_is_oldest_first_across_bodies(bodies):
    tenant, company, federation, _committee = bodies
    oversight.expectation_create(
        oversight=company,
        actor=None,
        kind="interim_report",
        rule="yearly",
        due_month=9,
        due_day=30,
        first_year=2025,
    )
    oversight.expectation_create(
        oversight=federation,
        actor=None,
        kind="annual_accounts",
        rule="yearly",
        due_month=3,
        due_day=31,
        first_year=2026,
    )
    overdue = oversight.overdue_list(oversight.oversight_status(tenant, dt.date(2026, 10, 1)))
    assert [(d.due_on, d.expectation.oversight.overseen.name) for d in overdue] == [
        (dt.date(2025, 9, 30), "Umeå Energi AB"),
        (dt.date(2026, 3, 31), "Räddningsförbundet"),
        (dt.date(2026, 9, 30), "Umeå Energi AB"),
    ]


def test_a_day_the_month_lacks_is_its_last_day():
    assert oversight.yearly_due_date(2026, 2, 29) == dt.date(2026, 2, 28)
    assert oversight.yearly_due_date(2028, 2, 29) == dt.date(2028, 2, 29)


def test_an_expectation_is_refused_with_sentences(bodies):
    _tenant, company, _federation, _committee = bodies
    with pytest.raises(ValidationError):
        oversight.expectation_create(
            oversight=company,
            actor=None,
            kind="annual_accounts",
            rule="yearly",
            due_month=2,
            due_day=30,
            first_year=2025,
        )
    with pytest.raises(ValidationError):
        oversight.expectation_create(
            oversight=company, actor=None, kind="annual_accounts", rule="yearly", first_year=2025
        )
    oversight.expectation_create(
        oversight=company,
        actor=None,
        kind="annual_accounts",
        rule="yearly",
        due_month=3,
        due_day=31,
        first_year=2025,
    )
    with pytest.raises(ValidationError, match="förväntar sig redan"):
        oversight.expectation_create(
            oversight=company,
            actor=None,
            kind="annual_accounts",
            rule="yearly",
            due_month=4,
            due_day=30,
            first_year=2025,
        )
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        OversightExpectation.objects.create(
            tenant=company.tenant, oversight=company, kind="report", rule="yearly", first_year=2025
        )
    assert constraint_error(exc.value).messages == [
        "Ange månad och dag för ett årligt datum, eller ett antal dagar efter varje sammanträde."
    ]


def test_a_meeting_of_another_body_or_a_record_of_another_organisation_is_refused(bodies):
    tenant, company, _federation, committee = bodies
    meeting = Meeting.objects.create(
        tenant=tenant,
        body=committee.overseen,
        date=dt.date(2026, 2, 2),
        start_time=dt.time(9),
        status=MeetingStatus.HELD,
    )
    with pytest.raises(ValidationError) as exc:
        oversight.receipt_record(
            oversight=company, actor=None, kind="minutes", received_on=dt.date(2026, 2, 3), meeting=meeting
        )
    assert "meeting" in exc.value.message_dict


def test_the_status_is_read_in_the_same_number_of_queries_however_many_bodies(bodies):
    tenant, company, federation, committee = bodies
    for watched in (company, federation):
        oversight.expectation_create(
            oversight=watched,
            actor=None,
            kind="annual_accounts",
            rule="yearly",
            due_month=3,
            due_day=31,
            first_year=2020,
        )
    oversight.expectation_create(
        oversight=committee,
        actor=None,
        kind="minutes",
        rule="after_meeting",
        days_after_meeting=14,
        first_year=2020,
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            oversight.oversight_status(tenant, dt.date(2026, 6, 1))
        return len(queries)

    small = count()
    board = company.overseer
    for n in range(4):
        more = org.oversight_create(
            overseer=board,
            overseen=UnitFactory(tenant=tenant, kind=UnitKind.COMPANY, slug=f"bolag-{n}"),
            actor=None,
        )
        oversight.expectation_create(
            oversight=more,
            actor=None,
            kind="annual_accounts",
            rule="yearly",
            due_month=3,
            due_day=31,
            first_year=2020,
        )
        oversight.receipt_record(
            oversight=more, actor=None, kind="annual_accounts", received_on=dt.date(2025, 3, 1)
        )
    assert count() == small <= 4


def test_the_staff_page_shows_each_body_and_what_is_overdue(client, bodies, time_machine):
    from tests.factories import TenantRoleFactory

    time_machine.move_to(dt.datetime(2026, 4, 15, 12, 0))
    tenant, _company, federation, _committee = bodies
    oversight.expectation_create(
        oversight=federation,
        actor=None,
        kind="annual_accounts",
        rule="yearly",
        due_month=3,
        due_day=31,
        first_year=2026,
    )
    client.force_login(TenantRoleFactory(tenant=tenant, role="reader").user)
    body = client.get(f"/{tenant.slug}/redigera/uppfoljning/uppsikt/").content.decode()
    assert "Räddningsförbundet" in body and "Umeå Energi AB" in body and "Fritidsnämnden" in body
    assert "2026-03-31" in body and "Försenad" in body

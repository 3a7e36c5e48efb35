"""Referrals (remisser), watches (bevakningar) and the work lists: the backlog list and the
motions to report to the council (KL 5 kap. 35 §)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium import services, services_referrals, worklists
from radhus.diarium.models import Direction, Origin, RecordKind, Status
from tests.diarium.factories import CaseFactory, SeriesFactory
from tests.factories import PersonFactory, TenantRoleFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def series():
    return SeriesFactory(code="KS")


@pytest.fixture
def registrar(series):
    return TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR, user__username="registrator").user


def register(series, actor, **fields):
    return services.case_register(
        tenant=series.tenant,
        actor=actor,
        series=series,
        title=fields.pop("title", "Ärende"),
        opened_on=fields.pop("opened_on", DAY),
        **fields,
    )


def test_a_referral_registers_its_letter_and_puts_the_case_out_on_referral(series, registrar):
    case = register(series, registrar)
    body = UnitFactory(tenant=series.tenant, name="Barn- och utbildningsnämnden")
    referral = services_referrals.referral_send(
        case=case, actor=registrar, body=body, sent_on=DAY, due_on=dt.date(2026, 4, 1)
    )
    case.refresh_from_db()
    assert case.status == Status.ON_REFERRAL
    assert referral.recipient == "Barn- och utbildningsnämnden"
    assert referral.sent_record.number == "KS 2026/1-1"
    assert referral.sent_record.direction == Direction.SENT
    assert referral.sent_record.kind == RecordKind.REFERRAL
    assert "diarium.referral.send" in [e.action for e in history_of(case)]


def test_the_last_answer_returns_the_case_to_preparation(series, registrar):
    case = register(series, registrar)
    first = services_referrals.referral_send(
        case=case, actor=registrar, recipient="Region Skåne", sent_on=DAY, due_on=dt.date(2026, 4, 1)
    )
    second = services_referrals.referral_send(
        case=case, actor=registrar, recipient="Polisen", sent_on=DAY, due_on=dt.date(2026, 4, 1)
    )
    services_referrals.referral_answer(referral=first, actor=registrar, answered_on=dt.date(2026, 3, 20))
    case.refresh_from_db()
    assert case.status == Status.ON_REFERRAL  # one still open
    answered = services_referrals.referral_answer(
        referral=second, actor=registrar, answered_on=dt.date(2026, 3, 25)
    )
    case.refresh_from_db()
    assert case.status == Status.IN_PREPARATION
    assert answered.answer_record.direction == Direction.RECEIVED
    assert answered.answer_record.sender == "Polisen"
    with pytest.raises(ValidationError) as exc:
        services_referrals.referral_answer(referral=answered, actor=registrar)
    assert "referral" in exc.value.message_dict


def test_a_referral_is_due_after_it_is_sent_and_needs_a_recipient(series, registrar):
    case = register(series, registrar)
    with pytest.raises(ValidationError) as exc:
        services_referrals.referral_send(
            case=case, actor=registrar, recipient="X", sent_on=DAY, due_on=dt.date(2026, 3, 1)
        )
    assert "due_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services_referrals.referral_send(case=case, actor=registrar, recipient=" ", due_on=DAY)
    assert "recipient" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services_referrals.referral_send(
            case=case, actor=registrar, recipient="X", sent_on=DAY, due_on=dt.date(9999, 1, 1)
        )


def test_a_decided_case_is_not_sent_on_referral(series, registrar):
    case = CaseFactory(series=series, status=Status.DECIDED, decided_on=DAY)
    with pytest.raises(ValidationError) as exc:
        services_referrals.referral_send(
            case=case, actor=registrar, recipient="X", due_on=dt.date(2026, 5, 1)
        )
    assert "case" in exc.value.message_dict


def test_a_body_of_another_organisation_is_refused(series, registrar):
    case = register(series, registrar)
    other = UnitFactory()
    with pytest.raises(ValidationError) as exc:
        services_referrals.referral_send(case=case, actor=registrar, body=other, due_on=dt.date(2026, 5, 1))
    assert "body" in exc.value.message_dict


def test_only_an_editor_sends_on_referral(series, registrar):
    case = register(series, registrar)
    reader = TenantRoleFactory(tenant=series.tenant, role=Role.READER).user
    outsider = TenantRoleFactory(role=Role.EDITOR).user
    for actor in (reader, outsider):
        with pytest.raises(PermissionDenied):
            services_referrals.referral_send(
                case=case, actor=actor, recipient="X", due_on=dt.date(2026, 5, 1)
            )


def test_overdue_referrals_are_listed_the_longest_overdue_first(series, registrar):
    case = register(series, registrar)
    late = services_referrals.referral_send(
        case=case, actor=registrar, recipient="A", sent_on=DAY, due_on=dt.date(2026, 3, 10)
    )
    later = services_referrals.referral_send(
        case=case, actor=registrar, recipient="B", sent_on=DAY, due_on=dt.date(2026, 3, 5)
    )
    services_referrals.referral_send(
        case=case, actor=registrar, recipient="C", sent_on=DAY, due_on=dt.date(2026, 6, 1)
    )
    answered = services_referrals.referral_send(
        case=case, actor=registrar, recipient="D", sent_on=DAY, due_on=dt.date(2026, 3, 3)
    )
    services_referrals.referral_answer(referral=answered, actor=registrar, answered_on=dt.date(2026, 3, 4))
    overdue = list(worklists.overdue_referrals(series.tenant, dt.date(2026, 3, 20)))
    assert overdue == [later, late]
    assert worklists.overdue_referrals(series.tenant, dt.date(2026, 3, 5)).count() == 0


def test_watches_are_the_users_own_and_done_once(series, registrar):
    case = register(series, registrar)
    watch = services_referrals.watch_create(
        case=case, actor=registrar, note="Påminn om yttrandet", due_on=dt.date(2026, 4, 1)
    )
    colleague = TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR).user
    assert list(worklists.my_watches(series.tenant, registrar)) == [watch]
    assert list(worklists.my_watches(series.tenant, colleague)) == []
    with pytest.raises(PermissionDenied):
        services_referrals.watch_done(watch=watch, actor=colleague)
    services_referrals.watch_done(watch=watch, actor=registrar, done_on=dt.date(2026, 3, 30))
    assert list(worklists.my_watches(series.tenant, registrar)) == []
    with pytest.raises(ValidationError):
        services_referrals.watch_done(watch=watch, actor=registrar)


def test_a_watch_for_a_user_without_a_role_is_refused(series, registrar):
    case = register(series, registrar)
    with pytest.raises(ValidationError) as exc:
        services_referrals.watch_create(
            case=case, actor=registrar, user=UserFactory(), note="x", due_on=dt.date(2026, 4, 1)
        )
    assert "user" in exc.value.message_dict


def test_my_cases_and_my_units_cases_follow_the_users_person(series, registrar):
    tenant = series.tenant
    me = PersonFactory(tenant=tenant)
    unit = UnitFactory(tenant=tenant)
    services_referrals.officer_link_set(tenant=tenant, actor=None, user=registrar, person=me, unit=unit)
    mine = register(series, registrar, officer=me, title="Mitt")
    units = register(series, registrar, responsible_unit=unit, title="Enhetens")
    register(series, registrar, title="Någon annans")
    closed = register(series, registrar, officer=me, title="Stängt")
    services.case_withdraw(case=closed, actor=registrar, closed_on=DAY)
    assert list(worklists.my_cases(tenant, registrar)) == [mine]
    assert list(worklists.unit_cases(tenant, registrar)) == [units]
    assert list(worklists.my_cases(tenant, UserFactory())) == []


def test_the_backlog_is_per_body_and_officer_the_oldest_first(series, registrar):
    tenant = series.tenant
    anna = PersonFactory(tenant=tenant, first_name="Anna", last_name="Ek")
    new = register(series, registrar, officer=anna, opened_on=dt.date(2026, 3, 1))
    old = register(series, registrar, officer=anna, opened_on=dt.date(2025, 3, 1))
    other = register(series, registrar, opened_on=dt.date(2024, 1, 1))
    assert list(worklists.backlog(tenant, officer=anna.pk)) == [old, new]
    assert set(worklists.backlog(tenant, body=series.body_id)) == {old, new, other}
    assert list(worklists.backlog(tenant, body=UnitFactory(tenant=tenant).pk)) == []


def test_motions_not_decided_within_a_year_are_listed_for_the_council(series, registrar):
    """KL 5 kap. 35 §: a motion not decided within a year of being raised is reported to the
    council; citizen proposals follow the same rule."""
    tenant = series.tenant
    motion = register(series, registrar, origin=Origin.MOTION, opened_on=dt.date(2025, 3, 2))
    proposal = register(series, registrar, origin=Origin.CITIZEN_PROPOSAL, opened_on=dt.date(2025, 1, 10))
    young = register(series, registrar, origin=Origin.MOTION, opened_on=dt.date(2025, 3, 3))
    register(series, registrar, origin=Origin.OWN_INITIATIVE, opened_on=dt.date(2024, 1, 1))
    decided = register(series, registrar, origin=Origin.MOTION, opened_on=dt.date(2024, 6, 1))
    for step in (services.case_start_preparation, services.case_mark_ready, services.case_put_on_agenda):
        decided = step(case=decided, actor=registrar)
    services.case_record_decision(case=decided, actor=registrar, decided_on=dt.date(2025, 5, 1))
    listed = list(worklists.council_report(tenant, dt.date(2026, 3, 2)))
    assert listed == [proposal, motion]
    assert young not in listed
    assert worklists.one_year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)

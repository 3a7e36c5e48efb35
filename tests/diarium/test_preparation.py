"""The preparation rule (S4.6, S4.8): a case before the executive board that comes from another
committee, a company or a federation is completed with a statement or a proposed decision and
a statement of its financing before the board decides (the board's duty of oversight,
KL 6 kap. 1 §). The refusal names what is missing; the audit trail shows who did what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium import services
from radhus.diarium.models import Direction, Origin, RecordKind, Status
from radhus.organisation.models import UnitKind
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantRoleFactory, UnitFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def series():
    return SeriesFactory(code="KS")


@pytest.fixture
def registrar(series):
    return TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR, user__username="registrator").user


def company_case(series, registrar):
    company = UnitFactory(tenant=series.tenant, kind=UnitKind.COMPANY, name="Hässleholm Miljö AB")
    case = services.case_register(
        tenant=series.tenant,
        actor=registrar,
        series=series,
        title="Nytt insamlingssystem",
        origin=Origin.COMPANY,
        origin_unit=company,
        opened_on=DAY,
    )
    return services.case_start_preparation(case=case, actor=registrar)


def add(case, registrar, kind, title):
    return services.record_add(
        case=case, actor=registrar, direction=Direction.DRAWN_UP, kind=kind, title=title, registered_on=DAY
    )


@pytest.mark.parametrize("origin", [Origin.COMMITTEE, Origin.COMPANY, Origin.FEDERATION])
def test_a_case_from_a_committee_company_or_federation_is_refused_with_both_parts_named(
    series, registrar, origin
):
    case = services.case_register(
        tenant=series.tenant, actor=registrar, series=series, title="Ärende", origin=origin, opened_on=DAY
    )
    with pytest.raises(ValidationError) as refused:
        services.case_mark_ready(case=case, actor=registrar)
    errors = refused.value.message_dict
    assert set(errors) == {"__all__", "statement", "financing"}
    assert "yttrande eller ett beslutsförslag" in errors["__all__"][0]
    assert "finansieras" in errors["__all__"][0]
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_refusal_names_only_what_is_still_missing_and_the_case_passes_when_complete(series, registrar):
    case = company_case(series, registrar)
    add(case, registrar, RecordKind.PROPOSED_DECISION, "Förslag till beslut")
    with pytest.raises(ValidationError) as refused:
        services.case_mark_ready(case=case, actor=registrar)
    assert set(refused.value.message_dict) == {"__all__", "financing"}
    add(case, registrar, RecordKind.FINANCING, "Finansiering")
    case = services.case_mark_ready(case=case, actor=registrar)
    assert case.status == Status.READY
    trail = [(e.actor_name, e.action) for e in history_of(case).order_by("at", "id")]
    assert trail == [
        ("registrator", "diarium.case.register"),
        ("registrator", "diarium.case.prepare"),
        ("registrator", "diarium.record.add"),
        ("registrator", "diarium.record.add"),
        ("registrator", "diarium.case.ready"),
    ]


def test_an_officers_report_with_a_proposed_decision_and_financing_completes_the_case(series, registrar):
    case = company_case(series, registrar)
    services.officers_report_save(
        case=case,
        actor=registrar,
        background="Bolaget föreslår ett nytt system.",
        assessment="Förvaltningen tillstyrker.",
        financing="Inom befintlig ram.",
        proposed_decision="Kommunstyrelsen godkänner förslaget.",
        dated=DAY,
    )
    assert services.case_mark_ready(case=case, actor=registrar).status == Status.READY


def test_own_initiative_needs_no_completion(series, registrar):
    case = services.case_register(
        tenant=series.tenant, actor=registrar, series=series, title="Eget", opened_on=DAY
    )
    assert services.case_mark_ready(case=case, actor=registrar).status == Status.READY


def test_the_rule_is_the_boards_another_bodys_series_is_not_held_to_it(series, registrar):
    committee = UnitFactory(tenant=series.tenant, kind=UnitKind.COMMITTEE, name="Fritidsnämnden")
    other = services.series_create(tenant=series.tenant, actor=None, body=committee, code="FN")
    case = services.case_register(
        tenant=series.tenant,
        actor=registrar,
        series=other,
        title="Från bolag",
        origin=Origin.COMPANY,
        opened_on=DAY,
    )
    assert services.case_mark_ready(case=case, actor=registrar).status == Status.READY

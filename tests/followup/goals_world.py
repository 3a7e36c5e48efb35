"""A small goal tree with hand-checked progress, built through the services (tests of goals,
the API and the access walk share it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from radhus.core.models import Tenant
from radhus.followup import services_goals as goals
from radhus.followup.models import Assignment, AssignmentStatus, Goal, GoalLevel, Indicator, Source
from radhus.organisation.models import Unit, UnitKind
from tests.factories import UnitFactory

D = Decimal


def assignment(tenant: Tenant, body: Unit, title: str, status: str, progress: int) -> Assignment:
    return Assignment.objects.create(
        tenant=tenant,
        source=Source.MANAGEMENT_GROUP,
        body=body,
        decided_on=dt.date(2025, 1, 15),
        reference="KLG 2025-01-15",
        title=title,
        assignee_unit=body,
        due_on=dt.date(2026, 12, 31),
        status=status,
        progress=progress,
        completed_on=dt.date(2025, 6, 1) if status == AssignmentStatus.DONE else None,
    )


@dataclass
class GoalWorld:
    tenant: Tenant
    vision: Goal
    growth: Goal
    work: Goal
    hidden: Goal
    residents: Indicator
    emissions: Indicator
    unmeasured: Indicator


def build_goal_world(tenant: Tenant) -> GoalWorld:
    """Vision V with goals A (weight 2), B (weight 1) and an unpublished C (weight 1):

    A: residents 150 000 → target 250 000, latest 165 000: 0,15 (weight 1); emissions, lower is
       better, 100 → target 40, latest 70: 0,5 (weight 3); an indicator with no value: left out.
       A = (1·0,15 + 3·0,5) / 4 = 0,4125.
    B: an assignment done: 1; one at 40 %: 0,4; one cancelled (weight 5): left out. B = 0,7.
    C: unpublished; one indicator at its target: 1.
    V (staff) = (2·0,4125 + 1·0,7 + 1·1) / 4 = 0,63125; V (public, without C) = 1,525 / 3.
    """
    board = UnitFactory(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD, slug=f"ks-goals-{tenant.slug}")
    vision = goals.goal_create(
        tenant=tenant,
        actor=None,
        title="Världens bästa livsmiljö för en kvarts miljon människor 2050",
        level=GoalLevel.VISION,
        target_year=2050,
        is_public=True,
    )
    growth = goals.goal_create(
        tenant=tenant, actor=None, title="Fler invånare", parent=vision, weight=2, is_public=True
    )
    work = goals.goal_create(
        tenant=tenant, actor=None, title="Samverkan som ger resultat", parent=vision, is_public=True
    )
    hidden = goals.goal_create(tenant=tenant, actor=None, title="Hemligt utkast till mål", parent=vision)
    residents = goals.indicator_create(
        goal=growth,
        actor=None,
        name="Invånare",
        unit="invånare",
        baseline_value=D("150000"),
        baseline_year=2020,
    )
    goals.indicator_set_target(indicator=residents, actor=None, year=2030, value=D("200000"))
    goals.indicator_set_target(indicator=residents, actor=None, year=2050, value=D("250000"))
    goals.measurement_record(
        indicator=residents, actor=None, measured_on=dt.date(2023, 12, 31), value=D("160000")
    )
    goals.measurement_record(
        indicator=residents, actor=None, measured_on=dt.date(2024, 12, 31), value=D("165000.5"), source="SCB"
    )
    emissions = goals.indicator_create(
        goal=growth,
        actor=None,
        name="Utsläpp av växthusgaser",
        unit="kt CO2e",
        direction="lower",
        baseline_value=D("100"),
        baseline_year=2020,
        weight=3,
    )
    goals.indicator_set_target(indicator=emissions, actor=None, year=2030, value=D("40"))
    goals.measurement_record(
        indicator=emissions, actor=None, measured_on=dt.date(2024, 12, 31), value=D("70")
    )
    unmeasured = goals.indicator_create(
        goal=growth, actor=None, name="Nöjda medborgare", unit="%", baseline_value=D("60"), baseline_year=2024
    )
    goals.indicator_set_target(indicator=unmeasured, actor=None, year=2030, value=D("75"))
    for title, status, progress, weight in [
        ("Gemensam översiktsplan", AssignmentStatus.DONE, 100, 1),
        ("Regional bredbandsplan", AssignmentStatus.IN_PROGRESS, 40, 1),
        ("Nedlagd utredning", AssignmentStatus.CANCELLED, 0, 5),
    ]:
        goals.goal_link_assignment(
            goal=work,
            assignment=assignment(tenant, board, title, status, progress),
            actor=None,
            weight=weight,
        )
    secret = goals.indicator_create(
        goal=hidden, actor=None, name="Hemlig indikator", baseline_value=D("0"), baseline_year=2020
    )
    goals.indicator_set_target(indicator=secret, actor=None, year=2025, value=D("10"))
    goals.measurement_record(indicator=secret, actor=None, measured_on=dt.date(2025, 1, 1), value=D("10"))
    return GoalWorld(tenant, vision, growth, work, hidden, residents, emissions, unmeasured)


def access_goal(tenant: Tenant) -> Goal:
    """A published goal with an indicator (made once per organisation), for the access walk."""
    goal = Goal.objects.filter(tenant=tenant, title="Tillgänglighetsmål").first()
    if goal is None:
        goal = goals.goal_create(tenant=tenant, actor=None, title="Tillgänglighetsmål", is_public=True)
        goals.indicator_create(
            goal=goal, actor=None, name="Andel", unit="%", baseline_value=D(1), baseline_year=2020
        )
    return goal


def access_indicator(tenant: Tenant) -> Indicator:
    return access_goal(tenant).indicators.get()


def access_policy(tenant: Tenant, owner: Unit):  # noqa: ANN201
    from radhus.followup import services_policies
    from radhus.followup.models import PolicyDocument

    found = PolicyDocument.objects.filter(tenant=tenant).first()
    return found or services_policies.policy_create(
        tenant=tenant, actor=None, title="Informationssäkerhetspolicy", kind="policy", owner_unit=owner
    )

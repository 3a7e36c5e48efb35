"""Demo data for goals, policy documents and oversight, loaded by ``radhus load_demo``.

- Umeåregionen's vision of S3.4, “världens bästa livsmiljö för en kvarts miljon människor
  2050”, shared with its six municipalities, with goals, a strategy and indicators. The vision
  is the seed's; the goals, indicators and every measured value are made up for the demo and
  say so.
- Munkedal's policy documents: one review overdue, one due within the reminders' window.
- Munkedal's board's oversight of a municipal company and a federation (KL 6 kap. 1 §), with
  the federation's annual accounts overdue.

Dates are counted from the day the demo is loaded, so that what is overdue stays overdue.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from radhus.core.models import Tenant
from radhus.demo.common import SYSTEM
from radhus.followup import services_goals as goals
from radhus.followup import services_oversight as oversight
from radhus.followup import services_policies as policies
from radhus.followup.models import (
    Goal,
    GoalAssignment,
    GoalLevel,
    Indicator,
    IndicatorTarget,
    Measurement,
    OversightExpectation,
    OversightReceipt,
    PolicyDocument,
    ReviewReminder,
)
from radhus.organisation import services as organisation
from radhus.organisation.models import Post, Unit, UnitKind

D = Decimal
DEMO_NOTE = "Demodata: målet, indikatorerna och värdena är påhittade för att visa funktionen."
VISION = "Världens bästa livsmiljö för en kvarts miljon människor 2050"


def _series(indicator: Indicator, values: list[tuple[int, str]], source: str) -> None:
    for year, value in values:
        goals.measurement_record(
            indicator=indicator,
            actor=SYSTEM,
            measured_on=dt.date(year, 12, 31),
            value=D(value),
            source=source,
            comment="Demodata",
        )


def load_goals(region: Tenant) -> Goal:
    """Umeåregionen's vision (S3.4) with goals and indicators, shared with its members."""
    vision = goals.goal_create(
        tenant=region,
        actor=SYSTEM,
        title=VISION,
        level=GoalLevel.VISION,
        description="Umeåregionens vision (S3.4). " + DEMO_NOTE,
        target_year=2050,
        is_public=True,
        shared_with_members=True,
    )
    growth = goals.goal_create(
        tenant=region,
        actor=SYSTEM,
        title="En växande region",
        parent=vision,
        description="Fler som vill bo, arbeta och studera i regionen. " + DEMO_NOTE,
        target_year=2050,
        weight=2,
        is_public=True,
    )
    residents = goals.indicator_create(
        goal=growth,
        actor=SYSTEM,
        name="Invånare i Umeåregionen",
        unit="invånare",
        baseline_value=D(160000),
        baseline_year=2020,
        source="Demodata",
        description=DEMO_NOTE,
    )
    goals.indicator_set_target(indicator=residents, actor=SYSTEM, year=2030, value=D(185000))
    goals.indicator_set_target(indicator=residents, actor=SYSTEM, year=2050, value=D(250000))
    _series(residents, [(2021, "161400"), (2022, "162900"), (2023, "164100"), (2024, "165300")], "Demodata")
    green = goals.goal_create(
        tenant=region,
        actor=SYSTEM,
        title="En hållbar livsmiljö",
        parent=vision,
        description="Minskade utsläpp och en livsmiljö i balans. " + DEMO_NOTE,
        target_year=2045,
        is_public=True,
    )
    emissions = goals.indicator_create(
        goal=green,
        actor=SYSTEM,
        name="Utsläpp av växthusgaser per invånare",
        unit="ton CO₂e",
        direction="lower",
        baseline_value=D("3.6"),
        baseline_year=2020,
        source="Demodata",
        description=DEMO_NOTE,
    )
    goals.indicator_set_target(indicator=emissions, actor=SYSTEM, year=2030, value=D("1.8"))
    goals.indicator_set_target(indicator=emissions, actor=SYSTEM, year=2045, value=D("0.5"))
    _series(emissions, [(2021, "3.5"), (2022, "3.3"), (2023, "3.1"), (2024, "2.9")], "Demodata")
    together = goals.goal_create(
        tenant=region,
        actor=SYSTEM,
        title="Samverkan som ger effekt för kommunerna",
        level=GoalLevel.STRATEGY,
        parent=vision,
        description="Resultatorienterad samverkan med konkreta och tydliga effekter (S3.2). " + DEMO_NOTE,
        is_public=True,
    )
    procurement = goals.indicator_create(
        goal=together,
        actor=SYSTEM,
        name="Andel gemensamma upphandlingar",
        unit="%",
        baseline_value=D(20),
        baseline_year=2020,
        source="Demodata",
    )
    goals.indicator_set_target(indicator=procurement, actor=SYSTEM, year=2030, value=D(50))
    _series(procurement, [(2022, "27"), (2024, "34.5")], "Demodata")
    satisfied = goals.indicator_create(
        goal=together,
        actor=SYSTEM,
        name="Nöjd medborgar-index",
        unit="index",
        baseline_value=D(55),
        baseline_year=2024,
        source="Demodata",
        description="Mäts första gången nästa år. " + DEMO_NOTE,
    )
    goals.indicator_set_target(indicator=satisfied, actor=SYSTEM, year=2030, value=D(65))
    return vision


def load_policies(municipality: Tenant, today: dt.date) -> list[PolicyDocument]:
    """Munkedal's register: one review overdue, one due within two months."""
    board = Unit.objects.get(tenant=municipality, kind=UnitKind.EXECUTIVE_BOARD)
    # The municipal chief's post owns them: reminders go to its holder's address. The board's
    # document management plan is the municipal secretary's, whom the demo login is
    # (radhus.demo.officer), when that post is there.
    chief = Post.objects.get(tenant=municipality, title="Kommunchef")
    secretary = Post.objects.filter(tenant=municipality, title="Kommunsekreterare").first() or chief
    rows = [
        # title, kind, decision, in force from, review in days from today (negative: overdue)
        (
            "Delegationsordning för kommunstyrelsen",
            "delegation_scheme",
            "KS 2023-02-08 § 15",
            "2023-03-01",
            300,
        ),
        ("Dokumenthanteringsplan för kommunstyrelsen", "plan", "KS 2021-05-12 § 88", "2021-06-01", -40),
        ("Riktlinje för sociala medier", "guideline", "KS 2022-09-14 § 140", "2022-10-01", 45),
        ("Policy för informationssäkerhet", "policy", "KS 2024-03-13 § 41", "2024-04-01", 700),
        ("Reglemente för kommunstyrelsen", "rules_of_procedure", "KF 2022-12-12 § 120", "2023-01-01", 900),
    ]
    made = []
    for title, kind, reference, starts, review_in in rows:
        made.append(
            policies.policy_create(
                tenant=municipality,
                actor=SYSTEM,
                title=title,
                kind=kind,
                owner_post=secretary if title.startswith("Dokumenthanteringsplan") else chief,
                adopted_by=board if reference.startswith("KS") else None,  # the council's: not in the demo
                decision_reference=reference,
                decided_on=dt.date.fromisoformat(reference.split()[1]),
                valid_from=dt.date.fromisoformat(starts),
                review_on=today + dt.timedelta(days=review_in),
            )
        )
    made.append(
        policies.policy_create(
            tenant=municipality,
            actor=SYSTEM,
            title="Riktlinje för representation",
            kind="guideline",
            owner_post=chief,
            adopted_by=board,
            decision_reference="KS 2015-06-10 § 77",
            valid_from=dt.date(2015, 7, 1),
            valid_to=dt.date(2022, 12, 31),
            status="repealed",
        )
    )
    return made


def _month_day(day: dt.date) -> tuple[int, int]:
    """A month and a day that exist every year (the 29th of February is read as the 28th)."""
    return day.month, min(day.day, 28)


def load_oversight(municipality: Tenant, today: dt.date) -> None:
    """A municipal company and a federation under the board's oversight (KL 6 kap. 1 §; KL 10
    kap. 2–6 §§): the company's annual accounts received on time, the federation's overdue."""
    board = Unit.objects.get(tenant=municipality, kind=UnitKind.EXECUTIVE_BOARD)
    company = organisation.unit_create(
        tenant=municipality, actor=SYSTEM, kind=UnitKind.COMPANY, name="Munkedals Bostäder AB", sort_order=20
    )
    federation = organisation.unit_create(
        tenant=municipality,
        actor=SYSTEM,
        kind=UnitKind.FEDERATION,
        name="Räddningstjänstförbundet Mitt Bohuslän",
        sort_order=21,
    )
    start = dt.date(today.year - 3, 1, 1)
    company_oversight = organisation.oversight_create(
        overseer=board, overseen=company, actor=SYSTEM, valid_from=start
    )
    federation_oversight = organisation.oversight_create(
        overseer=board, overseen=federation, actor=SYSTEM, valid_from=start
    )
    # Due dates a few weeks back, so that this year's are past on every day the demo is loaded.
    company_month, company_day = _month_day(today - dt.timedelta(days=45))
    federation_month, federation_day = _month_day(today - dt.timedelta(days=20))
    first_year = (today - dt.timedelta(days=45)).year - 1
    oversight.expectation_create(
        oversight=company_oversight,
        actor=SYSTEM,
        kind="annual_accounts",
        rule="yearly",
        due_month=company_month,
        due_day=company_day,
        first_year=first_year,
    )
    oversight.expectation_create(
        oversight=company_oversight,
        actor=SYSTEM,
        kind="interim_report",
        rule="yearly",
        due_month=10,
        due_day=15,
        first_year=today.year + 1,
        note="Delårsrapport per augusti",
    )
    oversight.expectation_create(
        oversight=federation_oversight,
        actor=SYSTEM,
        kind="annual_accounts",
        rule="yearly",
        due_month=federation_month,
        due_day=federation_day,
        first_year=first_year,
    )
    for year in (first_year, first_year + 1):
        due = oversight.yearly_due_date(year, company_month, company_day)
        if due <= today:
            oversight.receipt_record(
                oversight=company_oversight,
                actor=SYSTEM,
                kind="annual_accounts",
                received_on=due - dt.timedelta(days=5),
                title=f"Årsredovisning {year - 1}",
            )
    last_year_due = oversight.yearly_due_date(first_year, federation_month, federation_day)
    oversight.receipt_record(
        oversight=federation_oversight,
        actor=SYSTEM,
        kind="annual_accounts",
        received_on=last_year_due - dt.timedelta(days=2),
        title=f"Årsredovisning {first_year - 1}",
    )


def load(*, region: Tenant, municipality: Tenant, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    load_goals(region)
    load_policies(municipality, today)
    load_oversight(municipality, today)


def wipe(tenants: list[Tenant]) -> None:
    """Remove the goals, policy documents and oversight records of the demo organisations
    (before the meetings, the case register and the organisation registry they point at)."""
    OversightReceipt.objects.filter(tenant__in=tenants).delete()
    OversightExpectation.objects.filter(tenant__in=tenants).delete()
    ReviewReminder.objects.filter(document__tenant__in=tenants).delete()
    PolicyDocument.objects.filter(tenant__in=tenants).delete()
    GoalAssignment.objects.filter(goal__tenant__in=tenants).delete()
    IndicatorTarget.objects.filter(indicator__tenant__in=tenants).delete()
    Measurement.objects.filter(indicator__tenant__in=tenants).delete()
    Indicator.objects.filter(tenant__in=tenants).delete()
    goals_left = Goal.objects.filter(tenant__in=tenants)
    goals_left.update(parent=None)
    goals_left.delete()

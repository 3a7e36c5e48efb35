"""Who the demo login ``demo`` is: Elin Strand, kommunsekreterare in Munkedal's chief's staff,
so that a newcomer who logs in after ``make run`` finds the personal page “Att göra”
(``/konto/att-gora/``) filled as an officer's would be.

The seed (S2) names the eight posts of the chief's management group and no holder of any of
them; those seats stay vacant. The post of kommunsekreterare and Elin Strand are invented for
the demo, as the board's members are (``radhus.meetings.demo``), and so is everything she has to
do. It hangs together as one piece of work:

- the board's document management plan, which her post owns, was due for review 40 days ago
  (``radhus.followup.demo_goals``);
- the municipal chief gave her the task of revising it by a delegated decision; it is 40 % done
  and late, and its deviation, with an alternative measure, is on the board's next agenda (S4.5);
- she registered a case for the revision and sent the draft on referral to a sector, whose
  answer is due in nine days;
- the board's budget proposal goes to the council with her in five days;
- she watches the case of the preschool in Hedekas, whose decision lacks financing (S4.9).

Dates count from the day the demo is loaded, so what is late stays late and what is coming
stays coming. Everything goes through the services, as the system.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from radhus.core.models import Tenant
from radhus.demo.common import SYSTEM, appoint, person, post
from radhus.diarium import services as diarium
from radhus.diarium import services_referrals as referrals
from radhus.diarium.models import Case, Series
from radhus.followup import services as followup
from radhus.followup.models import Source
from radhus.meetings.models import Decision
from radhus.organisation.models import Person, Post, Unit, UnitKind

POST_TITLE = "Kommunsekreterare"
FIRST_NAME, LAST_NAME = "Elin", "Strand"
STAFF = "Kommunchefens stab"
# Held since before anything she has to do was decided.
APPOINTED = dt.date(2021, 3, 1)

REVISION_TITLE = "Revidera dokumenthanteringsplanen för kommunstyrelsen"
REVISION_CASE = "Revidering av dokumenthanteringsplan för kommunstyrelsen"
BUDGET_TITLE = "Skicka kommunstyrelsens förslag till budget 2027 till kommunfullmäktige"
WATCH_NOTE = "Bevaka att finansieringen av förskolan i Hedekas tas upp i budgetberedningen"
REFERRAL_TO = "Sektor Barn och utbildning"


def load_post(tenant: Tenant) -> Post:
    """The post in the chief's staff and its holder. Called before the policy register is
    loaded: the post owns the board's document management plan."""
    staff = Unit.objects.get(tenant=tenant, name=STAFF)
    chief = Post.objects.get(tenant=tenant, title="Kommunchef")
    secretary = post(staff, POST_TITLE, reports_to=chief, sort_order=6)
    appoint(secretary, person(tenant, FIRST_NAME, LAST_NAME), valid_from=APPOINTED)
    return secretary


def load_work(tenant: Tenant, user: Any, today: dt.date | None = None) -> None:
    """Link ``user`` to the secretary and give her what is due. Called once the demo logins
    hold their roles (a watch belongs to a user with a role) and the board's next meeting is
    planned (a deviation goes on its agenda)."""
    today = today or timezone.localdate()
    secretary = Post.objects.get(tenant=tenant, title=POST_TITLE)
    elin = Person.objects.get(tenant=tenant, first_name=FIRST_NAME, last_name=LAST_NAME)
    staff = secretary.unit
    board = Unit.objects.get(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD)
    referrals.officer_link_set(tenant=tenant, actor=SYSTEM, user=user, person=elin, unit=staff)

    # The revision: a case of her own, its draft on referral to a sector.
    series = Series.objects.get(tenant=tenant, code="KS")
    case = diarium.case_register(
        tenant=tenant,
        actor=SYSTEM,
        series=series,
        title=REVISION_CASE,
        opened_on=today - dt.timedelta(days=25),
        responsible_unit=staff,
        officer=elin,
    )
    diarium.case_start_preparation(case=case, actor=SYSTEM)
    referrals.referral_send(
        case=case,
        actor=SYSTEM,
        body=Unit.objects.get(tenant=tenant, name=REFERRAL_TO),
        sent_on=today - dt.timedelta(days=21),
        due_on=today + dt.timedelta(days=9),
    )
    decided = today - dt.timedelta(days=100)
    revision = followup.assignment_create_from_source(
        tenant=tenant,
        actor=SYSTEM,
        source=Source.DELEGATED,
        body=board,
        decided_on=decided,
        reference=f"Kommunchefens delegationsbeslut {decided.isoformat()}",
        title=REVISION_TITLE,
        description="Planen ska ta med sektorernas handlingstyper och kommunens e-arkiv.",
        due_on=today - dt.timedelta(days=12),
        assignee_post=secretary,
        case=case,
    )
    followup.progress_report(
        assignment=revision,
        actor=SYSTEM,
        progress=40,
        text="Kommunstyrelsens egna handlingstyper är genomgångna; sektorernas återstår.",
        reported_on=today - dt.timedelta(days=30),
    )
    followup.deviation_report(
        assignment=revision,
        actor=SYSTEM,
        kind="late",
        reason="Två sektorer har inte lämnat underlag om sina handlingstyper; utkastet är ute på remiss.",
        alternative_measure="Planen revideras i två steg: kommunstyrelsens egna handlingar nu, "
        "sektorernas när remissvaren har kommit in.",
        proposed_due_on=today + dt.timedelta(days=30),
        reported_on=today - dt.timedelta(days=2),
    )

    # From the board's meeting a week back: its budget proposal goes to the council.
    decisions = Decision.objects.filter(tenant=tenant).select_related("paragraph", "case")
    budget = next(d for d in decisions if d.paragraph.title.startswith("Budget"))
    followup.assignment_create(
        decision=budget,
        actor=SYSTEM,
        title=BUDGET_TITLE,
        due_on=today + dt.timedelta(days=5),
        assignee_post=secretary,
    )
    preschool: Case = next(d.case for d in decisions if d.case and "förskola" in d.case.title)
    referrals.watch_create(
        case=preschool, actor=SYSTEM, note=WATCH_NOTE, due_on=today + dt.timedelta(days=14), user=user
    )

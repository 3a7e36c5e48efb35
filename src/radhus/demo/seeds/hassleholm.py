"""S1: Hässleholm's three offices merged into a new executive office from 2009-01-01 (seed 001,
a press release of 2009-01-22)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.core.models import Tenant
from radhus.demo.common import SYSTEM, appoint, contact, person, post, recorded_on, tenant_create, unit
from radhus.organisation import services
from radhus.organisation.models import ContactKind, MembershipRole, Unit, UnitKind

SLUG = "hassleholm"
NEW_OFFICE_FROM = dt.date(2009, 1, 1)

# The source of the whole chain, described on the reorganisation (S1.1, S1.7).
MERGER_DESCRIPTION = """\
Källa: Hässleholms kommuns pressmeddelande ”Nytt kommunledningskontor i Hässleholm”, \
22 januari 2009.

Kommunfullmäktige i Hässleholm beslutade under hösten 2007 att det skulle inrättas en strategisk \
funktion på kommunledningskontoret. Efter att en förstudie av frågan gjorts blev resultatet att \
kommunchefen Johan Eriksson i april 2008 fick ett uppdrag att bilda en helt ny förvaltning. \
Dåvarande kommunledningskontor, ekonomikontor och personalkontor skulle läggas samman till ett \
nytt kommunledningskontor.

I oktober 2008 fastställde kommunstyrelsen kommunchefens förslag till nytt kommunledningskontor. \
Förutom den rent organisatoriska förändringen innebär det nya kontoret att kommunen förstärks \
inom områdena strategisk samhällsplanering, miljöstrategiskt arbete, EU-samordning och på sikt \
också personalstrategiskt arbete. Folkhälsofrågorna flyttas från fritidsnämnden till \
kommunledningskontoret, och en tjänst som biträdande kommunchef inrättas."""

# S1.2. The press release names only one of the six departments (medborgarservice); the demo
# creates that one and does not invent names for the other five.
OFFICE_PURPOSE = """\
Det nya kommunledningskontoret består av dels en strategisk ledningsfunktion, dels funktioner \
för löpande verksamhet av mer operativ karaktär. Avsikten är främst att kontoret ska kunna \
fokusera på renodlade lednings- och styrningsuppgifter men också arbeta framtids- och \
utvecklingsinriktat.

Organisationen har trätt i kraft från den 1 januari 2009. Den består av en stabsorganisation för \
ledning och strategi samt sex avdelningar av mer operativ karaktär. Avdelningarna ska ge \
administrativt stöd och service av löpande karaktär och riktar sig mot politisk kommunledning, \
stab samt övriga förvaltningar. Biträdande kommunchefen är samordnande chef för avdelningarna."""

STAFF_PURPOSE = """\
• Stabens arbete leds av kommunchefen
• Staben ska arbeta med strategiska frågor av långsiktig karaktär, d v s frågor som är \
avgörande för kommunens utveckling
• Staben ska renodla kommunövergripande ledningsuppgifter
• Staben ska stärka kommunstyrelsens strategiska roll
• Staben ska ta fram tidig information och objektivt välgrundat beslutsunderlag i strategiska \
framtidsfrågor till den politiska kommunledningen
• Staben ska samverka med förvaltningar och kommunledningskontorets avdelningar
• Stabens arbete ska vara process- och projektinriktat
• Kommunchefen bildar ledningsgrupp med stabscheferna och informationschefen"""

CITIZEN_SERVICE_PURPOSE = (
    "Under avdelningen för medborgarservice har samlats verksamhet som riktar sig mot allmänheten "
    "såsom stadshusets receptionsfunktion och växel, servicekontoren i Vittsjö, Hästveda och "
    "Sösdala samt turistbyråverksamheten."
)


PRESS_RELEASE_DATE = dt.date(2009, 1, 22)


@dataclass
class Loaded:
    tenant: Tenant
    new_office: Unit

    @property
    def page_dates(self) -> list[tuple[Unit, dt.date]]:
        # The seed is the press release of 2009-01-22 that presents the new office.
        return [(self.new_office, PRESS_RELEASE_DATE)]


def load() -> Loaded:
    # Kommunkod 1293 (SCB); not in the seed, a public fact.
    tenant = tenant_create(name="Hässleholms kommun", slug=SLUG, municipality_code="1293")

    council = unit(tenant, UnitKind.COUNCIL, "Kommunfullmäktige", short_name="KF")
    board = unit(tenant, UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", short_name="KS", parent=council)
    leisure = unit(tenant, UnitKind.COMMITTEE, "Fritidsnämnden", parent=council)
    public_health = services.responsibility_add(unit=leisure, actor=SYSTEM, name="Folkhälsofrågor")
    # KL 6 kap. 1 §: the board has oversight (uppsikt) of the other committees; a relation of
    # its own, not the committee's responsible body.
    services.oversight_create(overseer=board, overseen=leisure, actor=SYSTEM)

    # Before 2009: the three offices that merge (S1.2), with the chief and the head of finance.
    old_offices = [
        unit(tenant, kind, name, parent=board, responsible_body=board, sort_order=order)
        for order, (kind, name) in enumerate(
            [
                (UnitKind.EXECUTIVE_OFFICE, "Kommunledningskontoret"),
                (UnitKind.ADMINISTRATION, "Ekonomikontoret"),
                (UnitKind.ADMINISTRATION, "Personalkontoret"),
            ],
            start=1,
        )
    ]
    # The press release gives phone numbers but no e-mail, so these people get none.
    chief = person(tenant, "Johan", "Eriksson", email=False)
    contact(chief, ContactKind.PHONE, "0451-26 83 42")
    contact(chief, ContactKind.MOBILE, "0709-81 83 42")
    deputy = person(tenant, "Bengt-Arne", "Persson", email=False)
    information_chief = person(tenant, "Hanna", "Gardell", email=False)
    contact(information_chief, ContactKind.PHONE, "0451-26 83 48")
    contact(information_chief, ContactKind.MOBILE, "0709-81 83 48")
    appoint(post(old_offices[0], "Kommunchef", is_contact=True), chief)
    appoint(post(old_offices[1], "Ekonomichef", is_contact=True), deputy)

    # S1.1–S1.2: the merger, effective 2009-01-01; the old offices and their posts end 2008-12-31.
    merger, office = services.reorganisation_merge(
        sources=old_offices,
        actor=SYSTEM,
        effective_date=NEW_OFFICE_FROM,
        title="Nytt kommunledningskontor",
        result={
            "kind": UnitKind.EXECUTIVE_OFFICE,
            "name": "Kommunledningskontoret",
            "parent": board,
            "responsible_body": board,
            "purpose": OFFICE_PURPOSE,
            "sort_order": 1,
        },
        decided_by=board,
        description=MERGER_DESCRIPTION,
    )
    # The seed gives months and a season, not days: each step's date is the first day of the
    # period it names, and ``date_text`` says what the seed says.
    for step in [
        {
            "date": dt.date(2007, 9, 1),
            "date_text": "hösten 2007",
            "body": council,
            "description": "Kommunfullmäktige beslutar att en strategisk funktion ska inrättas "
            "på kommunledningskontoret.",
        },
        {
            "date": dt.date(2007, 9, 1),
            "date_text": "före april 2008",
            "description": "En förstudie av frågan görs.",
        },
        {
            "date": dt.date(2008, 4, 1),
            "date_text": "april 2008",
            "description": "Kommunchefen Johan Eriksson får i uppdrag att bilda en helt ny "
            "förvaltning: kommunledningskontoret, ekonomikontoret och personalkontoret läggs "
            "samman till ett nytt kommunledningskontor.",
        },
        {
            "date": dt.date(2008, 10, 1),
            "date_text": "oktober 2008",
            "body": board,
            "description": "Kommunstyrelsen fastställer kommunchefens förslag till nytt "
            "kommunledningskontor.",
        },
    ]:
        services.decision_step_add(reorganisation=merger, actor=SYSTEM, **step)

    # The new office from 2009-01-01: posts (S1.3, S1.7), staff unit, the one named department.
    since = {"valid_from": NEW_OFFICE_FROM}
    chief_post = post(office, "Kommunchef", is_contact=True, sort_order=1, **since)
    appoint(chief_post, chief, **since)
    deputy_post = post(
        office, "Biträdande kommunchef", is_contact=True, sort_order=2, reports_to=chief_post, **since
    )
    appoint(deputy_post, deputy, **since)
    # S1.3: the deputy municipal chief stands in for the chief, whom the board employs
    # (KL 7 kap. 1 §).
    services.post_update(post=chief_post, actor=SYSTEM, deputy=deputy_post, employed_by=board)
    recorded_on(chief_post, "post.update", NEW_OFFICE_FROM)
    information_post = post(
        office, "Informationschef", is_contact=True, sort_order=3, reports_to=chief_post, **since
    )
    appoint(information_post, information_chief, **since)

    staff = unit(
        tenant, UnitKind.STAFF_UNIT, "Staben", parent=office, purpose=STAFF_PURPOSE, sort_order=1, **since
    )
    # "Stabscheferna": the seed names none of them, so the post has no holder.
    staff_heads = post(staff, "Stabschef", single_holder=False, reports_to=chief_post, **since)

    citizen_service = unit(
        tenant,
        UnitKind.DEPARTMENT,
        "Avdelningen för medborgarservice",
        parent=office,
        purpose=CITIZEN_SERVICE_PURPOSE,
        sort_order=2,
        **since,
    )
    # S1.5: the units of citizen service, the service offices with their villages.
    unit(
        tenant,
        UnitKind.UNIT,
        "Stadshusets reception och växel",
        parent=citizen_service,
        sort_order=1,
        **since,
    )
    for order, village in enumerate(["Vittsjö", "Hästveda", "Sösdala"], start=2):
        unit(
            tenant,
            UnitKind.SERVICE_OFFICE,
            f"Servicekontoret i {village}",
            parent=citizen_service,
            place=village,
            sort_order=order,
            **since,
        )
    unit(tenant, UnitKind.UNIT, "Turistbyrån", parent=citizen_service, sort_order=5, **since)

    # S1.6: the chief's management group of the staff heads and the head of communications.
    team = unit(
        tenant,
        UnitKind.MANAGEMENT_TEAM,
        "Kommunchefens ledningsgrupp",
        parent=office,
        purpose="Kommunchefen bildar ledningsgrupp med stabscheferna och informationschefen.",
        sort_order=3,
        **since,
    )
    for order, (seat, role) in enumerate(
        [
            (chief_post, MembershipRole.CHAIR),
            (staff_heads, MembershipRole.MEMBER),
            (information_post, MembershipRole.MEMBER),
        ]
    ):
        services.membership_create(group=team, actor=SYSTEM, role=role, post=seat, sort_order=order, **since)

    # S1.4: public health moves from the leisure committee to the new office.
    transfer = services.reorganisation_transfer(
        responsibility=public_health,
        to_unit=office,
        actor=SYSTEM,
        effective_date=NEW_OFFICE_FROM,
        title="Folkhälsofrågorna flyttas från fritidsnämnden till kommunledningskontoret",
        decided_by=board,
        description="Del av kommunstyrelsens beslut om nytt kommunledningskontor "
        "(pressmeddelande 22 januari 2009).",
    )
    services.decision_step_add(
        reorganisation=transfer,
        actor=SYSTEM,
        date=dt.date(2008, 10, 1),
        date_text="oktober 2008",
        body=board,
        description="Kommunstyrelsen fastställer kommunchefens förslag till nytt "
        "kommunledningskontor, dit folkhälsofrågorna flyttas.",
    )

    return Loaded(tenant=tenant, new_office=office)

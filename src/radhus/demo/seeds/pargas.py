"""Pargas stad (Parainen), a Swedish-speaking municipality in Finland: the country's business
id, three-digit municipality code and +358 numbers, and the words Finland uses (issue 8).

Where the facts come from: Pargas stad's public pages (parainen.fi, in Swedish), as we know
them, kept modest:

- Pargas stad / Paraisten kaupunki, in Åboland, Egentliga Finland; bilingual with a Swedish-
  speaking majority; today's town was formed on 2009-01-01 from Pargas, Nagu, Korpo, Houtskär
  and Iniö.
- Municipality code 445 (Statistics Finland's classification of municipalities).
- Business id (FO-nummer / Y-tunnus): issue 8 gives 0204175-9, which fails the check digit of
  stdnum.fi.ytunnus; 0204175-4 is the one number with those first seven digits that passes.
  To be confirmed in the Finnish business register (ytj.fi) before it is relied on.
- The town is led by the city council (stadsfullmäktige), the city board (stadsstyrelsen)
  and the city director (stadsdirektör: a town's name for the kommundirektör that
  Kommunallag (410/2015) 38 § requires; paragraph to check). The officials work in sectors: the group
  administration (Koncernförvaltningen), and the education, leisure and building and
  environment sectors.
- The town hall on Strandvägen 28, 21600 Pargas, and the switchboard 02 458 5700, as we
  recall them from the contact page; to be checked against parainen.fi.

No person is named: the demo does not guess who holds which post. The director's mobile is the
example number of issue 8 (040 123 4567), not a real one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.core.models import Tenant
from radhus.demo.common import SYSTEM, contact, post, tenant_create, unit
from radhus.organisation import services
from radhus.organisation.models import ContactKind, MembershipRole, Unit, UnitKind

SLUG = "pargas"
PAGE_UPDATED = dt.date(2026, 11, 30)
FORMED = dt.date(2009, 1, 1)

GROUP_ADMINISTRATION_PURPOSE = """\
Koncernförvaltningen bereder stadsstyrelsens ärenden och verkställer dess beslut. Den leds av \
stadsdirektören och sköter stadens ekonomi, personal, kommunikation och utveckling."""

SECTORS = [
    (
        "Bildningssektorn",
        "Sektorchef för bildningssektorn",
        "Daghem, grundläggande utbildning och gymnasium.",
    ),
    ("Fritidssektorn", "Sektorchef för fritidssektorn", "Bibliotek, idrott, kultur och ungdomsarbete."),
    (
        "Byggnads- och miljösektorn",
        "Sektorchef för byggnads- och miljösektorn",
        "Planläggning, byggnadstillsyn, miljövård och stadens fastigheter.",
    ),
]


@dataclass
class Loaded:
    tenant: Tenant
    group_administration: Unit

    @property
    def page_dates(self) -> list[tuple[Unit, dt.date]]:
        return [(self.group_administration, PAGE_UPDATED)]


def load() -> Loaded:
    tenant = tenant_create(
        name="Pargas stad",
        slug=SLUG,
        country="FI",
        municipality_code="445",
        organisation_number="0204175-4",
    )
    council = unit(
        tenant, UnitKind.COUNCIL, "Stadsfullmäktige", short_name="SFM", valid_from=FORMED, sort_order=1
    )
    board = unit(
        tenant,
        UnitKind.EXECUTIVE_BOARD,
        "Stadsstyrelsen",
        short_name="SST",
        parent=council,
        valid_from=FORMED,
        sort_order=1,
    )
    board_chair = post(board, "Stadsstyrelsens ordförande", valid_from=FORMED)
    services.membership_create(group=board, actor=SYSTEM, role=MembershipRole.CHAIR, post=board_chair)

    office = unit(
        tenant,
        UnitKind.EXECUTIVE_OFFICE,
        "Koncernförvaltningen",
        parent=board,
        purpose=GROUP_ADMINISTRATION_PURPOSE,
        place="Pargas",
        responsible_body=board,
        valid_from=FORMED,
        sort_order=1,
    )
    director = post(office, "Stadsdirektör", valid_from=FORMED, sort_order=1)
    contact(office, ContactKind.SWITCHBOARD, "02 458 5700")
    contact(office, ContactKind.VISITING_ADDRESS, "Strandvägen 28, 21600 Pargas")
    contact(office, ContactKind.WEB, "https://www.parainen.fi/")
    contact(director, ContactKind.MOBILE, "040 123 4567")

    heads = [director]
    for order, (name, title, purpose) in enumerate(SECTORS, start=2):
        sector = unit(
            tenant,
            UnitKind.ADMINISTRATION,
            name,
            parent=board,
            purpose=purpose,
            responsible_body=board,
            valid_from=FORMED,
            sort_order=order,
        )
        heads.append(post(sector, title, reports_to=director, valid_from=FORMED))

    team = unit(
        tenant, UnitKind.MANAGEMENT_TEAM, "Ledningsgruppen", parent=office, valid_from=FORMED, sort_order=9
    )
    for order, head in enumerate(heads):
        role = MembershipRole.CHAIR if head is director else MembershipRole.MEMBER
        services.membership_create(group=team, actor=SYSTEM, role=role, post=head, sort_order=order)

    return Loaded(tenant=tenant, group_administration=office)

"""S2: Munkedal's management group, defined by posts (seed 002)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.core.models import Tenant
from radhus.demo.common import SYSTEM, contact, email_address, person, post, tenant_create, unit
from radhus.organisation import services
from radhus.organisation.models import ContactKind, MembershipRole, Unit, UnitKind

SLUG = "munkedal"
PAGE_UPDATED = dt.date(2017, 8, 17)  # "Senast ändrad: 2017-08-17"

# S2.1, S2.3, S2.4, S2.5: the seed's text. The standing items (S2.3) become agenda items with
# the meetings issue; here they are part of the text, as on the seed page.
PURPOSE = """\
Ledningsgruppen är kommunchefens organ för att samordna och effektivisera den kommunala \
verksamheten utifrån det mandat och de uppdrag som lämnas av kommunstyrelsen. Det formella \
ansvaret för beslut i gruppen ligger på kommunchefen. Övriga medlemmar i gruppen ansvarar för \
att viktiga frågor aktualiseras, att information delges medlemmarna i gruppen och att fattade \
beslut verkställs.

KLG skall vara:
• Ett instrument för att uppnå samsyn och helhetstänkande
• Diskussionsforum för frågor av gemensamt eller principiellt intresse samt skapa ökad tydlighet \
i dessa frågor
• Skapa delaktighet och gemensamt ansvarstagande
• Komplettera, stimulera och stödja medlemmarna i gruppen
• Styrgrupp/referensgrupp i frågor som är av gemensamt intresse för kommunstyrelsen

Några ärenden som alltid finns med på dagordningen är:
• Verksamhetsutveckling
• Ekonomifrågor
• Personalfrågor

Arbetsformer
Ledningsgruppen sammanträder ungefär två gånger per månad. Dessemellan har kommunchefen möten \
med sin stab samt har områdes-/sektors-/enhetscheferna möten med sina respektive chefsgrupper.

Kommunstyrelsens ordförande kan på eget initiativ delta i ledningsgruppens möten."""


@dataclass
class Loaded:
    tenant: Tenant
    team: Unit

    @property
    def page_dates(self) -> list[tuple[Unit, dt.date]]:
        return [(self.team, PAGE_UPDATED)]


def load() -> Loaded:
    # S2.6: written as on the page; the tenant normalises and checks it (Luhn) to 212000-1330.
    tenant = tenant_create(
        name="Munkedals kommun",
        slug=SLUG,
        municipality_code="1430",
        organisation_number="21 20 00-13 30",
    )
    board = unit(tenant, UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", short_name="KS")
    # The seed names no chair: the post stands vacant.
    board_chair = post(board, "Kommunstyrelsens ordförande")
    services.membership_create(group=board, actor=SYSTEM, role=MembershipRole.CHAIR, post=board_chair)

    # The seed names the eight posts (S2.2) but not the units they sit in. The sectors take
    # their names from the sector heads' titles; "Socialtjänsten" is named after the
    # Socialchef; the chief's staff ("sin stab") holds the chief and the staff functions.
    staff = unit(tenant, UnitKind.STAFF_UNIT, "Kommunchefens stab", parent=board, sort_order=1)
    education = unit(tenant, UnitKind.SECTOR, "Sektor Barn och utbildning", parent=board, sort_order=2)
    social = unit(tenant, UnitKind.SECTOR, "Socialtjänsten", parent=board, sort_order=3)
    planning = unit(tenant, UnitKind.SECTOR, "Sektor Samhällsbyggnad", parent=board, sort_order=4)

    chief = post(staff, "Kommunchef", sort_order=1)
    posts = [
        chief,
        post(education, "Sektorchef Barn och utbildning", reports_to=chief),
        post(social, "Socialchef", reports_to=chief),
        post(planning, "Sektorchef Samhällsbyggnad", reports_to=chief),
        post(staff, "Ekonomichef", reports_to=chief, sort_order=2),
        post(staff, "Administrativ chef", reports_to=chief, sort_order=3),
        post(staff, "Personalchef", reports_to=chief, sort_order=4),
        post(staff, "Lönechef", reports_to=chief, sort_order=5),
    ]

    team = unit(
        tenant,
        UnitKind.MANAGEMENT_TEAM,
        "Kommunchefens ledningsgrupp",
        short_name="KLG",
        parent=board,
        purpose=PURPOSE,
        sort_order=5,
    )
    # "Dessemellan har kommunchefen möten med sin stab": the staff meets as a group of its
    # own, the chief and the four staff heads (S2.4).
    staff_group = unit(tenant, UnitKind.MANAGEMENT_TEAM, "Kommunchefens stab, stabsmöte", parent=staff)
    for order, seat in enumerate(posts[4:], start=1):
        services.membership_create(
            group=staff_group, actor=SYSTEM, role=MembershipRole.MEMBER, post=seat, sort_order=order
        )
    services.membership_create(group=staff_group, actor=SYSTEM, role=MembershipRole.CHAIR, post=chief)

    # S2.2: the members are the posts, in the seed's order; formal responsibility for the
    # group's decisions lies with the chief, who leads it (S2.1). The four staff heads sit in
    # it as the staff, included as a whole: a change to the staff group changes the KLG too.
    for order, seat in enumerate(posts[:4]):
        services.membership_create(
            group=team,
            actor=SYSTEM,
            role=MembershipRole.CHAIR if seat is chief else MembershipRole.MEMBER,
            post=seat,
            sort_order=order,
        )
    services.membership_create(
        group=team, actor=SYSTEM, role=MembershipRole.MEMBER, member_group=staff_group, sort_order=4
    )
    # S2.5: the KS chair may attend on their own initiative.
    services.membership_create(
        group=team,
        actor=SYSTEM,
        role=MembershipRole.OPTIONAL_ATTENDEE,
        post=board_chair,
        sort_order=len(posts),
    )

    # S2.4: between meetings each sector head meets their own group ("chefsgrupper").
    for order, (name, head) in enumerate(
        [
            ("Chefsgrupp Barn och utbildning", posts[1]),
            ("Chefsgrupp Socialtjänst", posts[2]),
            ("Chefsgrupp Samhällsbyggnad", posts[3]),
        ],
        start=1,
    ):
        group = unit(tenant, UnitKind.MANAGEMENT_TEAM, name, parent=team, sort_order=order)
        services.membership_create(group=group, actor=SYSTEM, role=MembershipRole.CHAIR, post=head)

    # S2.6 and the page's footer: how to reach the municipality; the page owner.
    contact(team, ContactKind.PHONE, "0524-180 00", label="Telefon")
    contact(team, ContactKind.FAX, "0524-181 10")
    contact(team, ContactKind.EMAIL, email_address("kommunen", tenant))
    contact(team, ContactKind.POSTAL_ADDRESS, "Munkedals kommun, 455 80 Munkedal")
    contact(team, ContactKind.VISITING_ADDRESS, "Centrumtorget 5, Munkedal")
    owner = person(tenant, "Håkan", "Sundberg", email=False)
    services.unit_update(unit=team, actor=SYSTEM, page_owner=owner)

    return Loaded(tenant=tenant, team=team)

"""S0: Örnsköldsvik's executive administration and its public page (seed 000), with the
director's instruction of S4 (seed 004) on the director's post."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.core.models import Tenant
from radhus.demo.common import (
    SYSTEM,
    appoint,
    contact,
    email_address,
    party,
    person,
    post,
    site_notice_add,
    tenant_create,
    unit,
)
from radhus.demo.seeds import instruction
from radhus.organisation import services
from radhus.organisation.models import ContactKind, MembershipRole, Person, Post, Unit, UnitKind

SLUG = "ornskoldsvik"
PAGE_UPDATED = dt.date(2019, 5, 13)  # "Sidan uppdaterades 2019-05-13"

# The page's first two paragraphs (S0.1) and its third, on the director (S0.2), verbatim.
PURPOSE = """\
I kommunledningsförvaltningen finns fem avdelningar; ekonomi-, personal-, kommunikations-, \
tillväxt- och utvecklingsavdelningarna, samt en stab. Avdelningarna är strategiska \
kommunövergripande funktioner för att initiera, ta ansvar för och driva de frågor som ligger i \
respektive ansvarsområde.

Förvaltningens uppdrag som helhet är att samordna och koordinera samt att leda och följa upp den \
kommunala verksamheten. Den ska säkerställa att övergripande mål och perspektiv beaktas, att \
kvalitetssäkring av gemensamma verksamhetsprocesser görs. Den ska också leverera, koordinera, \
strukturera och följa upp kommunens olika planer och policydokument och att stå för \
projektsamordning och utredningskapacitet. Förvaltningen ansvarar också för den övergripande \
planeringen när det gäller ekologisk, ekonomisk och social hållbarhet.

Kommundirektören är kommunens högste chef och chef för kommunledningsförvaltningen. I \
arbetsuppgifterna ingår att vara länken mellan den politiska styrningen och \
förvaltningsorganisationen och företräda kommunstyrelsen gentemot styrelser, nämnder, \
förvaltningar och kommunala bolag. Kommundirektören leder även kommunstyrelsens \
koncernledningsgrupp, som består av förvaltningschefer och bolagens verkställande direktörer."""

# The seed gives all five departments this one sentence.
DEPARTMENT_PURPOSE = (
    "Avdelningarna är strategiska kommunövergripande funktioner för att initiera, ta ansvar för "
    "och driva de frågor som ligger i respektive ansvarsområde."
)
DEPARTMENTS = [
    "Ekonomiavdelningen",
    "Personalavdelningen",
    "Kommunikationsavdelningen",
    "Tillväxtavdelningen",
    "Utvecklingsavdelningen",
]

GROUP_PURPOSE = (
    "Kommundirektören leder kommunstyrelsens koncernledningsgrupp, som består av "
    "förvaltningschefer och bolagens verkställande direktörer."
)

NOTICE = (
    "Coronaviruset och covid-19: Nya skärpta nationella föreskrifter för att bryta den ökade "
    "smittspridningen. Läs mer om covid-19 och coronaviruset och hur Örnsköldsviks kommun "
    "hanterar coronapandemin."
)


@dataclass
class Loaded:
    tenant: Tenant
    director: Person
    director_post: Post
    office: Unit

    @property
    def page_dates(self) -> list[tuple[Unit, dt.date]]:
        return [(self.office, PAGE_UPDATED)]


def load() -> Loaded:
    # Kommunkod 2284 (SCB). The seed gives no organisation number, so none is set.
    tenant = tenant_create(name="Örnsköldsviks kommun", slug=SLUG, municipality_code="2284")
    social_democrats = party("S", "Socialdemokraterna")

    council = unit(tenant, UnitKind.COUNCIL, "Kommunfullmäktige", short_name="KF")
    board = unit(tenant, UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", short_name="KS", parent=council)

    # S0.5: the responsible body's chair, shown with party, and its secretary.
    chair = person(tenant, "Per", "Nylén", party=social_democrats)
    contact(chair, ContactKind.PHONE, "0660 - 881 57")
    services.membership_create(group=board, actor=SYSTEM, role=MembershipRole.CHAIR, person=chair)
    secretary_post = post(board, "Sekreterare Kommunalråd")
    contact(secretary_post, ContactKind.PHONE, "0660-881 56")
    appoint(secretary_post, person(tenant, "Ann-Christin", "Nordqvist"))
    services.membership_create(group=board, actor=SYSTEM, role=MembershipRole.SECRETARY, post=secretary_post)

    # S0.1: the executive administration, five departments and a staff unit, in the seed's order.
    office = unit(
        tenant,
        UnitKind.EXECUTIVE_OFFICE,
        "Kommunledningsförvaltningen",
        parent=board,
        responsible_body=board,
        purpose=PURPOSE,
    )
    for order, name in enumerate(DEPARTMENTS, start=1):
        unit(
            tenant,
            UnitKind.DEPARTMENT,
            name,
            parent=office,
            purpose=DEPARTMENT_PURPOSE,
            sort_order=order,
        )
    unit(tenant, UnitKind.STAFF_UNIT, "Staben", parent=office, sort_order=len(DEPARTMENTS) + 1)

    # S0.2, S0.5: the contacts of the page.
    # S4.1, KL 7 kap. 1 §: the board appoints the director, who is employed by the board.
    director_post = post(office, "Kommundirektör", is_contact=True, sort_order=1, employed_by=board)
    contact(director_post, ContactKind.PHONE, "0660-883 00")
    director = person(tenant, "Magnus", "Haglund")
    appoint(director_post, director)
    assistant_post = post(office, "Chefssekreterare", is_contact=True, sort_order=2, reports_to=director_post)
    contact(assistant_post, ContactKind.PHONE, "0660 - 882 64")
    appoint(assistant_post, person(tenant, "Maria", "Persson"))

    contact(office, ContactKind.EMAIL, email_address("kommunledningsforvaltningen", tenant))
    contact(office, ContactKind.SWITCHBOARD, "0660 - 880 00")
    contact(office, ContactKind.FAX, "0660 - 849 67")
    contact(office, ContactKind.VISITING_ADDRESS, "Järnvägsgatan 6, 891 88 Örnsköldsvik")

    # S0.3: KS's group management team, led by the director. The seed names neither the
    # administrations nor the companies, so their heads sit as two shared posts with no holder
    # rather than as invented people.
    group = unit(
        tenant,
        UnitKind.GROUP_MANAGEMENT_TEAM,
        "Kommunstyrelsens koncernledningsgrupp",
        parent=board,
        purpose=GROUP_PURPOSE,
    )
    heads = post(group, "Förvaltningschef", single_holder=False, reports_to=director_post)
    managing_directors = post(group, "Verkställande direktör i kommunalt bolag", single_holder=False)
    for order, (seat, role) in enumerate(
        [
            (director_post, MembershipRole.CHAIR),
            (heads, MembershipRole.MEMBER),
            (managing_directors, MembershipRole.MEMBER),
        ]
    ):
        services.membership_create(group=group, actor=SYSTEM, role=role, post=seat, sort_order=order)

    # S4.1: the instruction the board gives the director (KL 7 kap. 2 §).
    services.post_document_add(
        post=director_post,
        actor=SYSTEM,
        title=instruction.TITLE,
        body=instruction.BODY,
        adopted_by=board,
    )

    # S0.5: the site-wide notice on top of the page; the seed gives no end date.
    site_notice_add(tenant=tenant, text=NOTICE)

    return Loaded(tenant=tenant, director=director, director_post=director_post, office=office)

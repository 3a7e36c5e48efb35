"""S3: Umeåregionen, six municipalities steering together (seed 003)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.core.models import Tenant
from radhus.demo.common import (
    SYSTEM,
    appoint,
    collaboration_member_add,
    contact,
    person,
    post,
    tenant_create,
    unit,
)
from radhus.organisation import services
from radhus.organisation.models import ContactKind, MembershipRole, Person, Unit, UnitKind

SLUG = "umearegionen"

# The six municipalities (S3.1): name, address, kommunkod (SCB; public facts, not in the seed).
MUNICIPALITIES = [
    ("Umeå kommun", "umea", "2480"),
    ("Vindelns kommun", "vindeln", "2404"),
    ("Vännäs kommun", "vannas", "2460"),
    ("Bjurholms kommun", "bjurholm", "2403"),
    ("Nordmalings kommun", "nordmaling", "2401"),
    ("Robertsfors kommun", "robertsfors", "2409"),
]
SLUGS = [SLUG] + [slug for _name, slug, _code in MUNICIPALITIES]

# S3.1, S3.2 and the vision of S3.4, verbatim (the seed's own wording, typos included).
PURPOSE = """\
Inom Umeåregionen samverkar kommunernas högsta operativa chefer för att gemensamt kunna skapa en \
hållbar utveckling i Umeåregionen. Kommunchefsgruppen är den högsta operativa ledningen för \
Umeåregionen och gruppens ansvarsområden är att ta initiativ till nya samverkans- och \
utvecklingsområden. De ska även ansvara för den strategiska utvecklingen av verksamheten, samt \
stå för den övergripande uppföljningen av verksamhetens kvalitet och resultat.

Det övergripande syftet med kommunernas samarbete är att genom ett demokratiskt förankrat arbete \
utveckla regionen och effektivisera den kommunala förvaltningen. Kommunchefsgruppen arbeta för \
att Umeåregionens sex kommuner gemensamt verkar för att skapa en hållbar utveckling inom \
regionen. Samarbetet inom arbetsgruppen ska vara resultatorienterat och leda till konkreta och \
tydliga effekter för kommunerna.

De viktigaste uppgifterna inom kommunchefsgruppen är ledning och förankring inom \
Umeåregionsamarbetet. De arbetar på uppdrag av Regionrådet, som är Umeåregionens politiska \
ledning, för styra arbetsgrupperna åt det håll politikerna vill. De fördelar arbetsuppgifter \
till Umeåregionens kanslichef och till arbetsgrupperna, samt att bistår arbetsgrupperna vid \
behov.

Kommuncheferna inom Umeåregionen samordnar kommunala uppgifter för att bidra till en mer \
effektiv förvaltning. Samarbete bidrar till att skapa en kostnadseffektiv verksamhet med en hög \
kvalité för största möjliga nytta för medborgarna.

På www.umearegionen.se kan du läsa mer om samverkan och utveckling i Umeåregionen, ett arbete \
med visionen att regionen ska vara "världens bästa livsmiljö för en kvarts miljon människor \
2050". Välkommen att ställa frågor, lämna synpunkter eller idéer. Kanske kan du bidra till att \
utveckla Umeåregionen och förverkliga visionen."""

# The group's members in the seed's order, with the municipality each comes from (S3.3).
# The seed speaks of "Umeåregionens sex kommuner" yet lists seven members: Örnsköldsvik's
# director sits in the group although Örnsköldsvik is not among the six. Both facts are kept
# as the seed states them: six CollaborationMember rows, seven seats.
MEMBERS = [
    ("Jimmy", "Johansson", "bjurholm"),
    ("Jonas", "Wallin", "nordmaling"),
    ("Margaretha", "Alfredsson", "umea"),
    ("Karolina", "Johansson", "vannas"),
    ("Anders", "Persson", "robertsfors"),
]


@dataclass
class Loaded:
    tenant: Tenant
    municipalities: list[Tenant]
    group: Unit

    @property
    def page_dates(self) -> list[tuple[Unit, dt.date]]:
        return []


def load(*, ornskoldsvik: Tenant, ornskoldsvik_director: Person) -> Loaded:
    municipalities = {
        slug: tenant_create(name=name, slug=slug, municipality_code=code)
        for name, slug, code in MUNICIPALITIES
    }
    tenant = tenant_create(name="Umeåregionen", slug=SLUG, kind=Tenant.Kind.COLLABORATION)
    for municipality in municipalities.values():
        collaboration_member_add(collaboration=tenant, municipality=municipality)

    council = unit(
        tenant,
        UnitKind.POLITICAL_COUNCIL,
        "Regionrådet",
        purpose="Regionrådet är Umeåregionens politiska ledning.",
    )
    group = unit(
        tenant,
        UnitKind.CHIEF_EXECUTIVES_GROUP,
        "Kommunchefsgruppen",
        parent=council,
        purpose=PURPOSE,
    )
    contact(group, ContactKind.WEB, "https://www.umearegionen.se")

    # S3.3: the head of office and, on the same single-holder post, the acting head ("vik").
    secretariat = unit(tenant, UnitKind.SECRETARIAT, "Umeåregionens kansli", parent=group)
    head_of_office = post(secretariat, "Kanslichef", is_contact=True)
    lindberg = person(tenant, "Lisa A", "Lindberg")
    contact(lindberg, ContactKind.PHONE, "090-16 13 32", label="Kontor")
    contact(lindberg, ContactKind.MOBILE, "070-644 11 47")
    appoint(head_of_office, lindberg)
    sandlin = person(tenant, "Lena", "Sandlin")
    contact(sandlin, ContactKind.MOBILE, "070-336 01 13")
    appoint(head_of_office, sandlin, acting=True)

    # The members' records are kept by Umeåregionen, which publishes the list; Magnus Haglund's
    # is Örnsköldsvik's, the same person as that municipality's director (S3.3).
    chair = person(tenant, "Therese", "Berg")
    services.membership_create(
        group=group,
        actor=SYSTEM,
        role=MembershipRole.CHAIR,
        person=chair,
        on_behalf_of=municipalities["vindeln"],
    )
    services.membership_create(
        group=group,
        actor=SYSTEM,
        role=MembershipRole.MEMBER,
        person=ornskoldsvik_director,
        on_behalf_of=ornskoldsvik,
        sort_order=1,
    )
    for order, (first_name, last_name, slug) in enumerate(MEMBERS, start=2):
        services.membership_create(
            group=group,
            actor=SYSTEM,
            role=MembershipRole.MEMBER,
            person=person(tenant, first_name, last_name),
            on_behalf_of=municipalities[slug],
            sort_order=order,
        )

    return Loaded(tenant=tenant, municipalities=list(municipalities.values()), group=group)

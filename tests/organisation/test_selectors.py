"""What the registry answers for a date: trees, holders, seats and page contents."""

import datetime as dt

import pytest

from radhus.organisation import selectors, services
from radhus.organisation.models import MembershipRole, UnitKind
from tests.factories import PartyFactory, PersonFactory, PostFactory, TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def tenant():
    return TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")


def test_siblings_in_the_tree_follow_the_swedish_alphabet(tenant):
    top = UnitFactory(tenant=tenant, kind=UnitKind.ADMINISTRATION, name="Förvaltningen")
    for name in ["Östra enheten", "Ärendeenheten", "Åtgärdsenheten", "Zonenheten", "Ekonomi"]:
        UnitFactory(tenant=tenant, name=name, parent=top)
    children = selectors.tree_as_of(tenant, D(2024, 1, 1))[0].children
    assert [c.unit.name for c in children] == [
        "Ekonomi",
        "Zonenheten",
        "Åtgärdsenheten",
        "Ärendeenheten",
        "Östra enheten",
    ]


def test_units_outside_their_period_are_not_in_the_tree(tenant):
    UnitFactory(tenant=tenant, name="Gamla kontoret", ended=True)
    UnitFactory(tenant=tenant, name="Nya kontoret", valid_from=D(2009, 1, 1))
    assert [n.unit.name for n in selectors.tree_as_of(tenant, D(2008, 12, 31))] == ["Gamla kontoret"]
    assert [n.unit.name for n in selectors.tree_as_of(tenant, D(2009, 1, 1))] == ["Nya kontoret"]


def test_the_unit_page_names_the_responsible_body_with_its_chair_and_secretary(tenant):
    """S0.5: “Ansvarig politisk nämnd: Kommunstyrelsen, Per Nylén (S) Ordförande”."""
    ks = UnitFactory(tenant=tenant, board=True)
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningsförvaltningen", responsible_body=ks
    )
    chair = PersonFactory(tenant=tenant, first_name="Per", last_name="Nylén", party=PartyFactory())
    secretary_post = PostFactory(unit=ks, title="Sekreterare Kommunalråd")
    secretary = PersonFactory(tenant=tenant, first_name="Ann-Christin", last_name="Nordqvist")
    services.appointment_create(post=secretary_post, person=secretary, actor=None, valid_from=D(2019, 1, 1))
    services.membership_create(group=ks, actor=None, role=MembershipRole.CHAIR, person=chair)
    services.membership_create(group=ks, actor=None, role=MembershipRole.SECRETARY, post=secretary_post)
    page = selectors.unit_page(office, D(2024, 1, 1))
    assert page.body == ks
    assert page.body_chair.person.name_with_party == "Per Nylén (S)"
    assert (page.body_secretary.title, page.body_secretary.person) == ("Sekreterare Kommunalråd", secretary)


def test_the_public_page_leaves_out_what_is_not_public(tenant):
    office = UnitFactory(tenant=tenant)
    post = PostFactory(unit=office, title="Kommundirektör", contact=True)
    person = PersonFactory(tenant=tenant)
    services.appointment_create(post=post, person=person, actor=None, valid_from=D(2019, 1, 1))
    services.contact_point_add(owner=post, actor=None, kind="phone", value="0660-883 00")
    services.contact_point_add(
        owner=person, actor=None, kind="mobile", value="070-123 45 67", is_public=False
    )
    public = selectors.unit_page(office, D(2024, 1, 1))
    staff = selectors.unit_page(office, D(2024, 1, 1), public_only=False)
    assert [p.display for p in public.contacts[0].points] == ["0660-883 00"]
    assert [p.display for p in staff.contacts[0].points] == ["0660-883 00", "070-123 45 67"]


def test_a_protected_holder_is_not_named_on_the_public_page(tenant):
    office = UnitFactory(tenant=tenant)
    post = PostFactory(unit=office, title="Handläggare", contact=True)
    services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant, protected=True), actor=None, valid_from=D(2019, 1, 1)
    )
    card = selectors.unit_page(office, D(2024, 1, 1)).contacts[0]
    assert (card.title, card.person) == ("Handläggare", None)


def test_seats_are_listed_chair_first(tenant):
    group = UnitFactory(tenant=tenant, kind=UnitKind.CHIEF_EXECUTIVES_GROUP)
    member = PersonFactory(tenant=tenant, last_name="Medlem")
    chair = PersonFactory(tenant=tenant, last_name="Ordförande")
    attendee = PersonFactory(tenant=tenant, last_name="Gäst")
    services.membership_create(
        group=group, actor=None, role=MembershipRole.OPTIONAL_ATTENDEE, person=attendee
    )
    services.membership_create(group=group, actor=None, role=MembershipRole.MEMBER, person=member)
    services.membership_create(group=group, actor=None, role=MembershipRole.CHAIR, person=chair)
    assert [s.person for s in selectors.members_on(group, D(2024, 1, 1))] == [chair, member, attendee]


def test_a_person_page_leaves_out_ended_posts(tenant):
    person = PersonFactory(tenant=tenant)
    old = PostFactory(unit__tenant=tenant, title="Ekonomichef")
    new = PostFactory(unit__tenant=tenant, title="Biträdande kommunchef")
    services.appointment_create(
        post=old, person=person, actor=None, valid_from=D(2000, 1, 1), valid_to=D(2008, 12, 31)
    )
    services.appointment_create(post=new, person=person, actor=None, valid_from=D(2009, 1, 1))
    assert [r.title for r in selectors.person_roles(person, D(2008, 12, 31))] == ["Ekonomichef"]
    assert [r.title for r in selectors.person_roles(person, D(2009, 1, 1))] == ["Biträdande kommunchef"]

"""The services refuse a person of another organisation in an appointment or a seat, for the
callers that do not resolve their ids through ``radhus.core.lookup`` (defence in depth,
issue 6 item 2); a collaboration seats another municipality's people only by the rule of
S3.3 (``lookup.seat_people``)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from radhus.core.models import Tenant
from radhus.organisation import services
from radhus.organisation.models import Appointment, Membership, MembershipRole, UnitKind
from tests.factories import PersonFactory, TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ovik() -> Tenant:
    return TenantFactory(slug="ornskoldsvik")


@pytest.fixture
def hlm() -> Tenant:
    return TenantFactory(slug="hassleholm")


def test_an_appointment_refuses_a_person_of_another_organisation(ovik, hlm):
    post = services.post_create(unit=UnitFactory(tenant=ovik), actor=None, title="Kommundirektör")
    stranger = PersonFactory(tenant=hlm)
    with pytest.raises(ValidationError) as caught:
        services.appointment_create(post=post, person=stranger, actor=None, valid_from=dt.date(2024, 1, 1))
    assert set(caught.value.message_dict) == {"person"}
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("on_behalf", [False, True])
def test_a_municipalitys_seat_refuses_a_person_of_another_organisation(ovik, hlm, on_behalf):
    group = UnitFactory(tenant=ovik, kind=UnitKind.MANAGEMENT_TEAM)
    with pytest.raises(ValidationError) as caught:
        services.membership_create(
            group=group,
            actor=None,
            role=MembershipRole.MEMBER,
            person=PersonFactory(tenant=hlm),
            on_behalf_of=hlm if on_behalf else None,
        )
    assert set(caught.value.message_dict) == {"person"}
    assert not Membership.objects.exists()


def test_a_collaborations_seat_takes_a_public_person_of_the_municipality_it_is_held_for(hlm):
    """S3.3: the Örnsköldsvik director sits in Umeåregionen's chief executives' group, on
    behalf of Örnsköldsvik; a protected person, or one seated for someone else, is refused."""
    umea = TenantFactory(slug="umearegionen", kind=Tenant.Kind.COLLABORATION)
    ovik = TenantFactory(slug="ornskoldsvik")
    group = UnitFactory(tenant=umea, kind=UnitKind.MANAGEMENT_TEAM)
    director = PersonFactory(tenant=ovik)
    seat = services.membership_create(
        group=group, actor=None, role=MembershipRole.MEMBER, person=director, on_behalf_of=ovik
    )
    assert seat.person == director

    for person, on_behalf_of in (
        (PersonFactory(tenant=ovik, protected=True), ovik),
        (director, hlm),
        (director, None),
    ):
        with pytest.raises(ValidationError):
            services.membership_create(
                group=group, actor=None, role=MembershipRole.MEMBER, person=person, on_behalf_of=on_behalf_of
            )
    assert Membership.objects.count() == 1

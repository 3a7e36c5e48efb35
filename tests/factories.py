"""Factories with traits for tests. They build through the ORM directly; rules are tested by
calling the services."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.test import Client

from radhus.core.models import Role, Tenant, TenantRole
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    Membership,
    Party,
    Person,
    Post,
    Unit,
    UnitKind,
)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    kind = Tenant.Kind.MUNICIPALITY

    class Params:
        collaboration = factory.Trait(kind=Tenant.Kind.COLLABORATION)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("lösenord-123")


class TenantRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenantRole

    user = factory.SubFactory(UserFactory)
    tenant = factory.SubFactory(TenantFactory)
    role = Role.EDITOR


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("abbreviation",)

    abbreviation = "S"
    name = "Socialdemokraterna"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    tenant = factory.SubFactory(TenantFactory)
    kind = UnitKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Avdelning {n}")
    slug = factory.Sequence(lambda n: f"avdelning-{n}")

    class Params:
        ended = factory.Trait(valid_from=dt.date(2000, 1, 1), valid_to=dt.date(2008, 12, 31))
        board = factory.Trait(kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen", short_name="KS")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    tenant = factory.SubFactory(TenantFactory)
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")

    class Params:
        protected = factory.Trait(is_public=False)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(UnitFactory)
    tenant = factory.SelfAttribute("unit.tenant")
    title = factory.Sequence(lambda n: f"Chef {n}")

    class Params:
        shared = factory.Trait(single_holder=False)
        contact = factory.Trait(is_contact=True)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory, tenant=factory.SelfAttribute("..post.tenant"))
    valid_from = dt.date(2020, 1, 1)

    class Params:
        is_acting = factory.Trait(acting=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(UnitFactory, kind=UnitKind.MANAGEMENT_TEAM)
    person = factory.SubFactory(PersonFactory, tenant=factory.SelfAttribute("..group.tenant"))


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    kind = "phone"
    value = "+4666088300"


def client_for(user: object | None) -> Client:
    """A test client logged in as ``user`` (anonymous for ``None``)."""
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client

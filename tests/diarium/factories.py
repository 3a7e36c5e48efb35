"""Factories for the case register, with traits. They build through the ORM directly; rules
are tested by calling the services."""

import datetime as dt

import factory

from radhus.diarium.models import Case, Direction, Record, Series, Status
from tests.factories import TenantFactory, UnitFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    tenant = factory.SubFactory(TenantFactory)
    body = factory.SubFactory(UnitFactory, tenant=factory.SelfAttribute("..tenant"), board=True)
    code = "KS"
    name = "Kommunstyrelsen"


class CaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the database (numbers from the sequence, not a counter)."""

    class Meta:
        model = Case

    series = factory.SubFactory(SeriesFactory)
    tenant = factory.SelfAttribute("series.tenant")
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.series.code} {o.year}/{o.sequence}")
    title = factory.Sequence(lambda n: f"Ärende {n}")
    opened_on = dt.date(2026, 1, 15)

    class Params:
        closed = factory.Trait(
            status=Status.CLOSED, decided_on=dt.date(2026, 2, 1), closed_on=dt.date(2026, 3, 1)
        )
        ready = factory.Trait(status=Status.READY)


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    case = factory.SubFactory(CaseFactory)
    tenant = factory.SelfAttribute("case.tenant")
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.case.number}-{o.sequence}")
    direction = Direction.DRAWN_UP
    title = factory.Sequence(lambda n: f"Handling {n}")
    registered_on = dt.date(2026, 1, 15)

"""Swedish alphabetical order, in Python and in the database (SQLite and PostgreSQL alike).

Swedish puts Å, Ä, Ö after Z, in that order; a byte order puts Ä before Å and every lowercase
letter or accented letter after Z. These tests use names where the two orders differ, so each
one fails if the database sorts by bytes.
"""

import random

import pytest

from radhus.core.collation import swedish_sort_key
from radhus.core.models import Tenant
from radhus.organisation.models import Person, Post, Unit
from tests.factories import PersonFactory, PostFactory, TenantFactory, UnitFactory

PLACES = ["Ystad", "Zinkgruvan", "Åre", "Älmhult", "Örebro"]
TOWNS = ["Vaxholm", "Vårgårda", "Vännäs", "Västerås", "Växjö", "Wien", "Ödeshög"]
SURNAMES = [
    "Dahl",
    "de Geer",
    "Eda",
    "Éric",
    "Eriksson",
    "Falun",
    "Müller",
    "Myrén",
    "Persson",
    "von Platen",
    "Åberg",
    "Ängström",
    "Ærø",
    "Øresund",
    "Östlund",
]


def shuffled(names: list[str]) -> list[str]:
    names = list(names)
    random.Random(4).shuffle(names)
    assert names != sorted(names, key=swedish_sort_key)
    return names


@pytest.mark.parametrize("names", [PLACES, TOWNS, SURNAMES])
def test_swedish_sort_key_orders_as_a_swedish_dictionary(names):
    assert sorted(names) != names, "byte order must differ, or the test proves nothing"
    assert sorted(shuffled(names), key=swedish_sort_key) == names


def test_swedish_sort_key_puts_a_ring_before_a_diaeresis_unlike_byte_order():
    assert sorted(["Älmhult", "Åre"]) == ["Älmhult", "Åre"]  # what a byte order does
    assert sorted(["Älmhult", "Åre"], key=swedish_sort_key) == ["Åre", "Älmhult"]


def test_swedish_sort_key_ignores_case_and_sorts_accents_with_their_letter():
    assert swedish_sort_key("ÖREBRO") == swedish_sort_key("örebro")
    assert swedish_sort_key("Éric") == swedish_sort_key("Eric")
    assert sorted(["Myrén", "Müller"], key=swedish_sort_key) == ["Müller", "Myrén"]


@pytest.mark.django_db
def test_units_ordered_by_name_in_the_database_put_a_ring_a_diaeresis_o_diaeresis_after_z():
    tenant = TenantFactory()
    for name in shuffled(PLACES + TOWNS):
        UnitFactory(tenant=tenant, name=f"{name}kontoret")

    names = list(Unit.objects.filter(tenant=tenant).order_by("name").values_list("name", flat=True))

    assert names == [f"{name}kontoret" for name in sorted(PLACES + TOWNS, key=swedish_sort_key)]
    assert names.index("Ystadkontoret") < names.index("Årekontoret")
    assert names.index("Årekontoret") < names.index("Älmhultkontoret")
    assert names.index("Älmhultkontoret") < names.index("Örebrokontoret")
    assert names.index("Vårgårdakontoret") < names.index("Vännäskontoret") < names.index("Västeråskontoret")


@pytest.mark.django_db
def test_people_ordered_by_surname_in_the_database_follow_swedish_order():
    tenant = TenantFactory()
    for surname in shuffled(SURNAMES):
        PersonFactory(tenant=tenant, first_name="Anna", last_name=surname)

    surnames = list(
        Person.objects.filter(tenant=tenant)
        .order_by("last_name", "first_name")
        .values_list("last_name", flat=True)
    )

    assert surnames == SURNAMES


@pytest.mark.django_db
def test_default_ordering_of_people_and_organisations_is_swedish():
    """Models ordered by name without an explicit order_by sort Swedish too."""
    tenant = TenantFactory()
    for surname in shuffled(["Ystad", "Åberg", "Östlund", "Älv", "Zetterberg"]):
        PersonFactory(tenant=tenant, first_name="Per", last_name=surname)
    for number, name in enumerate(shuffled(PLACES)):
        TenantFactory(name=f"{name} kommun", slug=f"ort-{number}")

    assert [p.last_name for p in Person.objects.filter(tenant=tenant)] == [
        "Ystad",
        "Zetterberg",
        "Åberg",
        "Älv",
        "Östlund",
    ]
    tenants = [t.name for t in Tenant.objects.filter(name__endswith=" kommun")]
    assert tenants == [f"{name} kommun" for name in PLACES]


@pytest.mark.django_db
def test_post_titles_sort_swedish_in_the_database():
    unit = UnitFactory()
    for title in shuffled(["Chef", "Ärendehandläggare", "Åklagare", "Översättare", "Zonansvarig"]):
        PostFactory(unit=unit, title=title)

    titles = list(Post.objects.filter(unit=unit).order_by("title").values_list("title", flat=True))

    assert titles == ["Chef", "Zonansvarig", "Åklagare", "Ärendehandläggare", "Översättare"]

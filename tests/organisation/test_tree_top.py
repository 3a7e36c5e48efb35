"""The start page's top levels and a unit's sub-units, read without building the whole tree
(issue 7): the same output as drawing from ``tree_as_of``, on every date."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from radhus.core.models import Tenant
from radhus.organisation import selectors, services
from radhus.organisation.models import Reorganisation, Unit, UnitKind
from radhus.organisation.templatetags.public_pages import unit_tree
from radhus.organisation.views import TREE_BUDGET
from tests.factories import TenantFactory

D = dt.date


def levels_of_whole_tree(forest: list[selectors.TreeNode], budget: int) -> int | None:
    """How the start page chose its levels from the whole tree before issue 7's change: whole
    levels from the top while they fit in ``budget`` (at least one); None when all fit."""
    levels, shown, level = 0, 0, forest
    while level:
        if levels and shown + len(level) > budget:
            return levels
        shown += len(level)
        levels += 1
        level = [child for node in level for child in node.children]
    return None


def drawn_from_whole_tree(tenant: Tenant, on: dt.date, budget: int) -> str:
    forest = selectors.tree_as_of(tenant, on)
    return str(unit_tree(forest, tenant, "?datum=x", levels_of_whole_tree(forest, budget)))


def drawn_from_top(tenant: Tenant, on: dt.date, budget: int) -> str:
    tree = selectors.tree_top_as_of(tenant, on, budget)
    return str(unit_tree(tree.forest, tenant, "?datum=x", tree.levels))


def sample_dates() -> list[dt.date]:
    """New Year of every year the demo spans, and both sides of every reorganisation."""
    dates = {D(year, 1, 1) for year in range(2005, 2028)}
    for effective in Reorganisation.objects.values_list("effective_date", flat=True):
        dates |= {effective - dt.timedelta(days=1), effective}
    return sorted(dates)


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded: None, db) -> None:
    """The seed organisations, loaded once for this module."""


@pytest.mark.django_db
def test_the_top_levels_are_drawn_as_from_the_whole_tree_for_the_demo(demo):
    tenants = list(Tenant.objects.all())
    assert tenants and Reorganisation.objects.exists(), "the demo has organisations and reorganisations"
    partial = 0
    for tenant in tenants:
        for on in sample_dates():
            for budget in (TREE_BUDGET, 12, 3):
                expected = drawn_from_whole_tree(tenant, on, budget)
                assert drawn_from_top(tenant, on, budget) == expected, (tenant.slug, on, budget)
                partial += "tree-on-demand" in expected
    assert partial, "some of the comparisons drew a partial tree"


@pytest.mark.django_db
def test_the_sub_units_of_every_unit_are_drawn_as_from_the_whole_tree_for_the_demo(demo):
    compared = 0
    for tenant in Tenant.objects.all():
        units = list(Unit.objects.filter(tenant=tenant))
        for on in sample_dates()[::3]:
            forest = selectors.tree_as_of(tenant, on)
            for unit in units:
                node = selectors.find_node(forest, unit.pk)
                children = selectors.children_as_nodes(unit, on)
                if node is None:
                    assert children is None, (unit.name, on)
                    continue
                assert children is not None, (unit.name, on)
                expected = str(unit_tree(node.children, tenant, "", 1))
                assert str(unit_tree(children, tenant, "", 1)) == expected, (unit.name, on)
                compared += bool(node.children)
    assert compared > 20


@pytest.fixture
def reorganised():
    """Two departments; a section moves from the first to the second in 2020 and is renamed
    then; a group under the section; and a unit under the first that only starts in 2022."""
    tenant = TenantFactory(slug="kommunen")

    def unit(name: str, parent: Unit | None = None, **fields) -> Unit:
        return services.unit_create(
            tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name=name, parent=parent, **fields
        )

    office = unit("Förvaltningen", valid_from=D(2000, 1, 1))
    first = unit("Första avdelningen", office)
    second = unit("Andra avdelningen", office)
    section = unit("Sektionen", first)
    unit("Gruppen", section)
    unit("Gruppen två", section)
    unit("Ny enhet", first, valid_from=D(2022, 1, 1))
    services.reorganisation_move(unit=section, actor=None, effective_date=D(2020, 1, 1), parent=second)
    services.reorganisation_rename(
        unit=Unit.objects.get(pk=section.pk), actor=None, effective_date=D(2020, 1, 1), name="Nya sektionen"
    )
    return {"tenant": tenant, "office": office, "first": first, "second": second, "section": section}


def names_and_counts(nodes: list[selectors.TreeNode] | None) -> list[tuple[str, int]]:
    assert nodes is not None
    return [(node.unit.name, node.size) for node in nodes]


@pytest.mark.django_db
def test_the_sub_units_of_a_unit_follow_a_reorganisation(reorganised):
    first, second = reorganised["first"], reorganised["second"]
    assert names_and_counts(selectors.children_as_nodes(first, D(2019, 6, 1))) == [("Sektionen", 2)]
    assert names_and_counts(selectors.children_as_nodes(second, D(2019, 6, 1))) == []
    assert names_and_counts(selectors.children_as_nodes(first, D(2020, 6, 1))) == []
    assert names_and_counts(selectors.children_as_nodes(second, D(2020, 6, 1))) == [("Nya sektionen", 2)]
    assert names_and_counts(selectors.children_as_nodes(first, D(2023, 1, 1))) == [("Ny enhet", 0)]
    assert names_and_counts(selectors.children_as_nodes(reorganised["office"], D(2019, 6, 1))) == [
        ("Andra avdelningen", 0),
        ("Första avdelningen", 1),
    ]
    assert selectors.children_as_nodes(reorganised["office"], D(1999, 6, 1)) is None


@pytest.mark.django_db
def test_the_top_levels_follow_a_reorganisation(reorganised):
    tenant = reorganised["tenant"]
    for on in (D(2019, 6, 1), D(2020, 6, 1), D(2023, 1, 1)):
        for budget in (1, 3, 5, 100):
            assert drawn_from_top(tenant, on, budget) == drawn_from_whole_tree(tenant, on, budget), (
                on,
                budget,
            )
    before = selectors.tree_top_as_of(tenant, D(2019, 6, 1), 3)
    assert before.levels == 2
    (office,) = before.forest
    assert [(n.unit.name, n.size) for n in office.children] == [
        ("Andra avdelningen", 0),
        ("Första avdelningen", 1),
    ]
    assert selectors.tree_top_as_of(tenant, D(2019, 6, 1), 100).levels is None


@pytest.mark.django_db
def test_reading_the_top_levels_takes_the_same_queries_whatever_the_size(
    reorganised, django_assert_num_queries
):
    tenant = reorganised["tenant"]
    with django_assert_num_queries(3):
        selectors.tree_top_as_of(tenant, D(2019, 6, 1), 3)
    with django_assert_num_queries(3):
        selectors.children_as_nodes(reorganised["first"], D(2019, 6, 1))
    for i in range(30):
        services.unit_create(
            tenant=tenant, actor=None, kind=UnitKind.UNIT, name=f"Enhet {i}", parent=reorganised["second"]
        )
    with django_assert_num_queries(3):
        selectors.tree_top_as_of(tenant, D(2019, 6, 1), 3)
    with django_assert_num_queries(3):
        selectors.children_as_nodes(reorganised["second"], D(2023, 1, 1))

"""Rules over time that must hold on every date, not only today (issue 6, items 1 and 3):
no unit under itself and no post reporting to itself, one holder at a time on a single-holder
post, and every holder within the post's period. Pages walk the tree safely even when bad
data got in around the services."""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from radhus.core.models import AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import directory, selectors, services
from radhus.organisation.models import Appointment, Post, Reorganisation, Unit, UnitChange, UnitKind
from tests.factories import (
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date


@contextmanager
def no_endless_loop(seconds: int = 60) -> Iterator[None]:
    """Fail, instead of hanging the run, if the block never returns (a walk round a cycle)."""

    def stop(_signum: int, _frame: Any) -> None:
        raise AssertionError("the request never returned: a walk went round a cycle")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def tree():
    """Kommunstyrelsen ← Förvaltningen (A) ← Avdelningen (B), since 2000."""
    tenant = TenantFactory(slug="cykelby", name="Cykelby kommun")
    board = UnitFactory(tenant=tenant, board=True, slug="ks", valid_from=D(2000, 1, 1))
    a = UnitFactory(
        tenant=tenant, kind=UnitKind.ADMINISTRATION, name="Förvaltningen", slug="forvaltningen", parent=board
    )
    b = UnitFactory(tenant=tenant, name="Avdelningen", slug="avdelningen", parent=a)
    return {"tenant": tenant, "board": board, "a": a, "b": b}


def keyed(tenant: Any) -> dict[str, str]:
    user = TenantRoleFactory(tenant=tenant, role=Role.EDITOR).user
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


# 1. No unit under itself on any date ----------------------------------------------------------


def test_a_move_that_would_put_a_unit_under_itself_on_an_earlier_date_is_refused(tree):
    """The issue's case: B to the top level from 2030, then A (B's parent) under B from 2027.
    Between 2027 and 2029 A and B would each be the other's parent."""
    a, b = tree["a"], tree["b"]
    services.reorganisation_move(unit=b, actor=None, effective_date=D(2030, 1, 1), parent=None)
    with pytest.raises(ValidationError) as refused:
        services.reorganisation_move(unit=a, actor=None, effective_date=D(2027, 1, 1), parent=b)
    assert refused.value.error_dict["parent"][0].code == "cycle"
    assert "2029-12-31" in str(refused.value)
    a.refresh_from_db()
    assert a.parent == tree["board"]
    assert Reorganisation.objects.filter(tenant=tree["tenant"]).count() == 1
    for year in (2026, 2028, 2031):
        assert not has_cycle(raw_parents_as_of(tree["tenant"], D(year, 6, 1)))


def test_a_move_after_the_cycle_would_end_is_accepted(tree):
    """Once B has left A (2030), A may go under B from that date on."""
    a, b = tree["a"], tree["b"]
    services.reorganisation_move(unit=b, actor=None, effective_date=D(2030, 1, 1), parent=None)
    services.reorganisation_move(unit=a, actor=None, effective_date=D(2031, 1, 1), parent=b)
    assert selectors.units_as_of(tree["tenant"], D(2031, 6, 1))[a.pk].parent_id == b.pk
    assert selectors.units_as_of(tree["tenant"], D(2029, 6, 1))[b.pk].parent_id == a.pk


def test_a_parent_correction_through_the_api_that_makes_a_cycle_in_the_past_is_refused(client, tree):
    """A correction sets the parent for every date with no move; B was under A until 2029."""
    a, b = tree["a"], tree["b"]
    services.reorganisation_move(unit=b, actor=None, effective_date=D(2030, 1, 1), parent=None)
    response = client.patch(
        f"/api/v1/units/{a.pk}", {"parent_id": b.pk}, content_type="application/json", **keyed(tree["tenant"])
    )
    assert response.status_code == 400, response.content
    assert "parent_id" in response.json()["errors"]
    a.refresh_from_db()
    assert a.parent == tree["board"]
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_a_post_cannot_report_to_a_post_below_it(tree):
    director = PostFactory(unit=tree["a"], title="Förvaltningschef")
    head = PostFactory(unit=tree["b"], title="Avdelningschef", reports_to=director)
    with pytest.raises(ValidationError) as refused:
        services.post_update(post=director, actor=None, reports_to=head)
    assert refused.value.error_dict["reports_to"][0].code == "cycle"
    director.refresh_from_db()
    assert director.reports_to is None


def raw_parents_as_of(tenant: Any, on: dt.date) -> dict[int, int | None]:
    """Parents on ``on`` as stored, before any walk repairs them."""
    units = {u.pk: u for u in Unit.objects.filter(tenant=tenant)}
    selectors._apply_changes_before(units, tenant, on)
    return {pk: u.parent_id for pk, u in units.items()}


def has_cycle(parents: dict[int, int | None]) -> bool:
    for start in parents:
        seen, node = set(), parents[start]
        while node is not None and node not in seen:
            if node == start:
                return True
            seen.add(node)
            node = parents.get(node)
    return False


changes = st.lists(
    st.tuples(
        st.sampled_from(["move", "correct"]),
        st.integers(0, 2),
        st.one_of(st.none(), st.integers(0, 2)),
        st.integers(2021, 2025),
    ),
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=changes)
@example(steps=[("move", 1, 0, 2021), ("move", 1, None, 2025), ("move", 0, 1, 2023)])
@example(steps=[("move", 1, 0, 2021), ("move", 1, None, 2025), ("correct", 0, 1, 2021)])
def test_no_sequence_of_moves_and_corrections_puts_a_unit_under_itself_on_any_date(steps):
    tenant = TenantFactory()
    units = [UnitFactory(tenant=tenant, valid_from=D(2000, 1, 1)) for _ in range(3)]
    for kind, moved, under, year in steps:
        parent = None if under is None else units[under]
        unit = Unit.objects.get(pk=units[moved].pk)
        try:
            if kind == "move":
                services.reorganisation_move(
                    unit=unit, actor=None, effective_date=D(year, 1, 1), parent=parent
                )
            else:
                services.unit_update(unit=unit, actor=None, parent=parent)
        except ValidationError:
            pass
    for year in range(2020, 2027):
        for on in (D(year, 1, 1), D(year, 12, 31)):
            assert not has_cycle(raw_parents_as_of(tenant, on)), on


@pytest.fixture(params=["today", "in time"])
def cycle(request, tree) -> dt.date:
    """Bad data written around the services: A and B each other's parent, either in the rows
    themselves or, as in the issue, by a move dated before another (A under B from 2027, B
    under A until 2029). Returns a date on which the cycle holds."""
    a, b = tree["a"], tree["b"]
    if request.param == "today":
        Unit.objects.filter(pk=a.pk).update(parent=b)
        return D(2028, 6, 1)
    services.reorganisation_move(unit=b, actor=None, effective_date=D(2030, 1, 1), parent=None)
    move = Reorganisation.objects.create(
        tenant=tree["tenant"], kind="move", title="A under B", effective_date=D(2027, 1, 1)
    )
    UnitChange.objects.create(
        reorganisation=move, unit=a, field=UnitChange.Field.PARENT, old_parent=tree["board"], new_parent=b
    )
    Unit.objects.filter(pk=a.pk).update(parent=b)
    return D(2028, 6, 1)


def test_every_page_answers_when_bad_data_put_two_units_under_each_other(client, tree, cycle):
    staff = TenantRoleFactory(tenant=tree["tenant"], role=Role.READER).user
    on = f"datum={cycle.isoformat()}"
    addresses = [
        f"/cykelby/?{on}",
        f"/cykelby/enhet/forvaltningen/?{on}",
        f"/cykelby/enhet/avdelningen/?{on}",
        f"/cykelby/enhet/forvaltningen/kontakter.csv?{on}",
        f"/cykelby/enhet/forvaltningen/kontakter.xlsx?{on}",
        f"/cykelby/enhet/forvaltningen/schema/?{on}",
        f"/cykelby/enhet/forvaltningen/schema.svg?{on}",
        f"/api/v1/units?tenant=cykelby&as_of={cycle.isoformat()}",
        f"/api/v1/units/{tree['a'].pk}?as_of={cycle.isoformat()}",
    ]
    with no_endless_loop():
        for address in addresses:
            assert client.get(address).status_code == 200, address
        client.force_login(staff)
        assert client.get(f"/cykelby/redigera/?{on}").status_code == 200


def test_a_tree_with_bad_data_in_a_cycle_shows_each_unit_once(tree, cycle):
    for unit in (tree["a"], tree["b"]):
        PostFactory(unit=unit, title=f"Chef för {unit.name}")
    with no_endless_loop():
        names = sorted(u.name for u in selectors.units_as_of(tree["tenant"], cycle).values())
        crumbs = selectors.ancestors_as_of(tree["a"], cycle)
        forest = selectors.tree_as_of(tree["tenant"], cycle)
        listed = [row.unit for row in directory.unit_directory(tree["a"], cycle)]
    assert names == ["Avdelningen", "Förvaltningen", "Kommunstyrelsen"]
    assert len(crumbs) <= 2
    shown: list[str] = []
    stack = list(forest)
    while stack:
        node = stack.pop()
        shown.append(node.unit.name)
        stack.extend(node.children)
    assert sorted(shown) == names
    assert sorted(listed) == ["Avdelningen", "Förvaltningen"]


# 3. One holder at a time, within the post's period ---------------------------------------------


@pytest.fixture
def post():
    """A single-holder post since 2020: A holds it from 2020 to 2020-12-31, B from 2021."""
    unit = UnitFactory(valid_from=D(2000, 1, 1))
    post = PostFactory(unit=unit, title="Kommundirektör", valid_from=D(2020, 1, 1))
    first = services.appointment_create(
        post=post, person=PersonFactory(tenant=unit.tenant), actor=None, valid_from=D(2020, 1, 1)
    )
    services.appointment_end(appointment=first, actor=None, valid_to=D(2020, 12, 31))
    second = services.appointment_create(
        post=post, person=PersonFactory(tenant=unit.tenant), actor=None, valid_from=D(2021, 1, 1)
    )
    return {"post": post, "first": first, "second": second}


def test_ending_a_holder_after_the_next_one_began_is_refused(post):
    with pytest.raises(ValidationError) as refused:
        services.appointment_end(appointment=post["first"], actor=None, valid_to=D(2030, 12, 31))
    assert refused.value.error_dict["valid_to"][0].code == "overlapping_holder"
    post["first"].refresh_from_db()
    assert post["first"].valid_to == D(2020, 12, 31)


def test_ending_a_holder_through_the_api_after_the_next_one_began_is_refused(client, post):
    response = client.patch(
        f"/api/v1/appointments/{post['first'].pk}",
        {"valid_to": "2030-12-31"},
        content_type="application/json",
        **keyed(post["post"].tenant),
    )
    assert response.status_code == 400, response.content
    assert "valid_to" in response.json()["errors"]
    assert len(selectors.holders_on(post["post"], D(2025, 6, 1))) == 1


def test_a_post_with_two_overlapping_holders_cannot_be_made_single_holder():
    shared = PostFactory(shared=True, title="Förvaltningschef", valid_from=D(2020, 1, 1))
    for _ in range(2):
        services.appointment_create(
            post=shared, person=PersonFactory(tenant=shared.tenant), actor=None, valid_from=D(2020, 1, 1)
        )
    with pytest.raises(ValidationError) as refused:
        services.post_update(post=shared, actor=None, single_holder=True)
    assert refused.value.error_dict["single_holder"][0].code == "overlapping_holder"
    shared.refresh_from_db()
    assert shared.single_holder is False


def test_a_post_cannot_end_before_its_holder_does(post):
    with pytest.raises(ValidationError) as refused:
        services.post_update(post=post["post"], actor=None, valid_to=D(2024, 12, 31))
    assert refused.value.error_dict["valid_to"][0].code == "outside_post"


def test_a_post_cannot_begin_after_its_first_holder_did(post):
    with pytest.raises(ValidationError) as refused:
        services.post_update(post=post["post"], actor=None, valid_from=D(2021, 1, 1))
    assert refused.value.error_dict["valid_from"][0].code == "outside_post"


def test_an_appointment_cannot_be_extended_beyond_its_post():
    post = PostFactory(valid_from=D(2020, 1, 1), valid_to=D(2025, 12, 31))
    holder = services.appointment_create(
        post=post,
        person=PersonFactory(tenant=post.tenant),
        actor=None,
        valid_from=D(2020, 1, 1),
        valid_to=D(2024, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        services.appointment_end(appointment=holder, actor=None, valid_to=D(2027, 12, 31))
    assert refused.value.error_dict["valid_to"][0].code == "outside_post"


def test_an_acting_holder_may_still_stand_beside_the_holder(post):
    """S3.3: an acting head of office (vik.) beside the head of office."""
    services.appointment_create(
        post=post["post"],
        person=PersonFactory(tenant=post["post"].tenant),
        actor=None,
        valid_from=D(2022, 1, 1),
        valid_to=D(2022, 6, 30),
        acting=True,
    )
    assert [a.acting for a in selectors.holders_on(post["post"], D(2022, 3, 1))] == [False, True]


def test_dissolving_a_unit_whose_holder_begins_after_the_date_is_refused_with_an_error():
    unit = UnitFactory(valid_from=D(2000, 1, 1))
    post = PostFactory(unit=unit, valid_from=D(2000, 1, 1))
    services.appointment_create(
        post=post, person=PersonFactory(tenant=unit.tenant), actor=None, valid_from=D(2030, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.reorganisation_dissolve(
            unit=unit, actor=None, effective_date=D(2026, 1, 1), title="Avveckling"
        )
    assert refused.value.error_list[0].code == "begins_after_end"
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_a_change_of_single_holder_is_copied_to_the_appointments(post):
    services.post_update(post=post["post"], actor=None, single_holder=False)
    assert set(Appointment.objects.filter(post=post["post"]).values_list("single_holder", flat=True)) == {
        False
    }


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL")
def test_the_database_refuses_two_overlapping_holders_of_a_single_holder_post(post):
    """Rows written around the services still cannot break the rule."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            post=post["post"], person=PersonFactory(tenant=post["post"].tenant), valid_from=D(2025, 1, 1)
        )
    shared = PostFactory(shared=True)
    for _ in range(2):
        Appointment.objects.create(post=shared, person=PersonFactory(tenant=shared.tenant))
    assert shared.appointments.count() == 2


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL")
def test_the_database_refuses_making_a_post_with_two_holders_single_holder_behind_the_services():
    shared = PostFactory(shared=True)
    for _ in range(2):
        Appointment.objects.create(post=shared, person=PersonFactory(tenant=shared.tenant))
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=shared.pk).update(single_holder=True)
    single = PostFactory()
    Appointment.objects.create(post=single, person=PersonFactory(tenant=single.tenant))
    Post.objects.filter(pk=single.pk).update(single_holder=False)
    assert list(single.appointments.values_list("single_holder", flat=True)) == [False]

"""Writers at once (issue 6, item 4): 32 editors' requests at the same moment, through the real
HTTP stack of the API where it has the write, each on its own database connection. Every
answer is 2xx or 4xx (never a 500, never "database is locked"), the rule holds in the database
afterwards, and there is one audit event per change. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import Client

from radhus.core.models import AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import Appointment, Person, Post, Reorganisation, Unit
from tests.factories import PersonFactory, PostFactory, TenantFactory, TenantRoleFactory, UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 32
T = TypeVar("T")


def at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run every call in its own thread, all released at the same moment."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        try:
            start.wait()
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def world() -> dict[str, Any]:
    tenant = TenantFactory(slug="samtidiga", name="Samtidiga kommun")
    user = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username="redaktor").user
    _token, key = token_create(user=user)
    board = UnitFactory(tenant=tenant, board=True, slug="ks", valid_from=dt.date(2000, 1, 1))
    return {"tenant": tenant, "board": board, "headers": {"HTTP_AUTHORIZATION": f"Bearer {key}"}}


def send(method: str, url: str, data: dict[str, Any], headers: dict[str, str]) -> Callable[[], int]:
    def call() -> int:
        client = Client(raise_request_exception=False)
        response = getattr(client, method)(url, data, content_type="application/json", **headers)
        return response.status_code

    return call


def assert_every_answer_is_2xx_or_4xx(statuses: list[int]) -> None:
    assert all(200 <= s < 500 for s in statuses), Counter(statuses)


def test_32_editors_appointing_to_one_single_holder_post_at_once_give_one_holder(world):
    post = PostFactory(unit=world["board"], title="Kommundirektör")
    people = [PersonFactory(tenant=world["tenant"]) for _ in range(WRITERS)]
    statuses = at_once(
        [
            send(
                "post",
                "/api/v1/appointments",
                {"post_id": post.pk, "person_id": person.pk, "valid_from": "2024-01-01"},
                world["headers"],
            )
            for person in people
        ]
    )
    assert_every_answer_is_2xx_or_4xx(statuses)
    assert Counter(statuses) == {201: 1, 400: WRITERS - 1}
    assert Appointment.objects.filter(post=post).count() == 1
    assert AuditEvent.objects.filter(action="appointment.create").count() == 1


def test_32_people_added_at_once_with_one_name_each_get_their_own_address(world):
    statuses = at_once(
        [
            send(
                "post",
                "/api/v1/people",
                {"tenant": "samtidiga", "first_name": "Anna", "last_name": "Åberg"},
                world["headers"],
            )
            for _ in range(WRITERS)
        ]
    )
    assert_every_answer_is_2xx_or_4xx(statuses)
    assert statuses == [201] * WRITERS
    slugs = list(Person.objects.filter(tenant=world["tenant"]).values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == WRITERS
    assert AuditEvent.objects.filter(action="person.create").count() == WRITERS


def test_concurrent_parent_changes_never_put_two_units_under_each_other(world):
    a = UnitFactory(tenant=world["tenant"], slug="a", parent=world["board"])
    b = UnitFactory(tenant=world["tenant"], slug="b", parent=world["board"])
    calls = [
        send("patch", f"/api/v1/units/{moved.pk}", {"parent_id": under.pk}, world["headers"])
        for _ in range(WRITERS // 2)
        for moved, under in ((a, b), (b, a))
    ]
    statuses = at_once(calls)
    assert_every_answer_is_2xx_or_4xx(statuses)
    a.refresh_from_db()
    b.refresh_from_db()
    assert not (a.parent_id == b.pk and b.parent_id == a.pk)
    assert (a.parent_id == b.pk) != (b.parent_id == a.pk)
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_concurrent_reports_to_changes_never_make_two_posts_report_to_each_other(world):
    first = PostFactory(unit=world["board"])
    second = PostFactory(unit=world["board"])
    calls = [
        send("patch", f"/api/v1/posts/{post.pk}", {"reports_to_id": superior.pk}, world["headers"])
        for _ in range(WRITERS // 2)
        for post, superior in ((first, second), (second, first))
    ]
    statuses = at_once(calls)
    assert_every_answer_is_2xx_or_4xx(statuses)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reports_to_id == second.pk) != (second.reports_to_id == first.pk)
    assert Post.objects.filter(reports_to__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="post.update").count() == 1


def test_32_renames_of_one_unit_for_the_same_date_give_one_reorganisation(world):
    """One rename per unit and date; the rest are refused. (Through the services: the API has
    no reorganisations to write yet.)"""
    unit = UnitFactory(tenant=world["tenant"], name="Kansliet", valid_from=dt.date(2000, 1, 1))

    def rename(n: int) -> Callable[[], str]:
        def call() -> str:
            try:
                services.reorganisation_rename(
                    unit=Unit.objects.get(pk=unit.pk),
                    actor=None,
                    effective_date=dt.date(2027, 1, 1),
                    name=f"Kansliet {n}",
                )
            except ValidationError:
                return "refused"
            return "renamed"

        return call

    results = at_once([rename(n) for n in range(WRITERS)])
    assert Counter(results) == {"renamed": 1, "refused": WRITERS - 1}
    assert Reorganisation.objects.filter(tenant=world["tenant"], kind="rename").count() == 1
    assert AuditEvent.objects.filter(action="reorganisation.rename").count() == 1

"""32 registrars registering at the same moment in one series get 32 consecutive numbers, none
lost or doubled (OSL 5 kap. 1 §; the lock of ``radhus.core.locking``). Each registration runs
on its own database connection. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.db import connections

from radhus.core.models import AuditEvent, Role
from radhus.diarium import services
from radhus.diarium.models import Case, SeriesYear
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantRoleFactory

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


def test_32_registrations_at_once_through_the_services_give_32_consecutive_numbers():
    series = SeriesFactory(code="KS")
    user = TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR).user

    def register(i: int) -> Callable[[], str]:
        return lambda: (
            services.case_register(
                tenant=series.tenant,
                actor=user,
                series=series,
                title=f"Ärende {i}",
                opened_on=dt.date(2026, 5, 4),
            ).number
        )

    numbers = at_once([register(i) for i in range(WRITERS)])
    assert sorted(numbers, key=lambda n: int(n.rsplit("/", 1)[1])) == [
        f"KS 2026/{n}" for n in range(1, WRITERS + 1)
    ]
    assert sorted(Case.objects.values_list("sequence", flat=True)) == list(range(1, WRITERS + 1))
    assert SeriesYear.objects.get(series=series, year=2026).last_number == WRITERS
    assert AuditEvent.objects.filter(action="diarium.case.register").count() == WRITERS


def test_32_registrations_at_once_through_the_api_all_answer_201_with_32_consecutive_numbers():
    from django.test import Client

    from radhus.core.tokens import token_create

    series = SeriesFactory(code="KS")
    user = TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR).user
    _token, key = token_create(user=user)

    def register(i: int) -> Callable[[], tuple[int, str]]:
        def call() -> tuple[int, str]:
            response = Client(raise_request_exception=False).post(
                "/api/v1/cases",
                {
                    "tenant": series.tenant.slug,
                    "series": "KS",
                    "title": f"Ärende {i}",
                    "opened_on": "2026-05-04",
                },
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
            return response.status_code, response.json().get("number", "")

        return call

    answers = at_once([register(i) for i in range(WRITERS)])
    assert [status for status, _n in answers] == [201] * WRITERS
    numbers = sorted(int(number.rsplit("/", 1)[1]) for _s, number in answers)
    assert numbers == list(range(1, WRITERS + 1))
    assert AuditEvent.objects.filter(action="diarium.case.register").count() == WRITERS

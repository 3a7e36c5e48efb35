"""Lists of the register read one page in SQL, with no query per row and no COUNT: the number
of queries does not grow with the number of cases and records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from radhus.diarium import services
from radhus.diarium.models import Direction
from tests.diarium.world import build_register

pytestmark = pytest.mark.django_db


def add_cases(register, n: int) -> None:
    for i in range(n):
        case = services.case_register(
            tenant=register.tenant,
            actor=None,
            series=register.series,
            title=f"Ärende {i}",
            opened_on=dt.date(2026, 4, 1),
        )
        services.record_add(
            case=case,
            actor=None,
            direction=Direction.DRAWN_UP,
            title=f"PM {i}",
            registered_on=dt.date(2026, 4, 1),
        )


def queries(address: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(address).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize(
    "address",
    [
        "/{slug}/diarium/",
        "/{slug}/diarium/handlingar/",
        "/api/v1/cases?tenant={slug}",
        "/api/v1/records?tenant={slug}",
    ],
)
def test_a_list_reads_the_same_number_of_queries_for_3_and_30_cases(address):
    register = build_register()
    path = address.format(slug=register.tenant.slug)
    few = queries(path)
    add_cases(register, 27)
    many = queries(path)
    assert len(many) == len(few)
    assert not any("COUNT(" in sql.upper() for sql in many)

"""Lists of the register read one page in SQL, with no query per row and no COUNT, and the whole
case reads a fixed number of queries: the number of queries does not grow with the number of
cases, records, files, parties, related cases and events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from radhus.diarium import services
from radhus.diarium.models import Direction, PartyKind
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
    queries(path)  # as on a running server: the organisation and the notices are then kept
    few = queries(path)
    add_cases(register, 27)
    many = queries(path)
    assert len(many) == len(few)
    assert not any("COUNT(" in sql.upper() for sql in many)


def test_the_newest_cases_through_the_search_read_one_query_for_3_and_30_cases(django_assert_num_queries):
    """The page alone, once the organisation is kept in the process (the first request reads
    it): no query per case, no COUNT."""
    register = build_register()
    path = f"/api/v1/diarium/search?tenant={register.tenant.slug}&page_size=50"
    with django_assert_num_queries(2):  # the organisation, then the page
        assert len(Client().get(path).json()["items"]) == 2
    with django_assert_num_queries(1):
        assert len(Client().get(path).json()["items"]) == 2
    add_cases(register, 28)
    with django_assert_num_queries(1):
        assert len(Client().get(path).json()["items"]) == 30


def enlarge(register, n: int) -> None:
    """``n`` more records (each with a file), parties, related cases and steps in the history of
    the register's case."""
    case = register.case
    for i in range(n):
        services.record_add(
            case=case,
            actor=None,
            direction=Direction.RECEIVED,
            title=f"Skrivelse {i}",
            sender="Bolaget AB",
            registered_on=dt.date(2026, 4, 1),
            file=ContentFile(b"pdf", name=f"skrivelse-{i}.pdf"),
        )
        services.case_add_party(case=case, actor=None, kind=PartyKind.ORGANISATION, name=f"Bolag {i}")
        other = services.case_register(
            tenant=register.tenant,
            actor=None,
            series=register.series,
            title=f"Ärende {i}",
            opened_on=dt.date(2026, 4, 1),
        )
        services.case_relate(case=case, actor=None, other=other)


def test_the_whole_case_reads_seven_queries_however_much_it_holds(django_assert_num_queries):
    """Hand-counted: the case with its organisation, series, unit and officer; its records;
    their files; its parties; its related cases; the renames of its unit after it was opened
    (the unit's name on that day); its history."""
    register = build_register()
    path = f"/api/v1/cases/{register.case.pk}"
    with django_assert_num_queries(7):
        few = Client().get(path).json()
    enlarge(register, 12)
    services.case_start_preparation(case=register.case, actor=None)
    with django_assert_num_queries(7):
        many = Client().get(path).json()
    assert (len(few["records"]), len(many["records"])) == (3, 15)
    assert (len(few["related"]), len(many["related"])) == (0, 12)
    # The private person stays out of the public answer (OSL 5 kap. 5 §): 0, then the 12 companies.
    assert (len(few["parties"]), len(many["parties"])) == (0, 12)
    assert len(many["history"]) > len(few["history"])


def test_a_whole_case_without_records_reads_no_query_for_files(django_assert_num_queries):
    """Without a responsible unit there are no renames to read either: five queries."""
    register = build_register()
    with django_assert_num_queries(5):
        whole = Client().get(f"/api/v1/cases/{register.secret_case.pk}").json()
    assert whole["records"] == [] and whole["responsible_unit"] == ""

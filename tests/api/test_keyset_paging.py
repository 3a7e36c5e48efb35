"""Keyset paging of the API lists (issue 7): ``?after=`` goes on after the last row of the page
before in the list's order, so that a row added or removed meanwhile is never skipped or
repeated, as it is with page numbers."""

import datetime as dt
import json
from base64 import urlsafe_b64encode

import pytest

from radhus.organisation import services
from radhus.organisation.models import UnitKind
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def town():
    tenant = TenantFactory(slug="kommunen")
    units = [
        services.unit_create(
            tenant=tenant, actor=None, kind=UnitKind.UNIT, name=f"Enhet {i}", valid_from=D(2000, 1, 1)
        )
        for i in range(7)
    ]
    return {"tenant": tenant, "units": units}


def walk(client, address: str) -> list[dict]:
    """Every page from ``address`` on, by the ``next`` links."""
    pages = []
    while address:
        answer = client.get(address)
        assert answer.status_code == 200, answer.content
        pages.append(answer.json())
        address = pages[-1]["next"]
    return pages


def test_the_next_links_walk_the_whole_list_once_in_order(client, town):
    pages = walk(client, "/api/v1/units?tenant=kommunen&page_size=3")
    ids = [item["id"] for page in pages for item in page["items"]]
    assert ids == sorted(u.pk for u in town["units"])
    assert [len(p["items"]) for p in pages] == [3, 3, 1]
    assert all("after=" in p["next"] and "tenant=kommunen" in p["next"] for p in pages[:-1])
    assert pages[-1]["next"] is None and pages[-1]["next_cursor"] is None
    assert all(p["count"] == 7 for p in pages)
    assert pages[0]["next_page"] == 2 and pages[1]["next_page"] is None, (
        "no page number when paging by cursor"
    )


def test_a_row_removed_meanwhile_makes_page_numbers_skip_a_row_and_the_cursor_not(client, town):
    first = client.get("/api/v1/units?tenant=kommunen&page_size=3").json()
    services.reorganisation_dissolve(
        unit=town["units"][0], actor=None, effective_date=D(2001, 1, 1), title="Nedlagd"
    )
    by_number = client.get("/api/v1/units?tenant=kommunen&page_size=3&page=2").json()
    by_cursor = client.get(first["next"]).json()
    assert [i["id"] for i in by_cursor["items"]] == [u.pk for u in town["units"][3:6]]
    assert [i["id"] for i in by_number["items"]] == [u.pk for u in town["units"][4:7]], (
        "page numbers skip one"
    )


def test_a_row_added_meanwhile_earlier_in_the_order_is_not_repeated(client, town):
    """Reorganisations are listed by effective date: one added with an earlier date moves the
    rest down a place, and page 2 would repeat the last of page 1."""
    for year in (2010, 2011, 2012, 2013):
        services.reorganisation_rename(
            unit=town["units"][year - 2010], actor=None, effective_date=D(year, 1, 1), name=f"Ny {year}"
        )
    first = client.get("/api/v1/reorganisations?tenant=kommunen&page_size=2").json()
    services.reorganisation_rename(
        unit=town["units"][6], actor=None, effective_date=D(2005, 1, 1), name="Tidig"
    )
    by_cursor = client.get(first["next"]).json()
    by_number = client.get("/api/v1/reorganisations?tenant=kommunen&page_size=2&page=2").json()
    dates = [r["effective_date"] for r in first["items"] + by_cursor["items"]]
    assert dates == ["2010-01-01", "2011-01-01", "2012-01-01", "2013-01-01"]
    assert by_number["items"][0]["effective_date"] == "2011-01-01", "page numbers repeat a row"


def cursor_of(values) -> str:
    return urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "x",
        "!!!",
        "%00",
        cursor_of([]),
        cursor_of([1, 2]),
        cursor_of(["abc"]),
        cursor_of([None]),
        cursor_of([[1]]),
        cursor_of([{"a": 1}]),
        cursor_of([10**30]),
        cursor_of([-(10**30)]),
        cursor_of("1"),
        urlsafe_b64encode(b"\xff\xfe").decode(),
        "a" * 200,
    ],
)
def test_a_broken_cursor_is_refused_with_the_reason(client, town, cursor):
    answer = client.get("/api/v1/units", {"tenant": "kommunen", "after": cursor})
    assert answer.status_code == 400, answer.content
    assert list(answer.json()["errors"]) == ["after"]


def test_a_cursor_of_a_date_order_is_checked_as_dates(client, town):
    answer = client.get("/api/v1/reorganisations", {"after": cursor_of(["2010-13-45", 1])})
    assert answer.status_code == 400 and list(answer.json()["errors"]) == ["after"]
    answer = client.get("/api/v1/reorganisations", {"after": cursor_of(["2010-01-01", 1])})
    assert answer.status_code == 200


def test_every_list_takes_a_cursor(client, town):
    for address in (
        "/api/v1/tenants",
        "/api/v1/units",
        "/api/v1/posts",
        "/api/v1/people",
        "/api/v1/appointments",
        "/api/v1/memberships",
        "/api/v1/contact-points",
        "/api/v1/reorganisations",
    ):
        answer = client.get(address, {"page_size": 1})
        assert answer.status_code == 200, address
        cursor = answer.json()["next_cursor"]
        if cursor:
            assert client.get(address, {"page_size": 1, "after": cursor}).status_code == 200, address

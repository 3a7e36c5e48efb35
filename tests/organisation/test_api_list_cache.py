"""An organisation's API lists are kept like its rendered pages (issue 7): the same answer for
everyone not logged in, until the next change in the organisation; a caller with a key always
gets it made afresh."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import Unit, UnitKind
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    tenant = TenantFactory(slug="kommunen", name="Kommunen")
    unit = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.EXECUTIVE_OFFICE,
        name="Kansliet",
        valid_from=dt.date(2000, 1, 1),
    )
    services.person_create(tenant=tenant, actor=None, first_name="Anna", last_name="Berg")
    return tenant, unit


def _names(answer):
    assert answer.status_code == 200
    return [item["name"] for item in answer.json()["items"]]


def test_a_list_is_served_again_until_a_change(
    client, town, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    tenant, unit = town
    assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kansliet"]
    with django_assert_max_num_queries(1):  # the organisation's id; none of the list's queries
        assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kansliet"]
    assert _names(client.get("/api/v1/people?tenant=kommunen")) == ["Anna Berg"]

    with django_capture_on_commit_callbacks(execute=True):
        services.unit_update(unit=unit, actor=None, name="Kommunkansliet")  # audited: a change
    assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kommunkansliet"]


def test_other_parameters_and_organisations_are_kept_apart(client, town):
    tenant, unit = town
    other = TenantFactory(slug="grannen", name="Grannen")
    services.unit_create(tenant=other, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="Grannkansliet")
    assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kansliet"]
    assert _names(client.get("/api/v1/units?tenant=grannen")) == ["Grannkansliet"]
    assert _names(client.get("/api/v1/units?tenant=kommunen&as_of=1999-12-31")) == []
    assert client.get("/api/v1/units?tenant=finns-inte").status_code == 404


def test_a_caller_with_a_key_gets_the_list_made_afresh(client, town):
    """A change made outside the services (no audit event) shows what the cache holds: the
    anonymous caller is served the kept answer, the caller with a key the database's."""
    tenant, unit = town
    assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kansliet"]
    Unit.objects.filter(pk=unit.pk).update(name="Ändrat i databasen")
    assert _names(client.get("/api/v1/units?tenant=kommunen")) == ["Kansliet"]
    user = get_user_model().objects.create_user("lasare", password="x")
    _token, key = token_create(user=user)
    keyed = Client().get("/api/v1/units?tenant=kommunen", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert _names(keyed) == ["Ändrat i databasen"]


def _change_outside_the_services(unit, name):
    """A change with no audit event: the cache is not told, so an answer still showing the old
    name was served from the cache."""
    Unit.objects.filter(pk=unit.pk).update(name=name)


def test_made_up_parameters_share_the_entry_of_the_address_without_them(
    client, town, django_assert_max_num_queries
):
    """Issue 7's cache must not be flooded: ``&x=1``, ``&x=2``, … are one entry, the one of the
    address without them, and the answer's ``next`` address leaves them out."""
    tenant, unit = town
    services.unit_create(tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Ekonomi", parent=unit)
    first = client.get("/api/v1/units?tenant=kommunen&page_size=1&x=1")
    assert _names(first) == ["Kansliet"]
    assert first.json()["next"].startswith("/api/v1/units?page_size=1&tenant=kommunen&after=")
    _change_outside_the_services(unit, "Ändrat i databasen")
    for address in (
        "/api/v1/units?tenant=kommunen&page_size=1&x=2",
        "/api/v1/units?x=3&page_size=1&tenant=kommunen&utm_source=nyhetsbrev",
        "/api/v1/units?page_size=1&tenant=kommunen",
    ):
        with django_assert_max_num_queries(1):
            answer = client.get(address)
        assert _names(answer) == ["Kansliet"], address
        assert answer.json()["next"] == first.json()["next"]
    # A parameter spelt differently but read the same is the same entry too.
    assert _names(client.get("/api/v1/units?tenant=kommunen&page_size=01")) == ["Kansliet"]
    # A logged-in caller sees the database, made-up parameter and all.
    user = get_user_model().objects.create_user("lasare", password="x")
    _token, key = token_create(user=user)
    keyed = Client().get("/api/v1/units?tenant=kommunen&page_size=1&x=4", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert _names(keyed) == ["Ändrat i databasen"]
    assert "x=4" in keyed.json()["next"]


def test_a_changed_declared_parameter_never_serves_another_answer(client, town):
    tenant, unit = town
    ekonomi = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.DEPARTMENT,
        name="Ekonomi",
        parent=unit,
        valid_from=dt.date(2020, 1, 1),
    )
    other = TenantFactory(slug="grannen", name="Grannen")
    services.unit_create(tenant=other, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="Grannkansliet")
    services.person_create(tenant=tenant, actor=None, first_name="Bo", last_name="Ek")

    first = client.get("/api/v1/units?tenant=kommunen&page_size=1")
    assert _names(first) == ["Kansliet"]
    cursor = first.json()["next_cursor"]
    expected = {
        "/api/v1/units?tenant=kommunen": ["Kansliet", "Ekonomi"],
        "/api/v1/units?tenant=kommunen&page_size=1&page=2": ["Ekonomi"],
        f"/api/v1/units?tenant=kommunen&page_size=1&after={cursor}": ["Ekonomi"],
        "/api/v1/units?tenant=kommunen&as_of=2019-12-31": ["Kansliet"],
        "/api/v1/units?tenant=kommunen&kind=department": ["Ekonomi"],
        f"/api/v1/units?tenant=kommunen&parent={unit.pk}": ["Ekonomi"],
        f"/api/v1/units?tenant=kommunen&parent={ekonomi.pk}": [],
        "/api/v1/units?tenant=grannen": ["Grannkansliet"],
        # Given twice, the last one counts, as the operation reads it.
        "/api/v1/units?tenant=kommunen&tenant=grannen": ["Grannkansliet"],
        "/api/v1/units?tenant=grannen&tenant=kommunen": ["Kansliet", "Ekonomi"],
        "/api/v1/units?tenant=kommunen&page_size=2&page_size=1": ["Kansliet"],
        "/api/v1/people?tenant=kommunen": ["Anna Berg", "Bo Ek"],
        "/api/v1/people?tenant=kommunen&page_size=1&page=2": ["Bo Ek"],
    }
    for _round in range(2):  # made, then from the cache
        for address, names in expected.items():
            assert _names(client.get(address)) == names, address


def test_a_broken_parameter_is_answered_with_its_error_and_not_kept(client, town):
    for address in (
        "/api/v1/units?tenant=kommunen&page=0",
        "/api/v1/units?tenant=kommunen&as_of=1799-12-31",
        "/api/v1/units?tenant=kommunen&kind=nothing",
        "/api/v1/units?tenant=Not+a+slug",
    ):
        for _round in range(2):
            answer = client.get(address)
            assert answer.status_code == 400, address
            assert answer.json()["errors"], address

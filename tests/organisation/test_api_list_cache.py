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

"""The public unit page is cached until a change (issue 7), in its own organisation or in one
whose people it shows."""

import datetime as dt

import pytest

from radhus.core import services as core_services
from radhus.core.models import Tenant
from radhus.organisation import services
from radhus.organisation.models import MembershipRole, UnitKind
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def region():
    """A collaboration's chief executives' group with a seat held by a person kept by a member
    municipality (S3.3)."""
    region = TenantFactory(slug="regionen", name="Regionen", kind=Tenant.Kind.COLLABORATION)
    town = TenantFactory(slug="kommunen", name="Kommunen")
    office = services.unit_create(
        tenant=region,
        actor=None,
        kind=UnitKind.CHIEF_EXECUTIVES_GROUP,
        name="Kansliet",
        valid_from=D(2000, 1, 1),
    )
    person = services.person_create(tenant=town, actor=None, first_name="Anna", last_name="Berg")
    services.membership_create(
        group=office,
        actor=None,
        role=MembershipRole.MEMBER,
        person=person,
        on_behalf_of=town,
        valid_from=D(2010, 1, 1),
    )
    return {"region": region, "office": office, "person": person}


def test_the_unit_page_is_made_once_and_again_after_a_change(
    client, region, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    address = f"/regionen/enhet/{region['office'].slug}/"
    first = client.get(address).content.decode()
    assert "Anna Berg" in first and "<title>Kansliet" in first
    with django_assert_max_num_queries(0):  # the organisation, the unit's id, the notices: kept
        again = client.get(address).content.decode()
    assert "Anna Berg" in again
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_update(unit=region["office"], actor=None, name="Regionkansliet")
    assert "<h1>Regionkansliet" in client.get(address).content.decode()


def test_a_change_to_a_person_of_another_organisation_shows_at_once(
    client, region, django_capture_on_commit_callbacks
):
    address = f"/regionen/enhet/{region['office'].slug}/"
    assert "Anna Berg" in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.person_update(person=region["person"], actor=None, last_name="Lind")
    page = client.get(address).content.decode()
    assert "Anna Lind" in page and "Anna Berg" not in page


def test_the_cached_page_is_kept_apart_per_date(client, region):
    address = f"/regionen/enhet/{region['office'].slug}/"
    assert "Anna Berg" in client.get(address, {"datum": "2015-01-01"}).content.decode()
    assert "Anna Berg" not in client.get(address, {"datum": "2005-01-01"}).content.decode()
    assert "Anna Berg" in client.get(address, {"datum": "2015-01-01"}).content.decode()


def test_a_unit_of_another_organisation_is_not_found_there_even_when_its_page_is_cached(client, region):
    """The unit's id is looked for, and kept, inside the organisation of the address: the
    region's unit is not found at the municipality's address, before or after its own page was
    served from the cache."""
    slug = region["office"].slug
    assert client.get(f"/kommunen/enhet/{slug}/").status_code == 404
    assert client.get(f"/regionen/enhet/{slug}/").status_code == 200
    assert client.get(f"/regionen/enhet/{slug}/").status_code == 200  # from the cache
    assert client.get(f"/kommunen/enhet/{slug}/").status_code == 404
    assert client.get(f"/kommunen/enhet/{slug}/underenheter/").status_code == 404


def test_a_new_unit_and_a_new_address_of_the_organisation_are_seen_at_once(
    client, region, django_capture_on_commit_callbacks
):
    """An address that found nothing finds the unit made since; an organisation's new address
    works at once and its old one no longer does, though both were looked up before."""
    assert client.get("/regionen/enhet/nya-kansliet/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_create(
            tenant=region["region"],
            actor=None,
            kind=UnitKind.UNIT,
            name="Nya kansliet",
            slug="nya-kansliet",
            valid_from=D(2000, 1, 1),
        )
    assert "<h1>Nya kansliet" in client.get("/regionen/enhet/nya-kansliet/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        core_services.tenant_update(
            tenant=region["region"], actor=None, slug="umearegionen", name="Umeåregionen"
        )
    assert client.get("/regionen/enhet/nya-kansliet/").status_code == 404
    page = client.get("/umearegionen/enhet/nya-kansliet/").content.decode()
    assert "Umeåregionen" in page and "<h1>Nya kansliet" in page


def test_a_moved_unit_shows_its_new_place_at_once(client, region, django_capture_on_commit_callbacks):
    """The unit's page read from the cache before a move, and its id kept, shows the unit
    under the unit it was moved to on the next request."""
    with django_capture_on_commit_callbacks(execute=True):
        above = services.unit_create(
            tenant=region["region"],
            actor=None,
            kind=UnitKind.UNIT,
            name="Förbundskansliet",
            valid_from=D(2000, 1, 1),
        )
    address = f"/regionen/enhet/{region['office'].slug}/"
    assert "Förbundskansliet" not in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reorganisation_move(
            unit=region["office"], actor=None, effective_date=D(2020, 1, 1), parent=above
        )
    assert "Förbundskansliet</a></li>" in client.get(address).content.decode()

"""Tenants: organisation numbers checked, addresses that cannot clash with the site's own."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from radhus.core.models import Tenant

pytestmark = pytest.mark.django_db


def test_a_municipality_keeps_its_organisation_number_formatted():
    """S2.6: Munkedal's organisation number as written on its page."""
    tenant = Tenant(
        name="Munkedals kommun", slug="munkedal", kind="municipality", organisation_number="21 20 00-13 30"
    )
    tenant.full_clean()
    assert tenant.organisation_number == "212000-1330"


def test_a_wrong_organisation_number_is_refused():
    tenant = Tenant(name="X", slug="x", kind="municipality", organisation_number="212000-1331")
    with pytest.raises(ValidationError) as exc:
        tenant.full_clean()
    assert "organisation_number" in exc.value.message_dict


@pytest.mark.parametrize("slug", ["admin", "konto", "tillganglighet", "api"])
def test_a_tenant_cannot_take_an_address_the_site_uses(slug):
    with pytest.raises(ValidationError) as exc:
        Tenant(name="X", slug=slug, kind="municipality").full_clean()
    assert "slug" in exc.value.message_dict


def test_the_municipality_code_has_four_digits_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(name="X", slug="x", kind="municipality", municipality_code="228")

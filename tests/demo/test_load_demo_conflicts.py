"""Loading the demo into a database that already holds something at the demo's addresses.

Kept apart from the seed checks, which share one loaded demo per module."""

import pytest
from django.core.management import CommandError

from radhus.core.models import Tenant
from tests.demo.conftest import load
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_at_a_demo_address_is_never_overwritten():
    """A database with its own organisation at a demo address refuses the demo and keeps it."""
    TenantFactory(slug="munkedal", name="Egen organisation")
    with pytest.raises(CommandError, match="Egen organisation"):
        load()
    with pytest.raises(CommandError):
        load("--reset")
    assert list(Tenant.objects.values_list("name", flat=True)) == ["Egen organisation"]

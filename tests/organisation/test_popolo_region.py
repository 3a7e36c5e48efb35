"""The Popolo import reads phone numbers without a country code in the country of the
organisation it imports into (issue 8, item 2): a Finnish 02 458 5700 is +358, never +46."""

import json

import pytest

from radhus.organisation import popolo, services
from radhus.organisation.models import ContactPoint, Unit
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def _document_with_a_national_number(tenant, number: str) -> dict:
    unit = services.unit_create(tenant=tenant, actor=None, kind="department", name="Koncernförvaltningen")
    services.contact_point_add(owner=unit, actor=None, kind="switchboard", value="+35824585700")
    document = popolo.export_document(tenant)
    text = json.dumps(document).replace("+35824585700", number)
    ContactPoint.objects.all().delete()
    Unit.objects.all().delete()
    return json.loads(text)


@pytest.mark.parametrize(("country", "stored"), [("FI", "+35824585700"), ("SE", None)])
def test_numbers_are_read_in_the_tenants_country(country, stored):
    tenant = TenantFactory(slug="pargas", name="Pargas stad", country=country)
    document = _document_with_a_national_number(tenant, "02 458 5700")
    if stored is None:
        # 02 458 5700 is no Swedish number: kept as text for the exchange, with a warning that
        # names it and its path, and the rest of the file is read (issue 8, item 4).
        result = popolo.import_document(document, tenant_slug="pargas")
        assert any("02 458 5700" in str(p) for p in result.warnings)
        assert not ContactPoint.objects.exists()
        assert "02 458 5700" in json.dumps(popolo.export_document(tenant), ensure_ascii=False)
        return
    popolo.import_document(document, tenant_slug="pargas")
    assert ContactPoint.objects.get().value == stored


def test_a_finnish_organisation_goes_out_and_comes_back_the_same():
    """Export, import into an empty registry, export again: the same document, the country
    kept by the identifiers' Finnish schemes (kuntanumero, ytunnus)."""
    from radhus.core.models import Tenant
    from radhus.demo import loader
    from radhus.demo.seeds import pargas

    tenant = pargas.load().tenant
    first = popolo.dumps(popolo.export_document(tenant))
    assert '"scheme": "ytunnus"' in first and '"scheme": "kuntanumero"' in first
    loader.wipe([tenant])
    assert not Tenant.objects.exists()

    result = popolo.import_document(json.loads(first))

    again = Tenant.objects.get(slug="pargas")
    assert (again.country, again.municipality_code, again.organisation_number) == ("FI", "445", "0204175-4")
    assert result.tenant == again
    assert popolo.dumps(popolo.export_document(again)) == first

"""Pargas stad in the demo: a Swedish-speaking municipality in Finland, with its business id,
its three-digit municipality code and +358 numbers shown the Finnish way (issue 8, acceptance)."""

import pytest
from stdnum.fi import ytunnus

from radhus.core.models import Tenant
from radhus.organisation.models import ContactPoint, Unit

pytestmark = pytest.mark.django_db


def test_pargas_is_a_finnish_municipality_with_valid_identifiers(demo):
    pargas = Tenant.objects.get(slug="pargas")
    assert (pargas.name, pargas.country, pargas.municipality_code) == ("Pargas stad", "FI", "445")
    assert ytunnus.is_valid(pargas.organisation_number)
    assert pargas.organisation_number == "0204175-4"


def test_pargas_numbers_are_stored_with_finlands_country_code(demo):
    values = set(
        ContactPoint.objects.filter(unit__tenant__slug="pargas").values_list("value", flat=True)
    ) | set(ContactPoint.objects.filter(post__tenant__slug="pargas").values_list("value", flat=True))
    phones = {v for v in values if v.startswith("+")}
    assert phones == {"+35824585700", "+358401234567"}


def test_the_group_administrations_page_shows_finnish_numbers_and_words(demo, client):
    office = Unit.objects.get(tenant__slug="pargas", name="Koncernförvaltningen")
    page = client.get(f"/pargas/enhet/{office.slug}/").content.decode()
    assert "02 4585700" in page and 'href="tel:+35824585700"' in page
    assert "+46" not in page
    assert "Centralförvaltning" in page  # the kind, as Finland says it
    assert "0204175-4" in client.get("/pargas/").content.decode()


def test_a_sector_is_called_a_sector(demo, client):
    sector = Unit.objects.get(tenant__slug="pargas", name="Bildningssektorn")
    page = client.get(f"/pargas/enhet/{sector.slug}/").content.decode()
    assert "Sektor" in page and "Förvaltning" not in page


def test_the_directory_and_the_api_show_finnish_numbers(demo, client):
    office = Unit.objects.get(tenant__slug="pargas", name="Koncernförvaltningen")
    response = client.get(f"/pargas/enhet/{office.slug}/kontakter.csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")  # streamed (issue 7)
    assert "02 4585700" in csv and "040 1234567" in csv  # the vacant director's post's mobile
    items = client.get("/api/v1/contact-points?tenant=pargas").json()["items"]
    shown = {p["value"]: p["display"] for p in items}
    assert shown["+35824585700"] == "02 4585700"
    assert shown["+358401234567"] == "040 1234567"
    swedish = client.get("/api/v1/contact-points?tenant=munkedal&kind=phone").json()["items"]
    assert [p["display"] for p in swedish] == ["0524-180 00"]


def test_the_api_tells_the_country(demo, client):
    pargas = client.get("/api/v1/tenants/pargas").json()
    assert (pargas["country"], pargas["municipality_code"], pargas["organisation_number"]) == (
        "FI",
        "445",
        "0204175-4",
    )

"""Swedish first: the interface is Swedish whatever the browser asks for, until the visitor
chooses English with the switch in the header."""

import pytest

from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db


def test_pages_are_swedish_even_for_a_browser_set_to_english(client):
    response = client.get("/tillganglighet/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "sv"
    assert "Tillgänglighetsredogörelse" in response.content.decode()


def test_the_switch_in_the_header_changes_to_english_and_back(client):
    tenant = TenantFactory(name="Munkedals kommun", slug="munkedal")
    client.post("/i18n/setlang/", {"language": "en", "next": f"/{tenant.slug}/"})
    page = client.get(f"/{tenant.slug}/").content.decode()
    assert '<html lang="en">' in page and "Accessibility statement" in page
    client.post("/i18n/setlang/", {"language": "sv", "next": f"/{tenant.slug}/"})
    assert "Tillgänglighetsredogörelse" in client.get(f"/{tenant.slug}/").content.decode()


def test_refusals_and_missing_pages_are_explained_in_swedish(client):
    role = TenantRoleFactory(tenant__slug="munkedal")
    other = TenantFactory(slug="hassleholm")
    client.force_login(role.user)
    refused = client.get(f"/{other.slug}/redigera/")
    assert refused.status_code == 403
    assert "Du har inte behörighet till detta" in refused.content.decode()
    missing = client.get("/munkedal/enhet/finns-inte/")
    assert missing.status_code == 404
    assert "Sidan kunde inte hittas" in missing.content.decode()

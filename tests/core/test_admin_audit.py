"""Roles given and taken away, and API keys revoked, in the Django admin are in the audit trail,
like those from ``radhus grant_role`` and the account page (issue 6, item 6)."""

import pytest
from django.test import Client

from radhus.core.models import ApiToken, AuditEvent, Role, TenantRole
from radhus.core.tokens import token_create
from tests.factories import TenantFactory, TenantRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="chef", is_staff=True, is_superuser=True, password=None))
    return client


def test_a_role_given_in_the_admin_is_audited_with_who_gave_it(admin_client):
    tenant = TenantFactory(slug="munkedal")
    anna = UserFactory(username="anna", password=None)

    response = admin_client.post(
        "/admin/core/tenantrole/add/", {"user": anna.pk, "tenant": tenant.pk, "role": Role.EDITOR}
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="role.grant")
    assert event.tenant == tenant and event.actor.username == "chef" and "anna" in event.summary


def test_a_role_taken_away_in_the_admin_is_audited(admin_client):
    role = TenantRoleFactory(tenant__slug="munkedal", user__username="anna", user__password=None)

    response = admin_client.post(f"/admin/core/tenantrole/{role.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not TenantRole.objects.exists()
    event = AuditEvent.objects.get(action="role.revoke")
    assert event.tenant.slug == "munkedal" and "anna" in event.summary


def test_a_role_taken_away_on_the_organisations_admin_page_is_audited(admin_client):
    role = TenantRoleFactory(tenant__slug="munkedal", tenant__name="Munkedals kommun", user__username="anna")
    tenant = role.tenant
    data = {
        "name": tenant.name,
        "slug": tenant.slug,
        "kind": tenant.kind,
        "country": "SE",
        "municipality_code": "",
        "organisation_number": "",
        "member_links-TOTAL_FORMS": "0",
        "member_links-INITIAL_FORMS": "0",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "1",
        "roles-0-id": role.pk,
        "roles-0-tenant": tenant.pk,
        "roles-0-user": role.user.pk,
        "roles-0-role": role.role,
        "roles-0-DELETE": "on",
    }

    response = admin_client.post(f"/admin/core/tenant/{tenant.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not TenantRole.objects.exists()
    assert AuditEvent.objects.filter(action="role.revoke", tenant=tenant).count() == 1


def test_an_administrator_revokes_a_users_key_in_the_admin_and_it_is_audited(admin_client):
    role = TenantRoleFactory(tenant__slug="munkedal", user__username="anna", user__password=None)
    token, _key = token_create(user=role.user)

    response = admin_client.post(
        "/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )

    assert "De valda nycklarna är återkallade." in response.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.get(action="token.revoke").actor.username == "chef"

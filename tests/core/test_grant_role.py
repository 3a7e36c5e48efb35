"""``radhus grant_role``: gives a user a role in one organisation, from the command line."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from radhus.core.models import AuditEvent, Role, TenantRole
from tests.factories import TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creates_a_user_who_can_then_log_in_and_edit(client):
    tenant = TenantFactory(slug="munkedal", name="Munkedals kommun")

    call_command("grant_role", "anna", "munkedal", "editor", "--create-user", "--password", "Kanslichef-2024")

    assert TenantRole.objects.get(user__username="anna", tenant=tenant).role == Role.EDITOR
    assert client.login(username="anna", password="Kanslichef-2024")
    assert client.get(reverse("staff_home", kwargs={"tenant": "munkedal"})).status_code == 200
    event = AuditEvent.objects.get(tenant=tenant, action="role.grant")
    assert "anna" in event.summary


def test_replaces_an_earlier_role_in_the_same_tenant():
    tenant = TenantFactory(slug="munkedal")
    user = UserFactory(username="anna")
    call_command("grant_role", "anna", "munkedal", "reader")

    call_command("grant_role", "anna", "munkedal", "administrator")

    assert list(TenantRole.objects.filter(user=user).values_list("tenant", "role")) == [
        (tenant.pk, Role.ADMINISTRATOR)
    ]


def test_a_role_in_one_tenant_gives_nothing_in_another(client):
    TenantFactory(slug="munkedal")
    TenantFactory(slug="umearegionen")
    call_command("grant_role", "anna", "munkedal", "editor", "--create-user", "--password", "Kanslichef-2024")
    client.login(username="anna", password="Kanslichef-2024")

    assert client.get(reverse("staff_home", kwargs={"tenant": "umearegionen"})).status_code == 403


def test_unknown_user_without_create_user_is_refused():
    TenantFactory(slug="munkedal")

    with pytest.raises(CommandError, match="--create-user"):
        call_command("grant_role", "okand", "munkedal", "editor")
    assert not get_user_model().objects.filter(username="okand").exists()


def test_unknown_tenant_is_refused_and_names_the_known_ones():
    TenantFactory(slug="munkedal")

    with pytest.raises(CommandError, match="munkedal"):
        call_command("grant_role", "anna", "hassleholm", "editor", "--create-user")
    assert not TenantRole.objects.exists()


def test_unknown_role_is_refused():
    TenantFactory(slug="munkedal")

    with pytest.raises(CommandError):
        call_command("grant_role", "anna", "munkedal", "owner", "--create-user")
    assert not TenantRole.objects.exists()

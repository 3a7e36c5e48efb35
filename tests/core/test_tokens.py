"""API keys (issue 6, item 6): they expire, they can be revoked by the command line and by
their user on the account page, an expired or revoked key answers 401, and making and revoking
a key is in the audit trail of the organisations where it can write."""

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from radhus.core.models import ApiToken, AuditEvent, Role
from radhus.core.tokens import token_create
from tests.factories import TenantRoleFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    role = TenantRoleFactory(tenant__slug="munkedal", role=Role.EDITOR, user__username="anna")
    UnitFactory(tenant=role.tenant, slug="ks", name="Kommunstyrelsen")
    return role.user


def write_with(key: str) -> int:
    """A write through the API with ``key``: its status."""
    response = Client().post(
        "/api/v1/people",
        {"tenant": "munkedal", "first_name": "Ny", "last_name": "Person"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return response.status_code


def test_a_new_key_expires_after_the_configured_number_of_days(editor):
    token, key = token_create(user=editor)

    assert token.expires_at - token.created_at == dt.timedelta(days=settings.RADHUS_API_KEY_DAYS)
    assert settings.RADHUS_API_KEY_DAYS == 90
    assert write_with(key) == 201


def test_an_expired_key_answers_401(editor, time_machine):
    _token, key = token_create(user=editor, days=30)

    time_machine.move_to(timezone.now() + dt.timedelta(days=30, minutes=1))

    assert write_with(key) == 401


def test_create_token_takes_a_lifetime_in_days(editor):
    call_command("create_token", "anna", "--days", "7", stdout=StringIO(), stderr=StringIO())

    token = ApiToken.objects.get(user=editor)
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_revoke_tokens_stops_every_key_of_the_user_at_once_and_audits_it(editor):
    keys = [token_create(user=editor, name=name)[1] for name in ("intranät", "skript")]
    other_key = token_create(user=UserFactory(username="bo"))[1]
    out = StringIO()

    call_command("revoke_tokens", "anna", stdout=out)

    assert "2" in out.getvalue()
    assert [write_with(key) for key in keys] == [401, 401]
    assert not ApiToken.objects.filter(user=editor, revoked_at__isnull=True).exists()
    assert ApiToken.objects.get(user__username="bo").revoked_at is None
    assert write_with(other_key) == 403  # bo has no role, but his key still works
    revoked = AuditEvent.objects.filter(action="token.revoke", tenant__slug="munkedal")
    assert revoked.count() == 2
    assert all("anna" in event.summary for event in revoked)


def test_revoke_tokens_by_prefix_stops_only_that_key(editor):
    first, first_key = token_create(user=editor)
    _second, second_key = token_create(user=editor)

    call_command("revoke_tokens", "anna", "--prefix", first.prefix, stdout=StringIO())

    assert write_with(first_key) == 401
    assert write_with(second_key) == 201


def test_revoke_tokens_for_an_unknown_user_fails():
    with pytest.raises(CommandError):
        call_command("revoke_tokens", "ingen", stdout=StringIO())


def test_making_a_key_is_audited_where_its_user_holds_a_role(editor):
    token, _key = token_create(user=editor)

    event = AuditEvent.objects.get(action="token.create")
    assert event.tenant.slug == "munkedal"
    assert token.prefix in event.summary and "anna" in event.summary


def test_the_account_page_lists_only_the_users_own_keys_with_their_state(editor, time_machine):
    active, _ = token_create(user=editor, name="intranätet")
    expired, _ = token_create(user=editor, name="gammalt skript", days=1)
    other, _ = token_create(user=UserFactory(username="bo"), name="bos nyckel")
    time_machine.move_to(timezone.now() + dt.timedelta(days=2))
    client = Client()
    client.force_login(editor)

    page = client.get(reverse("account")).content.decode()

    assert "intranätet" in page and active.prefix in page
    assert "gammalt skript" in page and "har upphört" in page
    assert "bos nyckel" not in page and other.prefix not in page
    assert reverse("token_revoke", args=[active.pk]) in page
    assert reverse("token_revoke", args=[expired.pk]) not in page


def test_a_user_revokes_their_own_key_on_the_account_page_and_it_answers_401(editor):
    token, key = token_create(user=editor)
    client = Client()
    client.force_login(editor)

    response = client.post(reverse("token_revoke", args=[token.pk]), follow=True)

    assert "är återkallad och fungerar inte längre" in response.content.decode()
    assert write_with(key) == 401
    event = AuditEvent.objects.get(action="token.revoke")
    assert event.actor == editor


def test_a_user_cannot_revoke_another_users_key(editor):
    token, key = token_create(user=UserFactory(username="bo"))
    client = Client()
    client.force_login(editor)

    assert client.post(reverse("token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

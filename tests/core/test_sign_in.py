"""Signing in (issue 6, item 6): failed logins lock out a user name at an address, passwords
are checked by Django's validators wherever they are set, users change their own password,
and staff sessions end after a working day."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import TenantFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Kanslichef-2024"


@pytest.fixture
def anna():
    return UserFactory(username="anna", password=PASSWORD, is_staff=True, is_superuser=True)


def attempt(path: str, password: str, address: str = "192.0.2.10"):
    """One login from a fresh browser at ``address``: the response and whether it logged in."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": "anna", "password": password})
    return response, "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/admin/login/"])
def test_too_many_wrong_passwords_lock_the_user_out_at_that_address_with_a_swedish_message(anna, path):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response, logged_in = attempt(path, "fel-lösenord")
        assert response.status_code == 200 and not logged_in

    response, _logged_in = attempt(path, "fel-lösenord")
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()

    # Even the right password is refused now, from that address …
    response, logged_in = attempt(path, PASSWORD)
    assert response.status_code == 429 and not logged_in
    # … but the user is not locked out of every address (an attacker cannot lock anna out).
    response, logged_in = attempt(path, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302 and logged_in


def test_the_lockout_ends_after_the_cool_off_time(anna, time_machine):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("/konto/logga-in/", "fel-lösenord")
    time_machine.move_to(timezone.now() + settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1))
    assert attempt("/konto/logga-in/", PASSWORD)[0].status_code == 429
    time_machine.move_to(timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1))

    response, logged_in = attempt("/konto/logga-in/", PASSWORD)
    assert response.status_code == 302 and logged_in


def test_a_successful_login_forgets_earlier_failures(anna):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("/konto/logga-in/", "fel-lösenord")
    assert attempt("/konto/logga-in/", PASSWORD)[1]

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response, _logged_in = attempt("/konto/logga-in/", "fel-lösenord")
        assert response.status_code == 200
    # The count started again at the success: only now is the limit reached.
    assert attempt("/konto/logga-in/", "fel-lösenord")[0].status_code == 429


def test_grant_role_refuses_a_password_the_validators_refuse():
    TenantFactory(slug="munkedal")

    with pytest.raises(CommandError, match="för kort|too short"):
        call_command("grant_role", "anna", "munkedal", "editor", "--create-user", "--password", "1")
    assert not get_user_model().objects.filter(username="anna").exists()


def test_grant_role_refuses_a_common_password_for_an_existing_user(anna):
    TenantFactory(slug="munkedal")

    with pytest.raises(CommandError):
        call_command("grant_role", "anna", "munkedal", "editor", "--password", "password1")
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)


def test_a_logged_in_user_changes_their_own_password_and_stays_logged_in(anna):
    client = Client()
    client.force_login(anna)
    account = client.get(reverse("account"))
    assert reverse("password_change") in account.content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ny-lösenfras-2026",
            "new_password2": "Ny-lösenfras-2026",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("account")
    assert "Ditt lösenord har ändrats." in response.content.decode()
    assert client.get(reverse("account")).status_code == 200  # still logged in
    anna.refresh_from_db()
    assert anna.check_password("Ny-lösenfras-2026")


def test_the_password_change_page_refuses_a_weak_password_in_swedish(anna):
    client = Client()
    client.force_login(anna)

    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "1", "new_password2": "1"}
    )

    assert response.status_code == 200
    assert "Det här lösenordet är för kort" in response.content.decode()
    anna.refresh_from_db()
    assert anna.check_password(PASSWORD)


def test_the_header_links_a_logged_in_user_to_their_account(anna):
    client = Client()
    client.force_login(anna)
    assert f'href="{reverse("account")}"' in client.get("/").content.decode()


def test_a_staff_session_ends_after_eight_hours_and_when_the_browser_closes(anna):
    client = Client(REMOTE_ADDR="192.0.2.10")
    response = client.post("/konto/logga-in/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expiry_date() <= timezone.now() + dt.timedelta(hours=8)


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_lockout(anna, settings):
    """The proxy appends the address it saw to X-Forwarded-For; what the client put before it
    is not to be trusted, or an attacker would get a fresh address with every guess."""
    settings.RADHUS_PROXY_COUNT = 1

    def through_proxy(password: str, forged: str):
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")
        return client.post("/konto/logga-in/", {"username": "anna", "password": password})

    for n in range(settings.AXES_FAILURE_LIMIT):
        response = through_proxy("fel-lösenord", forged=f"192.0.2.{n}")
    assert response.status_code == 429
    assert through_proxy(PASSWORD, forged="192.0.2.200").status_code == 429
    # Another client behind the same proxy is not locked out.
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.post("/konto/logga-in/", {"username": "anna", "password": PASSWORD}).status_code == 302

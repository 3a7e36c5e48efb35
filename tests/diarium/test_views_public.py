"""The public register (no login): filters that cannot be read are left out, never a 500, and a
request for a copy of a public record registers itself as a received record in the same case
(OSL 5 kap. 1 §) with the requester's data kept from the public."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from radhus.diarium import public_form, services
from radhus.diarium.models import CaseParty, Direction, Record, RecordKind
from tests.diarium.world import build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return build_register()


@pytest.mark.parametrize(
    "query",
    [
        "?ar=1",
        "?ar=abc",
        "?organ=99999999999999999999",
        "?status=x%00",
        "?sida=-1",
        "?sida=99999999999",
        "?ar=2026&status=registered&sida=2",
    ],
)
def test_odd_filters_never_break_the_register(register, query):
    response = Client().get(reverse("diarium_register", kwargs={"tenant": register.tenant.slug}) + query)
    assert response.status_code == 200


def test_filters_narrow_the_list(register):
    address = reverse("diarium_register", kwargs={"tenant": register.tenant.slug})
    page = Client().get(address, {"status": "closed"}).content.decode()
    assert "Inga ärenden matchar." in page
    page = Client().get(address, {"ar": "2026", "organ": str(register.series.body_id)}).content.decode()
    assert register.case.number in page


def test_a_copy_request_registers_a_record_and_keeps_the_requester_private(register):
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.public.pk}
    )
    client = Client()
    html = client.get(address).content.decode()
    token = html.split('name="once" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        address, {"once": token, "name": "Kerstin Kopiasson", "contact": "kerstin@example.se", "website": ""}
    )
    assert response.status_code == 200
    request = Record.objects.get(case=register.case, kind=RecordKind.COPY_REQUEST)
    assert request.direction == Direction.RECEIVED and request.counterpart_is_private
    assert request.number in response.content.decode()
    assert CaseParty.objects.filter(
        case=register.case, name="Kerstin Kopiasson", email="kerstin@example.se"
    ).exists()
    case_page = Client().get(
        reverse("diarium_case", kwargs={"tenant": register.tenant.slug, "case_id": register.case.pk})
    )
    text = case_page.content.decode()
    assert request.number in text
    assert "Kerstin" not in text and "kerstin@example.se" not in text


def test_a_robot_filling_the_trap_registers_nothing(register):
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.public.pk}
    )
    Client().post(address, {"name": "Bot", "contact": "bot@example.se", "website": "http://spam.example"})
    assert not Record.objects.filter(kind=RecordKind.COPY_REQUEST).exists()


def test_a_copy_request_needs_an_address(register):
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.public.pk}
    )
    response = Client().post(address, {"name": "X", "contact": "   "})
    assert response.status_code == 200
    assert not Record.objects.filter(kind=RecordKind.COPY_REQUEST).exists()


def ask_for_copy(client, address, addr, **fields):
    html = client.get(address).content.decode()
    token = html.split('name="once" value="', 1)[1].split('"', 1)[0]
    data = {"once": token, "name": "", "contact": "kopia@example.se", "website": "", **fields}
    return client.post(address, data, REMOTE_ADDR=addr)


def test_copy_requests_are_throttled_per_address_and_per_organisation(register, monkeypatch):
    """A copy request registers a record (OSL 5 kap. 1 §), so a flood would fill the register:
    at most 5 an hour from one address to one organisation, and a cap for the organisation from
    all addresses together; a refused request registers nothing."""
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.public.pk}
    )
    client = Client()
    requests = Record.objects.filter(kind=RecordKind.COPY_REQUEST)
    for _n in range(5):
        assert ask_for_copy(client, address, "10.1.1.1").status_code == 200
    assert requests.count() == 5
    refused = ask_for_copy(client, address, "10.1.1.1")
    assert refused.status_code == 429
    assert (
        "Try again in an hour" in refused.content.decode() or "igen om en timme" in refused.content.decode()
    )
    assert requests.count() == 5
    assert ask_for_copy(client, address, "10.1.1.2").status_code == 200
    assert requests.count() == 6

    # The organisation's cap: 8 in all this hour, whatever the address (7 counted so far).
    monkeypatch.setattr(public_form, "ORGANISATION_THROTTLE_COUNT", 8)
    assert ask_for_copy(client, address, "10.1.1.3").status_code == 200
    assert ask_for_copy(client, address, "10.1.1.4").status_code == 429
    assert requests.count() == 7


def test_a_robot_filling_the_trap_with_a_valid_form_is_thanked_and_registers_nothing(register):
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.public.pk}
    )
    response = ask_for_copy(Client(), address, "10.2.2.2", website="http://spam.example")
    assert response.status_code == 302
    assert not Record.objects.filter(kind=RecordKind.COPY_REQUEST).exists()


def test_the_year_filter_offers_the_years_with_cases_newest_first(register):
    """The years come from the organisation's own cases, gaps left out: a year in which nothing
    was registered is not offered, nor a year only another organisation has."""
    for day in (dt.date(2019, 3, 1), dt.date(2024, 11, 5), dt.date(2024, 12, 1)):
        services.case_register(
            tenant=register.tenant, actor=None, series=register.series, title="Äldre ärende", opened_on=day
        )
    other = build_register("annanstad")
    services.case_register(
        tenant=other.tenant, actor=None, series=other.series, title="Annat", opened_on=dt.date(2011, 1, 3)
    )
    html = Client().get(reverse("diarium_register", kwargs={"tenant": register.tenant.slug})).content.decode()
    select = html.split('name="ar"', 1)[1].split("</select>", 1)[0]
    offered = [int(v) for v in re.findall(r'<option value="(\d+)"', select)]
    assert offered == [register.case.year, 2024, 2019]

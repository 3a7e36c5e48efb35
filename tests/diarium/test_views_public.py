"""The public register (no login): filters that cannot be read are left out, never a 500, and a
request for a copy of a public record registers itself as a received record in the same case
(OSL 5 kap. 1 §) with the requester's data kept from the public."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

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

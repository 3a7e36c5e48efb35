"""The public's questions and ideas (S3.5): the form registers a received record in a new case,
sends a receipt, keeps the sender's personal data out of the public register, and turns away
robots (a honeypot) and floods (a throttle). Also the search page and the work lists page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from radhus.core.models import Role
from radhus.diarium import public_form
from radhus.diarium.models import Case, CaseSearch, Direction, Origin, PartyKind, PublicForm, Record
from tests.diarium.factories import CaseFactory, SeriesFactory
from tests.factories import TenantRoleFactory

pytestmark = pytest.mark.django_db

NAME = "Greta Privatperson"
EMAIL = "greta@example.org"


@pytest.fixture
def form_settings():
    series = SeriesFactory(code="KS")
    return PublicForm.objects.create(tenant=series.tenant, series=series, intro="Skriv till oss.")


def url(tenant):
    return reverse("diarium_question", kwargs={"tenant": tenant.slug})


def post(client, tenant, **fields):
    data = {
        "kind": "idea",
        "subject": "Fler parkbänkar",
        "message": "Vi behöver bänkar i parken.",
        "name": NAME,
        "email": EMAIL,
        "webbplats": "",
    }
    data.update(fields)
    return client.post(url(tenant), data, REMOTE_ADDR=fields.pop("addr", "10.0.0.1"))


@pytest.mark.django_db(transaction=True)
def test_a_message_registers_a_case_with_a_received_record_and_a_receipt(client, form_settings):
    """The receipt is mailed by the worker from the task queue, after the registration committed."""
    tenant = form_settings.tenant
    response = post(client, tenant)
    assert response.status_code == 302
    case = Case.objects.get(tenant=tenant)
    assert case.origin == Origin.CITIZEN_PROPOSAL
    assert case.number == "KS 2026/1" or case.number.startswith("KS ")
    record = Record.objects.get(case=case)
    assert record.direction == Direction.RECEIVED
    assert record.counterpart_is_private and record.sender == NAME
    assert record.files.get().size > 0
    party = case.parties.get()
    assert party.kind == PartyKind.PRIVATE_PERSON and party.email == EMAIL
    assert mail.outbox == []  # the receipt waits in the task queue, not in the request
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == [EMAIL] and case.number in receipt.body
    assert receipt.subject == f"Kvitto: {case.number}"
    assert receipt.body.startswith(f"Tack för ditt meddelande till {tenant.name}.")
    assert "Ämne: Fler parkbänkar" in receipt.body
    thanks = client.get(response["Location"])
    assert case.number in thanks.content.decode()


def test_the_senders_name_is_never_public(client, form_settings):
    tenant = form_settings.tenant
    post(client, tenant, subject="Belysning", message=f"Hälsningar {NAME}")
    doc = CaseSearch.objects.get()
    assert "greta" not in doc.public_text and "privatperson" not in doc.public_text
    page = client.get(reverse("diarium_search", kwargs={"tenant": tenant.slug}), {"q": "belysning"})
    html = page.content.decode()
    assert "Belysning" in html and NAME not in html and EMAIL not in html
    assert (
        client.get(reverse("diarium_search", kwargs={"tenant": tenant.slug}), {"q": "greta"})
        .context["results"]
        .cases
        == []
    )


def test_the_honeypot_thanks_a_robot_and_registers_nothing(client, form_settings):
    response = post(client, form_settings.tenant, webbplats="http://spam.example")
    assert response.status_code == 302
    assert Case.objects.count() == 0 and len(mail.outbox) == 0


def test_the_throttle_stops_a_flood_from_one_address(client, form_settings):
    tenant = form_settings.tenant
    for _ in range(public_form.THROTTLE_COUNT):
        assert post(client, tenant).status_code == 302
    refused = post(client, tenant)
    assert refused.status_code == 429
    assert Case.objects.count() == public_form.THROTTLE_COUNT
    assert post(client, tenant, addr="10.0.0.2").status_code == 302


@pytest.mark.parametrize(
    "fields",
    [
        {"subject": "", "message": ""},
        {"subject": "a\x00b"},
        {"message": "x" * 20_000},
        {"email": "not an address"},
        {"name": "\n\n"},
        {"kind": "nonsense"},
        {"subject": "ö" * 500},
    ],
)
def test_bad_input_is_answered_on_the_form(client, form_settings, fields):
    response = post(client, form_settings.tenant, **fields)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Case.objects.count() == 0


def test_no_form_no_page(client):
    series = SeriesFactory()
    assert client.get(url(series.tenant)).status_code == 404
    PublicForm.objects.create(tenant=series.tenant, series=series, is_open=False)
    assert client.get(url(series.tenant)).status_code == 404


def test_the_form_page_renders(client, form_settings):
    html = client.get(url(form_settings.tenant)).content.decode()
    assert "Skriv till oss." in html and 'name="webbplats"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\x00"},
        {"ar": "99999999999999999999"},
        {"organ": "-1"},
        {"klass": "abc"},
        {"status": "x\x00"},
        {"handlaggare": "1e9"},
        {"sida": "0"},
        {"sida": "10000000"},
        {"q": "ö" * 1000},
    ],
)
def test_the_search_page_takes_any_query_string(client, params):
    case = CaseFactory()
    response = client.get(reverse("diarium_search", kwargs={"tenant": case.tenant.slug}), params)
    assert response.status_code == 200


def test_the_work_lists_need_a_role(client):
    case = CaseFactory()
    address = reverse("diarium_work_lists", kwargs={"tenant": case.tenant.slug})
    assert client.get(address).status_code == 302
    reader = TenantRoleFactory(tenant=case.tenant, role=Role.READER).user
    client.force_login(reader)
    assert client.get(address, {"datum": "9999-99-99"}).status_code == 200
    outsider = TenantRoleFactory(role=Role.EDITOR).user
    client.force_login(outsider)
    assert client.get(address).status_code == 403

"""Secrecy travels (OSL 5 kap. 5 §; the secrecy grounds OSL 18 kap. 8 §, 31 kap. 16 §, 39 kap.
3 §): a marker put in a secret record's title, description and file name, and in a case's
secret title and description, never appears in any public page, API response or list, for an
anonymous visitor or a logged-in user without the right (a reader of the organisation, an
editor of another one). A private person's name is left out too. The public sees “Sekretess
enligt OSL …” with the paragraph instead."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from radhus.diarium.models import RecordFile
from tests.diarium.world import MARKER, PRIVATE_NAME, build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return build_register()


def public_addresses(register) -> list[str]:
    slug = register.tenant.slug
    addresses = [
        reverse("diarium_register", kwargs={"tenant": slug}),
        reverse("diarium_register", kwargs={"tenant": slug}) + "?status=registered&ar=2026",
        reverse("diarium_records", kwargs={"tenant": slug}),
        "/api/v1/cases",
        f"/api/v1/cases?tenant={slug}",
        "/api/v1/records",
        f"/api/v1/records?tenant={slug}",
    ]
    for case in (register.case, register.secret_case):
        addresses += [
            reverse("diarium_case", kwargs={"tenant": slug, "case_id": case.pk}),
            f"/api/v1/cases/{case.pk}",
            f"/api/v1/records?case={case.pk}",
            f"/api/v1/cases/{case.pk}/records",
            f"/api/v1/cases/{case.pk}/transitions",
        ]
    for record in (register.secret, register.contents_secret, register.public):
        addresses.append(f"/api/v1/records/{record.pk}")
    addresses.append(
        reverse("diarium_copy_request", kwargs={"tenant": slug, "record_id": register.contents_secret.pk})
    )
    return addresses


def visitors(register) -> list[Client]:
    anonymous = Client()
    reader, stranger = Client(), Client()
    reader.force_login(register.reader)
    stranger.force_login(register.stranger)
    return [anonymous, reader, stranger]


def test_the_marker_never_appears_in_a_public_page_or_api_answer(register):
    addresses = public_addresses(register)
    for client in visitors(register):
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            text = response.content.decode()
            assert MARKER not in text, address
            assert PRIVATE_NAME not in text, address


def test_the_public_reads_the_osl_paragraph_in_place_of_the_secret(register):
    page = Client().get(
        reverse("diarium_case", kwargs={"tenant": register.tenant.slug, "case_id": register.case.pk})
    )
    text = page.content.decode()
    assert "Sekretess enligt OSL 39 kap. 3 §" in text
    assert "Sekretess enligt OSL 31 kap. 16 §" in text
    assert "Anbud från bolag" in text  # only the contents of this one are secret
    assert "Privatperson" in text
    answer = Client().get(f"/api/v1/cases/{register.secret_case.pk}").json()
    assert answer["title"] == "Säkerhetsskydd"
    assert answer["title_secrecy"] == "Sekretess enligt OSL 18 kap. 8 §"


def test_a_secret_file_answers_as_missing_to_everyone_without_the_right(register):
    for record in (register.secret, register.contents_secret):
        secret_file = RecordFile.objects.get(record=record)
        address = reverse("diarium_file", kwargs={"tenant": register.tenant.slug, "file_id": secret_file.pk})
        for client in visitors(register):
            assert client.get(address).status_code == 404
        registrar = Client()
        registrar.force_login(register.registrar)
        response = registrar.get(address)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MARKER.encode()
    public_file = RecordFile.objects.get(record=register.public)
    address = reverse("diarium_file", kwargs={"tenant": register.tenant.slug, "file_id": public_file.pk})
    assert Client().get(address).status_code == 200


def test_a_wholly_secret_record_cannot_be_asked_for(register):
    address = reverse(
        "diarium_copy_request", kwargs={"tenant": register.tenant.slug, "record_id": register.secret.pk}
    )
    assert Client().get(address).status_code == 404


def test_the_staff_pages_show_the_secret_only_to_those_with_the_right(register):
    address = reverse(
        "staff_diarium_case", kwargs={"tenant": register.tenant.slug, "case_id": register.case.pk}
    )
    registrar, reader = Client(), Client()
    registrar.force_login(register.registrar)
    reader.force_login(register.reader)
    assert MARKER in registrar.get(address).content.decode()
    response = reader.get(address)
    assert response.status_code == 200
    assert MARKER not in response.content.decode()
    record_page = reverse(
        "staff_diarium_record", kwargs={"tenant": register.tenant.slug, "record_id": register.secret.pk}
    )
    assert MARKER not in reader.get(record_page).content.decode()
    staff_list = reverse("staff_diarium", kwargs={"tenant": register.tenant.slug})
    assert MARKER not in reader.get(staff_list).content.decode()
    assert MARKER in registrar.get(staff_list).content.decode()

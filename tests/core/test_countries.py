"""A tenant's country (ISO 3166-1 alpha-2, Sweden by default, Finland too) decides how its
identifiers are checked (python-stdnum), how phone numbers are read and shown (phonenumbers)
and the words for some kinds of unit (issue 8, item 2)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from radhus.core.formats import (
    display_phone,
    normalise_mobile,
    normalise_municipality_code,
    normalise_organisation_number,
    normalise_phone,
    use_region,
)
from radhus.core.models import Tenant
from radhus.organisation import services
from radhus.organisation.models import UnitKind, kind_label
from tests.factories import PersonFactory, PostFactory, TenantFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_tenant_is_swedish_unless_told_otherwise():
    assert Tenant(name="X", slug="x", kind="municipality").country == "SE"


# Identifiers --------------------------------------------------------------------------------


def test_helsinkis_business_id_is_valid_and_formatted():
    """The Finnish business id (FO-nummer, Y-tunnus) of Helsinki, checked by stdnum.fi.ytunnus."""
    assert normalise_organisation_number("0201256-6", "FI") == "0201256-6"
    assert normalise_organisation_number(" 02012566 ", "FI") == "0201256-6"


def test_a_finnish_tenant_refuses_a_wrong_business_id_and_a_swedish_number():
    for number in ["0201256-7", "212000-1330"]:
        tenant = Tenant(name="Helsingfors stad", slug="helsingfors", kind="municipality", country="FI")
        tenant.organisation_number = number
        with pytest.raises(ValidationError) as exc:
            tenant.full_clean()
        assert exc.value.message_dict["organisation_number"] == [
            f"”{number}” är inte ett giltigt FO-nummer (företags- och organisationsnummer), till exempel 0201256-6."
        ]


def test_a_swedish_tenant_refuses_a_finnish_business_id():
    tenant = Tenant(name="X", slug="x", kind="municipality", organisation_number="0201256-6")
    with pytest.raises(ValidationError) as exc:
        tenant.full_clean()
    assert "organisation_number" in exc.value.message_dict


@pytest.mark.parametrize(("country", "good", "bad"), [("SE", "2284", "445"), ("FI", "445", "2284")])
def test_the_municipality_code_has_the_countrys_number_of_digits(country, good, bad):
    """Kommunkod (SCB): four digits; Finnish kommunnummer (Statistics Finland): three."""
    assert normalise_municipality_code(good, country) == good
    tenant = Tenant(name="X", slug="x", kind="municipality", country=country, municipality_code=bad)
    with pytest.raises(ValidationError) as exc:
        tenant.full_clean()
    assert "siffror" in exc.value.message_dict["municipality_code"][0]


def test_the_database_holds_the_municipality_code_to_the_country():
    Tenant.objects.create(
        name="Pargas stad", slug="pargas", kind="municipality", country="FI", municipality_code="445"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(name="X", slug="x", kind="municipality", country="FI", municipality_code="2284")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(name="Y", slug="y", kind="municipality", country="SE", municipality_code="445")


def test_the_database_refuses_a_country_rådhus_does_not_know():
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.create(name="X", slug="x", kind="municipality", country="NO")


# Phone numbers ------------------------------------------------------------------------------


def test_a_finnish_number_is_read_in_finland_and_never_becomes_swedish():
    assert normalise_phone("040 123 4567", "FI") == "+358401234567"
    assert normalise_phone("040 123 4567", "SE") == "+46401234567"  # the same digits in Sweden


def test_numbers_are_shown_in_the_national_style_of_the_page_and_others_internationally():
    assert display_phone("+358401234567", "FI") == "040 1234567"
    assert display_phone("+358401234567", "SE") == "+358 40 1234567"
    assert display_phone("+4666088300", "FI") == "+46 660 883 00"
    assert display_phone("+4666088300", "SE") == "0660-883 00"
    with use_region("FI"):
        assert display_phone("+35824585700") == "02 4585700"
    assert display_phone("+4666088300") == "0660-883 00"  # Sweden when no page says otherwise


def test_a_contact_point_is_read_in_its_organisations_country():
    pargas = TenantFactory(slug="pargas", country="FI")
    unit = UnitFactory(tenant=pargas)
    post = PostFactory(unit=unit)
    person = PersonFactory(tenant=pargas)
    for owner in (unit, post, person):
        point = services.contact_point_add(owner=owner, actor=None, kind="phone", value="02 458 5700")
        assert point.value == "+35824585700"
    swedish = services.contact_point_add(owner=UnitFactory(), actor=None, kind="phone", value="0660-883 00")
    assert swedish.value == "+4666088300"


def test_the_audit_trail_shows_a_number_in_its_organisations_style():
    """A service runs outside any page: the summary takes the owner's country."""
    from radhus.core.models import AuditEvent

    unit = UnitFactory(tenant=TenantFactory(slug="pargas", country="FI"))
    services.contact_point_add(owner=unit, actor=None, kind="switchboard", value="02 458 5700")
    assert "02 4585700" in AuditEvent.objects.get(action="contact.add").summary


# Mobiles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "region"), [("070-644 11 47", "SE"), ("040 123 4567", "FI")])
def test_a_mobile_number_is_taken_as_a_mobile(raw, region):
    assert normalise_mobile(raw, region).startswith("+")


@pytest.mark.parametrize(
    ("raw", "region"), [("0660-883 00", "SE"), ("02 458 5700", "FI"), ("020-123 45 67", "SE")]
)
def test_a_fixed_line_is_refused_as_a_mobile(raw, region):
    with pytest.raises(ValidationError) as exc:
        normalise_mobile(raw, region)
    assert exc.value.code == "phone_not_mobile"


def test_a_mobile_contact_point_refuses_a_fixed_line_with_a_swedish_sentence():
    pargas = TenantFactory(slug="pargas", country="FI")
    post = PostFactory(unit=UnitFactory(tenant=pargas))
    with pytest.raises(ValidationError) as exc:
        services.contact_point_add(owner=post, actor=None, kind="mobile", value="02 458 5700")
    assert exc.value.message_dict == {
        "value": ["”02 458 5700” är inte ett mobilnummer. Ange det som telefonnummer i stället."]
    }
    point = services.contact_point_add(owner=post, actor=None, kind="mobile", value="040 123 4567")
    assert point.value == "+358401234567"


# Words --------------------------------------------------------------------------------------


def test_the_kinds_of_unit_follow_the_country_where_the_words_differ():
    assert kind_label(UnitKind.ADMINISTRATION, "SE") == "förvaltning"
    assert kind_label(UnitKind.ADMINISTRATION, "FI") == "sektor"
    assert kind_label(UnitKind.BOARD_COMMITTEE, "FI") == "sektion"
    assert kind_label(UnitKind.EXECUTIVE_BOARD, "FI") == kind_label(UnitKind.EXECUTIVE_BOARD, "SE")
    unit = UnitFactory(tenant=TenantFactory(country="FI"), kind=UnitKind.ADMINISTRATION)
    assert unit.get_kind_display() == "sektor"


def test_the_api_reads_numbers_in_the_owners_country_and_checks_mobiles(client):
    from radhus.core.models import Role
    from radhus.core.tokens import token_create
    from tests.factories import TenantRoleFactory

    pargas = TenantFactory(slug="pargas", country="FI")
    unit = UnitFactory(tenant=pargas)
    _token, key = token_create(user=TenantRoleFactory(tenant=pargas, role=Role.EDITOR).user)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def post(kind, value):
        return client.post(
            "/api/v1/contact-points",
            {"unit_id": unit.pk, "kind": kind, "value": value},
            content_type="application/json",
            **headers,
        )

    created = post("mobile", "040 123 4567")
    assert created.status_code == 201, created.content
    assert (created.json()["value"], created.json()["display"]) == ("+358401234567", "040 1234567")
    refused = post("mobile", "02 458 5700")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "value": ["”02 458 5700” är inte ett mobilnummer. Ange det som telefonnummer i stället."]
    }


def test_the_staff_form_reads_numbers_in_the_organisations_country(client):
    from django.urls import reverse

    from radhus.core.models import Role
    from radhus.organisation.models import ContactPoint
    from tests.factories import TenantRoleFactory

    pargas = TenantFactory(slug="pargas", country="FI")
    unit = UnitFactory(tenant=pargas)
    client.force_login(TenantRoleFactory(tenant=pargas, role=Role.EDITOR).user)
    url = reverse("staff_unit_contact_add", args=["pargas", unit.pk])
    response = client.post(
        url,
        {
            "kind": "mobile",
            "value": "02 458 5700",
            "once": str(uuid.uuid4()),
            "is_public": "on",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "är inte ett mobilnummer" in str(response.context["form"].errors), response.context["form"].errors
    response = client.post(
        url,
        {
            "kind": "phone",
            "value": "02 458 5700",
            "once": str(uuid.uuid4()),
            "is_public": "on",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    assert ContactPoint.objects.get(unit=unit).value == "+35824585700"

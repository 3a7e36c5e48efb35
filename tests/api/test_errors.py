"""Odd input through the API (issue 6, item 5): never a 500, and every error in one shape,
``{"detail": "…", "errors": {field: ["…"]}}``, in Swedish."""

from typing import Any

import pytest
from django.test import Client

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import ContactPoint, Unit, UnitKind
from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    tenant = TenantFactory(slug="munkedal", name="Munkedals kommun")
    unit = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Ekonomi", short_name="EK", place="Dingle"
    )
    point = services.contact_point_add(
        owner=unit, actor=None, kind="email", value="ek@example.se", label="Kansli"
    )
    _token, key = token_create(
        user=TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__password=None).user
    )
    return {"unit": unit, "point": point, "headers": {"HTTP_AUTHORIZATION": f"Bearer {key}"}}


def assert_shaped(response: Any, status: int) -> dict[str, list[str]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"detail", "errors"}
    assert isinstance(data["detail"], str) and data["detail"]
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in data["errors"].values())
    return data["errors"]


@pytest.mark.parametrize("field", ["place", "short_name", "purpose", "name", "kind", "sort_order"])
def test_null_for_a_field_that_cannot_be_empty_is_a_field_error(client, world, field):
    unit = world["unit"]
    response = client.patch(
        f"/api/v1/units/{unit.pk}", {field: None}, content_type="application/json", **world["headers"]
    )
    assert set(assert_shaped(response, 400)) == {field}
    assert Unit.objects.get(pk=unit.pk).name == "Ekonomi"


def test_null_for_a_contact_points_label_is_a_field_error(client, world):
    response = client.patch(
        f"/api/v1/contact-points/{world['point'].pk}",
        {"label": None},
        content_type="application/json",
        **world["headers"],
    )
    assert set(assert_shaped(response, 400)) == {"label"}
    assert ContactPoint.objects.get(pk=world["point"].pk).label == "Kansli"


def test_null_empties_a_reference_that_may_be_empty(client, world):
    response = client.patch(
        f"/api/v1/units/{world['unit'].pk}",
        {"parent_id": None, "valid_from": None},
        content_type="application/json",
        **world["headers"],
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("raw", [b"\x00", b'{"name": "\x00"}', b"{not json", b"\xff\xfe"])
def test_a_body_that_is_not_json_gets_400_in_the_error_shape(client, world, raw):
    response = client.post("/api/v1/units", raw, content_type="application/json", **world["headers"])
    assert set(assert_shaped(response, 400)) == {"__all__"}


def test_a_nul_character_in_a_text_is_a_field_error_not_a_database_error(client, world):
    response = client.patch(
        f"/api/v1/units/{world['unit'].pk}",
        {"purpose": "Uppdrag\u0000", "place": "\ud800"},
        content_type="application/json",
        **world["headers"],
    )
    assert set(assert_shaped(response, 400)) == {"purpose", "place"}


@pytest.mark.parametrize(
    "as_of", ["0", "1", "20090101", "2009-01-01T00:00", "1799-12-31", "2201-01-01", "0001-01-01"]
)
def test_as_of_takes_only_an_iso_date_from_1800_to_2200(client, world, as_of):
    response = client.get("/api/v1/units", {"tenant": "munkedal", "as_of": as_of})
    errors = assert_shaped(response, 400)
    assert set(errors) == {"as_of"}
    assert "ÅÅÅÅ-MM-DD" in errors["as_of"][0] or "YYYY-MM-DD" in errors["as_of"][0]


@pytest.mark.parametrize("as_of", ["1800-01-01", "2200-12-31"])
def test_as_of_takes_the_first_and_last_day_of_the_range(client, world, as_of):
    assert client.get("/api/v1/units", {"tenant": "munkedal", "as_of": as_of}).status_code == 200


def test_a_date_in_a_body_outside_the_range_is_a_field_error(client, world):
    response = client.patch(
        f"/api/v1/units/{world['unit'].pk}",
        {"valid_from": "0001-01-01", "valid_to": 0},
        content_type="application/json",
        **world["headers"],
    )
    assert set(assert_shaped(response, 400)) == {"valid_from", "valid_to"}


def test_a_contact_value_over_the_limit_is_refused(client, world):
    response = client.post(
        "/api/v1/contact-points",
        {"unit_id": world["unit"].pk, "kind": "visiting_address", "value": "Storgatan 1 " * 200_000},
        content_type="application/json",
        **world["headers"],
    )
    errors = assert_shaped(response, 400)
    assert set(errors) == {"value"}
    assert "500" in errors["value"][0]
    assert ContactPoint.objects.count() == 1


def test_every_error_status_has_the_one_shape(client, world):
    headers = world["headers"]
    unit = world["unit"]
    stranger = TenantRoleFactory(
        tenant=TenantFactory(slug="annan"), role=Role.EDITOR, user__password=None
    ).user
    _token, key = token_create(user=stranger)
    assert_shaped(client.get("/api/v1/units/999999"), 404)
    assert_shaped(client.get("/api/v1/tenants/finns-inte"), 404)
    assert_shaped(client.post("/api/v1/units", {}, content_type="application/json"), 401)
    assert_shaped(
        client.patch(
            f"/api/v1/units/{unit.pk}",
            {"name": "X"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        ),
        403,
    )
    assert_shaped(client.put(f"/api/v1/units/{unit.pk}", {}, content_type="application/json", **headers), 405)
    assert_shaped(client.post("/api/v1/units", {}, content_type="application/json", **headers), 400)
    assert_shaped(client.get("/api/v1/units", {"page": "noll"}), 400)


def test_errors_are_in_swedish(client, world):
    response = client.post(
        "/api/v1/units", {"tenant": "munkedal"}, content_type="application/json", **world["headers"]
    )
    errors = assert_shaped(response, 400)
    assert errors["name"] == ["Fältet måste fyllas i."]
    assert response.json()["detail"] == "Begäran innehåller fel."


def test_a_missing_page_says_so_in_swedish(client: Client, world):
    assert client.get("/api/v1/units/999999").json()["detail"] == "Hittades inte."

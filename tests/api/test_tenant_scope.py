"""Ids from another organisation, or of what is hidden from the caller, through the API
(issue 6, item 2): every id is resolved inside the organisation written to, and a foreign or
hidden id answers exactly like one that does not exist, so that ids cannot be enumerated."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from radhus.core.models import Role, Tenant
from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import Appointment, ContactPoint, Membership, MembershipRole, UnitKind
from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db
D = dt.date
MISSING = 2**40


def keyed(user: Any) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world() -> dict[str, Any]:
    """Örnsköldsvik with an editor, Hässleholm with a protected and a public person, and
    Umeåregionen, a collaboration whose chief executives' group seats other municipalities'
    directors (S3.3)."""
    ovik = TenantFactory(slug="ornskoldsvik", name="Örnsköldsviks kommun")
    hlm = TenantFactory(slug="hassleholm", name="Hässleholms kommun")
    umea = TenantFactory(slug="umearegionen", name="Umeåregionen", kind=Tenant.Kind.COLLABORATION)
    office = services.unit_create(tenant=ovik, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="KLF")
    team = services.unit_create(tenant=ovik, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name="KLG")
    post = services.post_create(unit=office, actor=None, title="Kommundirektör")
    own = services.person_create(tenant=ovik, actor=None, first_name="Eva", last_name="Ek")
    hidden = services.person_create(
        tenant=hlm, actor=None, first_name="Hemlig", last_name="Person", is_public=False
    )
    public = services.person_create(tenant=hlm, actor=None, first_name="Öppen", last_name="Person")
    hlm_office = services.unit_create(tenant=hlm, actor=None, kind=UnitKind.EXECUTIVE_OFFICE, name="KLK")
    hlm_post = services.post_create(unit=hlm_office, actor=None, title="Kommunchef")
    hlm_team = services.unit_create(tenant=hlm, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name="LG")
    hidden_job = services.appointment_create(
        post=hlm_post, person=hidden, actor=None, valid_from=D(2020, 1, 1)
    )
    hidden_seat = services.membership_create(
        group=hlm_team, actor=None, role=MembershipRole.MEMBER, person=hidden
    )
    hidden_point = services.contact_point_add(
        owner=hidden, actor=None, kind="email", value="hemlig@example.se", is_public=True
    )
    secret_number = services.contact_point_add(
        owner=hlm_office, actor=None, kind="mobile", value="070-111 22 33", is_public=False
    )
    chiefs = services.unit_create(
        tenant=umea, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name="Kommunchefsgruppen"
    )
    return {
        "ovik": ovik,
        "hlm": hlm,
        "umea": umea,
        "office": office,
        "team": team,
        "post": post,
        "own": own,
        "hidden": hidden,
        "public": public,
        "hlm_post": hlm_post,
        "hlm_office": hlm_office,
        "hidden_job": hidden_job,
        "hidden_seat": hidden_seat,
        "hidden_point": hidden_point,
        "secret_number": secret_number,
        "chiefs": chiefs,
        "editor": keyed(TenantRoleFactory(tenant=ovik, role=Role.EDITOR, user__password=None).user),
        "umea_editor": keyed(TenantRoleFactory(tenant=umea, role=Role.EDITOR, user__password=None).user),
    }


def post(client: Client, url: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(url, data, content_type="application/json", **headers)


def patch(client: Client, url: str, data: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.patch(url, data, content_type="application/json", **headers)


def same_answer(first: Any, second: Any) -> bool:
    return (first.status_code, first.json()) == (second.status_code, second.json())


def test_a_hidden_person_of_another_organisation_cannot_be_appointed_and_answers_like_a_missing_id(
    client, world
):
    editor = world["editor"]
    foreign = post(
        client,
        "/api/v1/appointments",
        {"post_id": world["post"].pk, "person_id": world["hidden"].pk},
        editor,
    )
    missing = post(
        client, "/api/v1/appointments", {"post_id": world["post"].pk, "person_id": MISSING}, editor
    )

    assert foreign.status_code == 400, foreign.content
    assert set(foreign.json()["errors"]) == {"person_id"}
    assert same_answer(foreign, missing)
    assert not Appointment.objects.filter(post=world["post"]).exists()


def test_a_public_person_of_another_municipality_gets_no_post_here(client, world):
    """Else Hässleholm's public page would list an Örnsköldsvik post for its person."""
    response = post(
        client,
        "/api/v1/appointments",
        {"post_id": world["post"].pk, "person_id": world["public"].pk},
        world["editor"],
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"person_id"}
    assert not Appointment.objects.filter(person=world["public"]).exists()


@pytest.mark.parametrize("who", ["hidden", "public"])
def test_a_municipalitys_group_seats_only_its_own_people_even_on_behalf_of_another(client, world, who):
    editor = world["editor"]
    body = {"group_id": world["team"].pk, "person_id": world[who].pk, "on_behalf_of": "hassleholm"}
    foreign = post(client, "/api/v1/memberships", body, editor)
    missing = post(client, "/api/v1/memberships", {**body, "person_id": MISSING}, editor)

    assert foreign.status_code == 400
    assert set(foreign.json()["errors"]) == {"person_id"}
    assert same_answer(foreign, missing)
    assert not Membership.objects.filter(group=world["team"]).exists()


def test_a_collaboration_seats_a_public_person_of_the_municipality_the_seat_is_held_for(client, world):
    """S3.3: Umeåregionen's chief executives' group seats a director of another municipality,
    on behalf of that municipality — by the explicit rule, and only that way."""
    editor = world["umea_editor"]
    group = world["chiefs"].pk
    seated = post(
        client,
        "/api/v1/memberships",
        {"group_id": group, "person_id": world["public"].pk, "on_behalf_of": "hassleholm"},
        editor,
    )
    assert seated.status_code == 201, seated.content
    assert seated.json()["on_behalf_of"] == "hassleholm"

    for body in (
        {"person_id": world["public"].pk},  # on nobody's behalf
        {"person_id": world["public"].pk, "on_behalf_of": "ornskoldsvik"},  # for another one
        {"person_id": world["hidden"].pk, "on_behalf_of": "hassleholm"},  # protected
    ):
        refused = post(client, "/api/v1/memberships", {"group_id": group, **body}, editor)
        missing = post(
            client, "/api/v1/memberships", {"group_id": group, **body, "person_id": MISSING}, editor
        )
        assert refused.status_code == 400, body
        assert same_answer(refused, missing), body
    assert Membership.objects.filter(group=world["chiefs"]).count() == 1


def test_a_reference_to_another_organisations_unit_reads_like_a_missing_one(client, world):
    editor = world["editor"]
    url = f"/api/v1/units/{world['office'].pk}"
    for field in ("parent_id", "responsible_body_id"):
        foreign = patch(client, url, {field: world["hlm_office"].pk}, editor)
        missing = patch(client, url, {field: MISSING}, editor)
        assert foreign.status_code == 400
        assert same_answer(foreign, missing), field
    foreign = patch(
        client, f"/api/v1/posts/{world['post'].pk}", {"reports_to_id": world["hlm_post"].pk}, editor
    )
    missing = patch(client, f"/api/v1/posts/{world['post'].pk}", {"reports_to_id": MISSING}, editor)
    assert same_answer(foreign, missing)


def test_a_hidden_person_of_another_organisation_gets_no_contact_point_and_reads_as_missing(client, world):
    editor = world["editor"]
    body = {"kind": "email", "value": "x@example.se"}
    foreign = post(client, "/api/v1/contact-points", {**body, "person_id": world["hidden"].pk}, editor)
    missing = post(client, "/api/v1/contact-points", {**body, "person_id": MISSING}, editor)
    assert foreign.status_code == 400
    assert same_answer(foreign, missing)
    assert ContactPoint.objects.filter(person=world["hidden"]).count() == 1


@pytest.mark.parametrize(
    ("url", "key", "data"),
    [
        ("/api/v1/people/{}", "hidden", {"last_name": "X"}),
        ("/api/v1/appointments/{}", "hidden_job", {"valid_to": "2030-12-31"}),
        ("/api/v1/memberships/{}", "hidden_seat", {"valid_to": "2030-12-31"}),
        ("/api/v1/contact-points/{}", "hidden_point", {"label": "X"}),
        ("/api/v1/contact-points/{}", "secret_number", {"label": "X"}),
    ],
)
def test_a_write_to_a_hidden_row_of_another_organisation_answers_like_a_missing_one(
    client, world, url, key, data
):
    """Not 403, which would tell that a protected person (or a hidden number) exists."""
    editor = world["editor"]
    hidden = patch(client, url.format(world[key].pk), data, editor)
    missing = patch(client, url.format(MISSING), data, editor)
    assert hidden.status_code == 404
    assert same_answer(hidden, missing)
    if "contact-points" in url:
        removed = client.delete(url.format(world[key].pk), **editor)
        assert removed.status_code == 404
        assert ContactPoint.objects.filter(pk=world[key].pk).exists()


def test_a_write_to_a_public_row_of_another_organisation_is_forbidden(client, world):
    """What anyone may read is no secret: its writes answer 403, and change nothing."""
    response = patch(client, f"/api/v1/people/{world['public'].pk}", {"last_name": "X"}, world["editor"])
    assert response.status_code == 403
    world["public"].refresh_from_db()
    assert world["public"].last_name == "Person"


def test_an_editor_still_changes_the_protected_people_of_their_own_organisation(client, world):
    hlm_editor = keyed(TenantRoleFactory(tenant=world["hlm"], role=Role.EDITOR, user__password=None).user)
    response = patch(client, f"/api/v1/people/{world['hidden'].pk}", {"last_name": "Ny"}, hlm_editor)
    assert response.status_code == 200, response.content
    world["hidden"].refresh_from_db()
    assert world["hidden"].last_name == "Ny"

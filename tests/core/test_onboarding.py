"""A new organisation starts on its own (issue 8, item 1): ``radhus create-tenant``, the same in
the admin and as the audited service ``tenant_create``; after login a user lands on their own
organisation."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from radhus.core.models import AuditEvent, Role, Tenant, TenantRole
from radhus.core.services import tenant_create
from tests.factories import TenantFactory, TenantRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_service_creates_a_finnish_municipality_with_its_administrator():
    tenant = tenant_create(
        actor=None,
        name="Pargas stad",
        slug="pargas",
        country="FI",
        municipality_code="445",
        organisation_number="02041754",
        administrator="hanna",
    )
    assert (tenant.country, tenant.municipality_code, tenant.organisation_number) == (
        "FI",
        "445",
        "0204175-4",
    )
    hanna = get_user_model().objects.get(username="hanna")
    assert not hanna.has_usable_password()
    assert TenantRole.objects.get(user=hanna, tenant=tenant).role == Role.ADMINISTRATOR
    actions = set(AuditEvent.objects.filter(tenant=tenant).values_list("action", flat=True))
    assert actions == {"tenant.create", "user.create", "role.grant"}
    created = AuditEvent.objects.get(tenant=tenant, action="tenant.create")
    assert created.changes["country"] == "FI"


def test_an_existing_user_is_given_the_administrator_role():
    anna = UserFactory(username="anna")
    TenantRoleFactory(user=anna, role=Role.EDITOR)
    tenant = tenant_create(actor=None, name="Munkedals kommun", slug="munkedal", administrator=anna)
    assert TenantRole.objects.get(user=anna, tenant=tenant).role == Role.ADMINISTRATOR
    assert anna.has_usable_password()


def test_the_service_writes_nothing_when_the_administrators_name_is_refused():
    with pytest.raises(ValidationError) as exc:
        tenant_create(actor=None, name="X", slug="x", administrator="inte ok!")
    assert "administrator" in exc.value.message_dict
    assert not Tenant.objects.filter(slug="x").exists()


def test_the_command_creates_the_organisation_and_says_so_in_swedish():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_tenant",
        "pargas",
        "Pargas stad",
        "--kind",
        "municipality",
        "--country",
        "fi",
        "--municipality-code",
        "445",
        "--organisation-number",
        "0204175-4",
        "--admin",
        "hanna",
        stdout=out,
        stderr=err,
    )
    assert "Skapade Pargas stad på /pargas/." in out.getvalue()
    assert "hanna är administratör i Pargas stad." in out.getvalue()
    assert "radhus changepassword hanna" in err.getvalue()
    assert Tenant.objects.get(slug="pargas").country == "FI"


def test_the_command_names_each_option_it_refuses():
    TenantFactory(slug="pargas")
    with pytest.raises(CommandError) as exc:
        call_command(
            "create_tenant",
            "pargas",
            "Pargas stad",
            "--kind",
            "municipality",
            "--country",
            "FI",
            "--municipality-code",
            "4450",
            "--organisation-number",
            "0204175-9",
        )
    lines = str(exc.value).splitlines()
    assert any(line.startswith("SLUG: ") for line in lines)
    assert "--municipality-code: En kommunkod i Finland har 3 siffror, till exempel 445." in lines
    assert any(
        line.startswith("--organisation-number: ”0204175-9” är inte ett giltigt FO-nummer") for line in lines
    )
    assert Tenant.objects.count() == 1


def test_the_admin_creates_an_organisation_through_the_service(admin_client, admin_user):
    response = admin_client.post(
        "/admin/core/tenant/add/",
        {
            "name": "Helsingfors stad",
            "slug": "helsingfors",
            "kind": "municipality",
            "country": "FI",
            "municipality_code": "091",
            "organisation_number": "0201256-6",
            "administrator": "hanna",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    tenant = Tenant.objects.get(slug="helsingfors")
    assert tenant.organisation_number == "0201256-6"
    assert TenantRole.objects.get(tenant=tenant, user__username="hanna").role == Role.ADMINISTRATOR
    assert AuditEvent.objects.get(tenant=tenant, action="tenant.create").actor == admin_user


def test_the_admin_refuses_a_wrong_business_id_on_the_field(admin_client):
    response = admin_client.post(
        "/admin/core/tenant/add/",
        {
            "name": "X",
            "slug": "x",
            "kind": "municipality",
            "country": "FI",
            "organisation_number": "0201256-7",
        },
    )
    assert response.status_code == 200
    assert "FO-nummer" in response.context["adminform"].form.errors["organisation_number"][0]
    assert not Tenant.objects.filter(slug="x").exists()


def test_a_change_in_the_admin_is_audited(admin_client):
    tenant = TenantFactory(slug="pargas", name="Pargas", country="FI")
    response = admin_client.post(
        f"/admin/core/tenant/{tenant.pk}/change/",
        {
            "name": "Pargas stad",
            "slug": "pargas",
            "kind": "municipality",
            "country": "FI",
            "municipality_code": "445",
            "organisation_number": "",
            "member_links-TOTAL_FORMS": "0",
            "member_links-INITIAL_FORMS": "0",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(tenant=tenant, action="tenant.update")
    assert event.changes["name"] == ["Pargas", "Pargas stad"]
    assert event.changes["municipality_code"] == ["", "445"]


# Landing after login ------------------------------------------------------------------------


def _log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": "lösenord-123"})


def test_a_user_with_one_organisation_lands_on_it(client):
    role = TenantRoleFactory(user__username="anna", tenant__slug="pargas")
    response = _log_in(client, "anna")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_home", args=[role.tenant.slug])


def test_a_user_with_several_organisations_chooses_among_them_by_name(client):
    anna = UserFactory(username="anna")
    TenantRoleFactory(user=anna, tenant__slug="vannas", tenant__name="Vännäs kommun")
    TenantRoleFactory(user=anna, tenant__slug="umearegionen", tenant__name="Umeåregionen")
    response = _log_in(client, "anna")
    assert response["Location"] == reverse("account")
    page = client.get(reverse("account")).content.decode()
    assert page.index("Umeåregionen") < page.index("Vännäs kommun")
    assert reverse("staff_home", args=["vannas"]) in page


def test_a_user_without_a_role_lands_on_the_start_page_and_next_is_kept(client):
    UserFactory(username="anna")
    assert _log_in(client, "anna")["Location"] == reverse("home")
    client.logout()
    TenantRoleFactory(user__username="bo", tenant__slug="pargas")
    response = client.post(
        reverse("login") + "?next=/tillganglighet/",
        {"username": "bo", "password": "lösenord-123", "next": "/tillganglighet/"},
    )
    assert response["Location"] == "/tillganglighet/"

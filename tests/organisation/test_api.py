"""The REST API (/api/v1/): public reads as of a date, and writes by key through the services."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from radhus.core.models import ApiToken, AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import ContactPoint, MembershipRole, Person, Post, Unit, UnitKind
from tests.factories import PartyFactory, PersonFactory, TenantFactory, TenantRoleFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date
SECRET_NAME = "Hemlighetsfull"
SECRET_PHONE = "+46701112233"


@pytest.fixture
def world() -> dict[str, Any]:
    """Hässleholm's offices merged from 2009-01-01 (S1.2), a rename and a move, posts with a
    holder and an acting holder, a group, and what must never be shown: a protected person and
    a hidden contact point. Beside it another municipality."""
    tenant = TenantFactory(slug="hassleholm", name="Hässleholms kommun")
    other = TenantFactory(slug="munkedal", name="Munkedals kommun")
    board = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    offices = [
        services.unit_create(
            tenant=tenant,
            actor=None,
            kind=UnitKind.ADMINISTRATION,
            name=name,
            parent=board,
            valid_from=D(2000, 1, 1),
        )
        for name in ("Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret")
    ]
    _reorganisation, merged = services.reorganisation_merge(
        sources=offices,
        actor=None,
        effective_date=D(2009, 1, 1),
        title="Nytt kommunledningskontor",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": board},
    )
    service = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.UNIT,
        name="Servicekontoret",
        parent=board,
        valid_from=D(2000, 1, 1),
    )
    services.reorganisation_rename(
        unit=service, actor=None, effective_date=D(2010, 1, 1), name="Medborgarservice"
    )
    services.reorganisation_move(unit=service, actor=None, effective_date=D(2011, 1, 1), parent=merged)
    group = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name="Ledningsgruppen"
    )
    chief = services.post_create(unit=merged, actor=None, title="Kommunchef", is_contact=True)
    johan = services.person_create(tenant=tenant, actor=None, first_name="Johan", last_name="Eriksson")
    stand_in = services.person_create(tenant=tenant, actor=None, first_name="Lena", last_name="Sandlin")
    hidden = services.person_create(
        tenant=tenant, actor=None, first_name=SECRET_NAME, last_name="Skyddad", is_public=False
    )
    services.appointment_create(post=chief, person=johan, actor=None, valid_from=D(2009, 1, 1))
    services.appointment_create(
        post=chief, person=stand_in, actor=None, valid_from=D(2009, 1, 1), acting=True
    )
    investigator = services.post_create(unit=merged, actor=None, title="Utredare")
    services.appointment_create(post=investigator, person=hidden, actor=None, valid_from=D(2009, 1, 1))
    services.membership_create(group=group, actor=None, role=MembershipRole.CHAIR, post=chief)
    services.membership_create(group=group, actor=None, role=MembershipRole.MEMBER, person=hidden)
    switchboard = services.contact_point_add(
        owner=merged, actor=None, kind="switchboard", value="0451-26 70 00"
    )
    services.contact_point_add(owner=chief, actor=None, kind="mobile", value=SECRET_PHONE, is_public=False)
    services.contact_point_add(owner=hidden, actor=None, kind="email", value="skyddad@example.se")
    other_unit = services.unit_create(
        tenant=other, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="KS Munkedal"
    )
    return {
        "tenant": tenant,
        "other": other,
        "board": board,
        "offices": offices,
        "merged": merged,
        "service": service,
        "group": group,
        "chief": chief,
        "johan": johan,
        "hidden": hidden,
        "switchboard": switchboard,
        "other_unit": other_unit,
    }


def get(client: Client, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["name"] for item in items]


# Reads -----------------------------------------------------------------------------------------


def test_units_as_of_a_date_show_that_days_organisation(client, world):
    """The merger of S1.2: three offices on 2008-12-31, one office the day after."""
    before = get(client, "/api/v1/units", tenant="hassleholm", as_of="2008-12-31")
    after = get(client, "/api/v1/units", tenant="hassleholm", as_of="2009-01-01")

    assert {"Ekonomikontoret", "Personalkontoret"} <= set(names(before["items"]))
    assert "Ekonomikontoret" not in names(after["items"])
    merged = [u for u in after["items"] if u["id"] == world["merged"].pk]
    assert merged[0]["name"] == "Kommunledningskontoret"
    assert merged[0]["parent_id"] == world["board"].pk
    assert merged[0]["slug"] == world["merged"].slug
    assert merged[0]["url"].endswith(f"/hassleholm/enhet/{world['merged'].slug}/?datum=2009-01-01")


def test_a_units_name_and_parent_are_those_of_the_date_asked_for(client, world):
    service = world["service"]

    def seen(on: str) -> dict[str, Any]:
        items = get(client, "/api/v1/units", tenant="hassleholm", as_of=on)["items"]
        return next(u for u in items if u["id"] == service.pk)

    assert (seen("2009-06-01")["name"], seen("2009-06-01")["parent_id"]) == (
        "Servicekontoret",
        world["board"].pk,
    )
    assert (seen("2010-06-01")["name"], seen("2010-06-01")["parent_id"]) == (
        "Medborgarservice",
        world["board"].pk,
    )
    assert seen("2011-06-01")["parent_id"] == world["merged"].pk
    detail = get(client, f"/api/v1/units/{service.pk}", as_of="2009-06-01")
    assert detail["name"] == "Servicekontoret"


def test_units_across_organisations_are_also_as_of_the_date(client, world):
    items = get(client, "/api/v1/units", as_of="2009-06-01", page_size=1000)["items"]
    service = next(u for u in items if u["id"] == world["service"].pk)
    assert service["name"] == "Servicekontoret"
    assert {u["tenant"] for u in items} == {"hassleholm", "munkedal"}


def test_the_tenant_filter_keeps_to_one_organisation(client, world):
    items = get(client, "/api/v1/units", tenant="munkedal")["items"]
    assert names(items) == ["KS Munkedal"]
    assert client.get("/api/v1/units", {"tenant": "finns-inte"}).status_code == 404


def test_units_filtered_by_parent_and_kind(client, world):
    under_board = get(client, "/api/v1/units", parent=world["board"].pk, as_of="2012-01-01")["items"]
    assert sorted(names(under_board)) == ["Kommunledningskontoret"]
    groups = get(client, "/api/v1/units", tenant="hassleholm", kind="management_team")["items"]
    assert names(groups) == ["Ledningsgruppen"]


def test_lists_are_paginated_with_a_count(client, world):
    first = get(client, "/api/v1/units", tenant="hassleholm", as_of="2008-12-31", page_size=2)
    second = get(client, "/api/v1/units", tenant="hassleholm", as_of="2008-12-31", page_size=2, page=2)
    everything = get(client, "/api/v1/units", tenant="hassleholm", as_of="2008-12-31")

    assert first["count"] == second["count"] == everything["count"] == 6
    assert len(first["items"]) == 2
    assert [u["id"] for u in first["items"] + second["items"]] == [u["id"] for u in everything["items"][:4]]


def test_a_post_shows_its_holders_on_the_date(client, world):
    post = get(client, f"/api/v1/posts/{world['chief'].pk}", as_of="2010-01-01")
    assert [(h["name"], h["acting"]) for h in post["holders"]] == [
        ("Johan Eriksson", False),
        ("Lena Sandlin", True),
    ]
    before = get(client, f"/api/v1/posts/{world['chief'].pk}", as_of="2008-01-01")
    assert before["holders"] == []
    listed = get(client, "/api/v1/posts", unit=world["merged"].pk)["items"]
    assert {p["title"] for p in listed} == {"Kommunchef", "Utredare"}


def test_a_person_shows_their_roles_on_the_date(client, world):
    person = get(client, f"/api/v1/people/{world['johan'].pk}", as_of="2010-01-01")
    titles = {r["title"] for r in person["roles"]}
    assert "Kommunchef" in titles
    assert any(
        r["via_post_id"] == world["chief"].pk for r in person["roles"]
    )  # the seat held by the post (S2.2)


def test_reorganisations_list_the_merger_with_units_before_and_after(client, world):
    items = get(client, "/api/v1/reorganisations", tenant="hassleholm")["items"]
    merger = next(r for r in items if r["kind"] == "merge")
    assert sorted(merger["units_before"]) == sorted(u.pk for u in world["offices"])
    assert merger["units_after"] == [world["merged"].pk]
    assert merger["effective_date"] == "2009-01-01"
    rename = next(r for r in items if r["kind"] == "rename")
    assert rename["changes"][0]["old_text"] == "Servicekontoret"
    assert get(client, "/api/v1/reorganisations", tenant="hassleholm", as_of="2009-06-01")["count"] == 1


def test_the_public_never_sees_what_is_not_public(client, world):
    """A protected person (and their post, seat and address) and a hidden number are never
    in any answer, to anyone."""
    hidden = world["hidden"]
    editor = TenantRoleFactory(tenant=world["tenant"], role=Role.EDITOR).user
    _token, key = token_create(user=editor)
    urls = [
        "/api/v1/people?tenant=hassleholm",
        "/api/v1/people?tenant=hassleholm&as_of=2010-01-01",
        "/api/v1/appointments?tenant=hassleholm&as_of=2010-01-01",
        "/api/v1/memberships?tenant=hassleholm",
        "/api/v1/contact-points?tenant=hassleholm",
        "/api/v1/posts?tenant=hassleholm&as_of=2010-01-01",
        f"/api/v1/posts/{world['chief'].pk}?as_of=2010-01-01",
        f"/api/v1/units/{world['merged'].pk}",
        "/api/v1/popolo/hassleholm",
    ]
    for url in urls:
        for headers in ({}, {"HTTP_AUTHORIZATION": f"Bearer {key}"}):
            body = client.get(url, **headers).content.decode()
            for secret in (SECRET_NAME, SECRET_PHONE, "skyddad@example.se", f'"person_id": {hidden.pk}'):
                assert secret not in body, f"{url} shows {secret}"
    assert client.get(f"/api/v1/people/{hidden.pk}").status_code == 404
    seats = get(client, "/api/v1/memberships", group=world["group"].pk)["items"]
    assert [s["post_id"] for s in seats] == [world["chief"].pk]
    points = get(client, f"/api/v1/units/{world['merged'].pk}")["contact_points"]
    assert [(p["kind"], p["display"]) for p in points] == [("switchboard", "0451-26 70 00")]


def test_reads_are_open_to_other_sites(client, world):
    """CORS: any web page may read the API (GET, and the preflight OPTIONS)."""
    response = client.get("/api/v1/units", {"tenant": "hassleholm"}, HTTP_ORIGIN="https://intranat.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/units", HTTP_ORIGIN="https://intranat.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_broken_query_parameters_get_400_with_each_problem(client, world):
    response = client.get("/api/v1/units", {"as_of": "2020-13-45", "page": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"as_of", "page"}


def test_the_openapi_document_and_docs_work_without_internet(client, world):
    schema = client.get("/api/schema/").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/units" in schema["paths"]
    assert "/api/v1/popolo/{tenant}" in schema["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn." not in docs
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


# Writes ----------------------------------------------------------------------------------------


def database_state() -> dict[str, list[Any]]:
    state = {}
    for label in ("core", "organisation"):
        for model in apps.get_app_config(label).get_models():
            if model is ApiToken:
                continue  # using a key notes when it was last used
            rows = model.objects.all()
            if model is AuditEvent:
                rows = rows.exclude(action__startswith="token.")  # making a key is audited
            state[model._meta.label] = sorted(map(repr, rows.values()))
    return state


def keyed(user: Any) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def editor(world):
    return TenantRoleFactory(tenant=world["tenant"], role=Role.EDITOR, user__username="redaktor").user


def test_an_editor_creates_a_unit_and_the_audit_trail_records_it(client, world, editor):
    response = client.post(
        "/api/v1/units",
        {
            "tenant": "hassleholm",
            "kind": "department",
            "name": "Digitaliseringsavdelningen",
            "parent_id": world["merged"].pk,
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
        **keyed(editor),
    )
    assert response.status_code == 201, response.content
    created = Unit.objects.get(pk=response.json()["id"])
    assert created.parent == world["merged"]
    assert response.json()["slug"] == created.slug
    event = AuditEvent.objects.get(action="unit.create", subject_id=created.pk)
    assert event.actor == editor


def test_an_editor_changes_a_post_and_adds_a_holder_and_a_number(client, world, editor):
    headers = keyed(editor)
    chief = world["chief"]
    response = client.patch(
        f"/api/v1/posts/{chief.pk}", {"title": "Kommundirektör"}, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Kommundirektör"
    assert AuditEvent.objects.filter(action="post.update", subject_id=chief.pk, actor=editor).exists()

    person = client.post(
        "/api/v1/people",
        {"tenant": "hassleholm", "first_name": "Anna", "last_name": "Åberg", "party": "S"},
        content_type="application/json",
        **headers,
    )
    assert person.status_code == 400  # no party S yet
    assert set(person.json()["errors"]) == {"party"}
    PartyFactory(abbreviation="S")
    person = client.post(
        "/api/v1/people",
        {"tenant": "hassleholm", "first_name": "Anna", "last_name": "Åberg", "party": "S"},
        content_type="application/json",
        **headers,
    )
    assert person.status_code == 201
    anna = person.json()["id"]

    group_post = services.post_create(unit=world["merged"], actor=None, title="Ekonomichef")
    appointed = client.post(
        "/api/v1/appointments",
        {"post_id": group_post.pk, "person_id": anna, "valid_from": "2024-01-01"},
        content_type="application/json",
        **headers,
    )
    assert appointed.status_code == 201, appointed.content
    ended = client.patch(
        f"/api/v1/appointments/{appointed.json()['id']}",
        {"valid_to": "2024-12-31"},
        content_type="application/json",
        **headers,
    )
    assert ended.json()["valid_to"] == "2024-12-31"

    number = client.post(
        "/api/v1/contact-points",
        {"person_id": anna, "kind": "phone", "value": "0451-26 83 42"},
        content_type="application/json",
        **headers,
    )
    assert number.status_code == 201
    assert (number.json()["value"], number.json()["display"]) == ("+4645126834" + "2", "0451-26 83 42")
    changed = client.patch(
        f"/api/v1/contact-points/{number.json()['id']}",
        {"is_public": False},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    assert not ContactPoint.objects.get(pk=number.json()["id"]).is_public
    assert AuditEvent.objects.filter(action="contact.update", actor=editor).exists()

    seat = client.post(
        "/api/v1/memberships",
        {"group_id": world["group"].pk, "role": "secretary", "person_id": anna, "on_behalf_of": "munkedal"},
        content_type="application/json",
        **headers,
    )
    assert seat.status_code == 201, seat.content
    assert seat.json()["on_behalf_of"] == "munkedal"
    assert AuditEvent.objects.filter(action="membership.create", actor=editor).exists()


def test_a_user_of_another_organisation_is_refused_and_nothing_is_written(client, world):
    """An editor in Munkedal may not write in Hässleholm: 403, and the database is unchanged."""
    stranger = TenantRoleFactory(tenant=world["other"], role=Role.ADMINISTRATOR).user
    reader = TenantRoleFactory(tenant=world["tenant"], role=Role.READER).user
    before = database_state()
    for user in (stranger, reader):
        headers = keyed(user)
        attempts = [
            client.post(
                "/api/v1/units",
                {"tenant": "hassleholm", "kind": "department", "name": "Intrång"},
                content_type="application/json",
                **headers,
            ),
            client.patch(
                f"/api/v1/units/{world['merged'].pk}",
                {"name": "Intrång"},
                content_type="application/json",
                **headers,
            ),
            client.post(
                "/api/v1/posts",
                {"unit_id": world["merged"].pk, "title": "Intrång"},
                content_type="application/json",
                **headers,
            ),
            client.patch(
                f"/api/v1/people/{world['johan'].pk}",
                {"last_name": "X"},
                content_type="application/json",
                **headers,
            ),
            client.post(
                "/api/v1/contact-points",
                {"unit_id": world["merged"].pk, "kind": "email", "value": "x@example.se"},
                content_type="application/json",
                **headers,
            ),
            client.delete(f"/api/v1/contact-points/{world['switchboard'].pk}", **headers),
        ]
        assert [r.status_code for r in attempts] == [403] * len(attempts), [r.content for r in attempts]
    assert database_state() == before


def test_a_write_without_a_valid_key_is_401(client, world):
    browser_user = TenantRoleFactory(tenant=world["tenant"], role=Role.EDITOR).user
    before = database_state()
    body = {"tenant": "hassleholm", "kind": "department", "name": "Utan nyckel"}
    assert client.post("/api/v1/units", body, content_type="application/json").status_code == 401
    for header in ("Bearer rh_fel", "Basic ZGVtbzpkZW1v", "Bearer "):
        response = client.post(
            "/api/v1/units", body, content_type="application/json", HTTP_AUTHORIZATION=header
        )
        assert response.status_code == 401, header
    # A logged-in browser session is no key either.
    client.force_login(browser_user)
    assert client.post("/api/v1/units", body, content_type="application/json").status_code == 401
    assert database_state() == before


def test_a_revoked_key_or_an_inactive_user_is_refused(client, world, editor):
    token, key = token_create(user=editor)
    body = {"tenant": "hassleholm", "kind": "department", "name": "X"}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    token.revoked_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    token.save()
    assert client.post("/api/v1/units", body, content_type="application/json", **headers).status_code == 401


def test_broken_input_gets_400_listing_every_problem_and_writes_nothing(client, world, editor):
    headers = keyed(editor)
    other = PersonFactory(tenant=world["tenant"])
    before = database_state()
    # Shape: wrong types, missing fields and a text longer than the schema allows, all listed.
    response = client.post(
        "/api/v1/units",
        {"tenant": "hassleholm", "kind": "castle", "valid_from": "igår", "sort_order": -1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "name", "valid_from", "sort_order"}
    response = client.post(
        "/api/v1/units",
        {"tenant": "hassleholm", "kind": "castle", "name": "Avdelningen" * 20, "sort_order": -1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"]["name"] == ["Högst 200 tecken."]
    assert set(response.json()["errors"]) == {"kind", "name", "sort_order"}
    # Rules: an unknown parent and an end before the start, in one answer.
    response = client.post(
        "/api/v1/units",
        {
            "tenant": "hassleholm",
            "kind": "department",
            "name": "Avdelningen",
            "parent_id": 999999,
            "valid_from": "2024-01-01",
            "valid_to": "2023-01-01",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"parent_id", "valid_to"}, errors
    # A responsible body must be a political one.
    response = client.patch(
        f"/api/v1/units/{world['service'].pk}",
        {"responsible_body_id": world["merged"].pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"responsible_body_id"}
    # An invalid phone number, and a second holder overlapping the first of a single-holder post.
    response = client.post(
        "/api/v1/contact-points",
        {"unit_id": world["merged"].pk, "kind": "phone", "value": "12"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert "12" in response.json()["errors"]["value"][0]
    response = client.post(
        "/api/v1/appointments",
        {"post_id": world["chief"].pk, "person_id": other.pk, "valid_from": "2015-01-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert "valid_from" in response.json()["errors"]
    response = client.post("/api/v1/units", "{not json", content_type="application/json", **headers)
    assert response.status_code == 400
    assert database_state() == before


def test_a_unit_in_another_organisation_cannot_be_made_a_parent(client, world, editor):
    response = client.patch(
        f"/api/v1/units/{world['merged'].pk}",
        {"parent_id": world["other_unit"].pk},
        content_type="application/json",
        **keyed(editor),
    )
    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]
    world["merged"].refresh_from_db()
    assert world["merged"].parent == world["board"]


# Keys ------------------------------------------------------------------------------------------


def test_create_token_prints_a_key_that_is_stored_only_as_a_hash(client, world):
    user = TenantRoleFactory(tenant=world["tenant"], role=Role.EDITOR, user__username="intranat").user
    out = StringIO()
    call_command("create_token", "intranat", "--name", "intranätet", stdout=out)
    key = out.getvalue().strip()

    token = ApiToken.objects.get(user=user)
    assert key not in token.key_hash and token.name == "intranätet"
    response = client.post(
        "/api/v1/people",
        {"tenant": "hassleholm", "first_name": "Ny", "last_name": "Person"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201
    assert Person.objects.filter(first_name="Ny").exists()


def test_create_token_for_an_unknown_user_fails(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_token", "ingen", stdout=StringIO())
    assert not ApiToken.objects.exists()
    assert UserFactory  # the factory module is in use above
    assert Post.objects.exists()

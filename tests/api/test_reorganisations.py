"""Reorganisations through the API (issue 6, item 9): ``POST /api/v1/reorganisations`` records
a merger, split, rename, move, transfer or dissolution through the same services and with the
same rules as the staff forms."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from radhus.core.models import AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import selectors, services
from radhus.organisation.models import Reorganisation, Responsibility, Unit, UnitKind
from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db
D = dt.date
URL = "/api/v1/reorganisations"


def keyed(user: Any) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world() -> dict[str, Any]:
    """Hässleholm before 2009 (S1.1–S1.4): KF and KS, three offices under KS, the leisure
    committee responsible for public health; beside it Munkedal."""
    tenant = TenantFactory(slug="hassleholm", name="Hässleholms kommun")
    council = services.unit_create(tenant=tenant, actor=None, kind=UnitKind.COUNCIL, name="Kommunfullmäktige")
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
    leisure = services.unit_create(tenant=tenant, actor=None, kind=UnitKind.COMMITTEE, name="Fritidsnämnden")
    health = services.responsibility_add(unit=leisure, actor=None, name="folkhälsa", valid_from=D(2000, 1, 1))
    other = TenantFactory(slug="munkedal", name="Munkedals kommun")
    foreign = services.unit_create(
        tenant=other, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="KS Munkedal"
    )
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__password=None).user
    return {
        "council": council,
        "board": board,
        "offices": offices,
        "leisure": leisure,
        "health": health,
        "foreign": foreign,
        "editor": editor,
        "headers": keyed(editor),
    }


def record(client: Client, world: dict[str, Any], body: dict[str, Any], headers: Any = None) -> Any:
    return client.post(URL, body, content_type="application/json", **(headers or world["headers"]))


def test_a_merger_with_its_decision_chain_is_recorded_as_the_form_records_it(client, world):
    """S1.1–S1.2: three offices become one from 2009-01-01, after KF's decision and KS's."""
    offices = world["offices"]
    response = record(
        client,
        world,
        {
            "kind": "merge",
            "title": "Nytt kommunledningskontor",
            "effective_date": "2009-01-01",
            "unit_ids": [u.pk for u in offices],
            "parent_id": world["board"].pk,
            "result": {"name": "Kommunledningskontoret", "kind": "executive_office"},
            "decided_by_id": world["board"].pk,
            "decision_date": "2008-10-27",
            "decision_reference": "KS § 200",
            "steps": [
                {
                    "date": "2007-10-01",
                    "date_text": "hösten 2007",
                    "body_id": world["council"].pk,
                    "description": "KF beslutar om en strategisk funktion",
                },
                {
                    "date": "2008-04-01",
                    "actor_text": "kommunchefen",
                    "description": "Uppdrag till kommunchefen",
                },
            ],
        },
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["kind"] == "merge"
    assert sorted(out["units_before"]) == sorted(u.pk for u in offices)
    (new_id,) = out["units_after"]
    new = Unit.objects.get(pk=new_id)
    assert (new.name, new.parent, new.valid_from) == ("Kommunledningskontoret", world["board"], D(2009, 1, 1))
    assert [s["description"] for s in out["steps"]] == [
        "KF beslutar om en strategisk funktion",
        "Uppdrag till kommunchefen",
    ]
    assert out["decided_by_id"] == world["board"].pk
    for office in offices:
        office.refresh_from_db()
        assert office.valid_to == D(2008, 12, 31)
    names = {u.name for u in selectors.units_as_of(world["board"].tenant, D(2009, 1, 1)).values()}
    assert "Ekonomikontoret" not in names and "Kommunledningskontoret" in names
    assert AuditEvent.objects.filter(action="reorganisation.merge", actor=world["editor"]).count() == 4


def test_a_rename_a_move_a_split_a_transfer_and_a_dissolution_are_recorded(client, world):
    klk, economy, staff = world["offices"]
    renamed = record(
        client,
        world,
        {"kind": "rename", "unit_id": klk.pk, "effective_date": "2009-01-01", "name": "Kommunkansliet"},
    )
    assert renamed.status_code == 201, renamed.content
    assert renamed.json()["changes"][0]["new_text"] == "Kommunkansliet"
    assert selectors.unit_as_of(Unit.objects.get(pk=klk.pk), D(2008, 6, 1)).name == "Kommunledningskontoret"

    moved = record(
        client,
        world,
        {"kind": "move", "unit_id": staff.pk, "effective_date": "2010-01-01", "parent_id": klk.pk},
    )
    assert moved.status_code == 201, moved.content
    assert Unit.objects.get(pk=staff.pk).parent_id == klk.pk

    split = record(
        client,
        world,
        {
            "kind": "split",
            "unit_id": economy.pk,
            "title": "Ekonomi delas",
            "effective_date": "2011-01-01",
            "results": [
                {"name": "Redovisning", "kind": "department"},
                {"name": "Budget", "kind": "department"},
            ],
        },
    )
    assert split.status_code == 201, split.content
    new_units = Unit.objects.filter(pk__in=split.json()["units_after"])
    assert {(u.name, u.parent_id) for u in new_units} == {
        ("Redovisning", world["board"].pk),
        ("Budget", world["board"].pk),
    }

    transferred = record(
        client,
        world,
        {
            "kind": "transfer",
            "responsibility_id": world["health"].pk,
            "to_unit_id": klk.pk,
            "effective_date": "2009-01-01",
        },
    )
    assert transferred.status_code == 201, transferred.content
    assert Responsibility.objects.get(name="folkhälsa", valid_to__isnull=True).unit_id == klk.pk

    dissolved = record(
        client,
        world,
        {
            "kind": "dissolve",
            "unit_id": staff.pk,
            "effective_date": "2012-01-01",
            "title": "Personalkontoret läggs ned",
        },
    )
    assert dissolved.status_code == 201, dissolved.content
    assert Unit.objects.get(pk=staff.pk).valid_to == D(2011, 12, 31)
    kinds = list(Reorganisation.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["rename", "move", "split", "transfer", "dissolve"]


def test_the_forms_rules_hold_and_nothing_is_written(client, world):
    klk, economy, _staff = world["offices"]
    before = Reorganisation.objects.count()
    cases = [
        # The decision comes on or before the effective date.
        (
            {
                "kind": "dissolve",
                "unit_id": economy.pk,
                "title": "X",
                "effective_date": "2009-01-01",
                "decision_date": "2009-02-01",
            },
            "__all__",
        ),
        # A unit is never under itself.
        (
            {
                "kind": "move",
                "unit_id": world["board"].pk,
                "effective_date": "2009-01-01",
                "parent_id": klk.pk,
            },
            "parent_id",
        ),
        # A merger needs at least two units; a split gives at least two.
        (
            {
                "kind": "merge",
                "title": "X",
                "effective_date": "2009-01-01",
                "unit_ids": [klk.pk],
                "result": {"name": "Y", "kind": "department"},
            },
            "unit_ids",
        ),
        (
            {
                "kind": "merge",
                "title": "X",
                "effective_date": "2009-01-01",
                "unit_ids": [klk.pk, klk.pk],
                "result": {"name": "Y", "kind": "department"},
            },
            "unit_ids",
        ),
        # Public health moves to another unit than the one that has it.
        (
            {
                "kind": "transfer",
                "responsibility_id": world["health"].pk,
                "to_unit_id": world["leisure"].pk,
                "effective_date": "2009-01-01",
            },
            "to_unit_id",
        ),
        (
            {
                "kind": "split",
                "unit_id": economy.pk,
                "title": "X",
                "effective_date": "2009-01-01",
                "results": [{"name": "Y", "kind": "department"}],
            },
            "results",
        ),
        # A merger, a split and a dissolution need a title.
        ({"kind": "dissolve", "unit_id": economy.pk, "effective_date": "2009-01-01"}, "title"),
        # The change comes after the unit was created.
        (
            {"kind": "rename", "unit_id": klk.pk, "effective_date": "1999-01-01", "name": "Z"},
            "effective_date",
        ),
        # A decision step comes before the change takes effect.
        (
            {
                "kind": "rename",
                "unit_id": klk.pk,
                "effective_date": "2009-01-01",
                "name": "Z",
                "steps": [{"date": "2010-01-01", "description": "Sent"}],
            },
            "steps.0.date",
        ),
        # No kind, or an unknown kind.
        ({"unit_id": klk.pk, "effective_date": "2009-01-01"}, "kind"),
        ({"kind": "annex", "unit_id": klk.pk, "effective_date": "2009-01-01"}, "kind"),
    ]
    for body, field in cases:
        response = record(client, world, body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["errors"], (body, response.json())
    assert Reorganisation.objects.count() == before


def test_units_of_another_organisation_answer_like_missing_ones(client, world):
    klk, economy, _staff = world["offices"]

    def answer(unit_id: int, where: str) -> Any:
        bodies = {
            "unit_ids": {
                "kind": "merge",
                "title": "X",
                "effective_date": "2009-01-01",
                "unit_ids": [klk.pk, unit_id],
                "result": {"name": "Y", "kind": "department"},
            },
            "parent_id": {
                "kind": "move",
                "unit_id": economy.pk,
                "effective_date": "2009-01-01",
                "parent_id": unit_id,
            },
            "to_unit_id": {
                "kind": "transfer",
                "responsibility_id": world["health"].pk,
                "to_unit_id": unit_id,
                "effective_date": "2009-01-01",
            },
            "decided_by_id": {
                "kind": "rename",
                "unit_id": klk.pk,
                "effective_date": "2009-01-01",
                "name": "Z",
                "decided_by_id": unit_id,
            },
        }
        return record(client, world, bodies[where])

    for where in ("unit_ids", "parent_id", "to_unit_id", "decided_by_id"):
        foreign, missing = answer(world["foreign"].pk, where), answer(2**40, where)
        assert foreign.status_code == 400, where
        assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json()), where
        assert set(foreign.json()["errors"]) == {where}
    assert not Reorganisation.objects.exists()


def test_only_an_editor_of_the_organisation_may_reorganise_it(client, world):
    body = {"kind": "rename", "unit_id": world["board"].pk, "effective_date": "2009-01-01", "name": "KS"}
    stranger = keyed(
        TenantRoleFactory(tenant=world["foreign"].tenant, role=Role.ADMINISTRATOR, user__password=None).user
    )
    reader = keyed(
        TenantRoleFactory(tenant=world["board"].tenant, role=Role.READER, user__password=None).user
    )
    assert client.post(URL, body, content_type="application/json").status_code == 401
    assert record(client, world, body, stranger).status_code == 403
    assert record(client, world, body, reader).status_code == 403
    assert not Reorganisation.objects.exists()


def test_an_ended_unit_cannot_be_reorganised_again(client, world):
    economy = world["offices"][1]
    first = {"kind": "dissolve", "unit_id": economy.pk, "effective_date": "2009-01-01", "title": "Ned"}
    assert record(client, world, first).status_code == 201
    again = record(client, world, {**first, "effective_date": "2010-01-01"})
    assert again.status_code == 400
    assert set(again.json()["errors"]) == {"unit_id"}

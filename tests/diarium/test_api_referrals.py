"""The API of referrals, watches, search and the work lists: ids resolved inside the caller's
organisation, one error shape, secrets only with an editor's key."""

from __future__ import annotations

import datetime as dt

import pytest

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.diarium import services
from radhus.diarium.models import Origin, Referral, Status
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantRoleFactory, UnitFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def world():
    series = SeriesFactory(code="KS", tenant__slug="kommunen")
    editor = TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR).user
    stranger = TenantRoleFactory(role=Role.EDITOR).user
    keys = {}
    for name, user in (("editor", editor), ("stranger", stranger)):
        _t, key = token_create(user=user)
        keys[name] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    case = services.case_register(
        tenant=series.tenant, actor=None, series=series, title="Översiktsplan", opened_on=DAY
    )
    secret = services.case_register(
        tenant=series.tenant,
        actor=None,
        series=series,
        title="Hemlig översiktsplan",
        title_secrecy="OSL 18 kap. 13 §",
        public_title="Säkerhetsfråga",
        opened_on=DAY,
    )
    return {"series": series, "case": case, "secret": secret, "keys": keys, "editor": editor}


def test_search_is_public_and_an_editors_key_searches_secrets(client, world):
    anonymous = client.get("/api/v1/diarium/search", {"tenant": "kommunen", "q": "oversiktsplan"}).json()
    assert [i["number"] for i in anonymous["items"]] == [world["case"].number]
    staff = client.get(
        "/api/v1/diarium/search", {"tenant": "kommunen", "q": "oversiktsplan"}, **world["keys"]["editor"]
    ).json()
    assert [i["number"] for i in staff["items"]] == [world["secret"].number, world["case"].number]
    stranger = client.get(
        "/api/v1/diarium/search", {"tenant": "kommunen", "q": "hemlig"}, **world["keys"]["stranger"]
    ).json()
    assert stranger["items"] == []
    assert client.get("/api/v1/diarium/search", {"tenant": "nowhere"}).status_code == 404
    assert client.get("/api/v1/diarium/search", {"tenant": "kommunen", "year": "1"}).status_code == 400


def test_a_referral_is_sent_and_answered_through_the_api(client, world):
    body = UnitFactory(tenant=world["series"].tenant, name="Miljönämnden")
    response = client.post(
        "/api/v1/referrals",
        {"case_id": world["case"].pk, "body_id": body.pk, "due_on": "2026-04-01", "sent_on": "2026-03-02"},
        content_type="application/json",
        **world["keys"]["editor"],
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["recipient"] == "Miljönämnden" and out["sent_record"] == f"{world['case'].number}-1"
    answer = client.post(
        f"/api/v1/referrals/{out['id']}/answer",
        {"answered_on": "2026-03-20"},
        content_type="application/json",
        **world["keys"]["editor"],
    )
    assert answer.status_code == 200 and answer.json()["answered_on"] == "2026-03-20"
    world["case"].refresh_from_db()
    assert world["case"].status == Status.IN_PREPARATION
    again = client.post(
        f"/api/v1/referrals/{out['id']}/answer",
        {},
        content_type="application/json",
        **world["keys"]["editor"],
    )
    assert again.status_code == 400 and again.json()["errors"]
    listed = client.get("/api/v1/referrals", {"tenant": "kommunen"}).json()
    assert [r["id"] for r in listed] == [out["id"]]


def test_ids_of_another_organisation_answer_as_missing(client, world):
    foreign_body = UnitFactory()
    response = client.post(
        "/api/v1/referrals",
        {"case_id": world["case"].pk, "body_id": foreign_body.pk, "due_on": "2026-04-01"},
        content_type="application/json",
        **world["keys"]["editor"],
    )
    assert response.status_code == 400 and "body_id" in response.json()["errors"]
    stranger = client.post(
        "/api/v1/referrals",
        {"case_id": world["case"].pk, "recipient": "X", "due_on": "2026-04-01"},
        content_type="application/json",
        **world["keys"]["stranger"],
    )
    assert stranger.status_code == 403
    assert (
        client.post(
            "/api/v1/referrals",
            {"case_id": world["case"].pk, "recipient": "X", "due_on": "2026-04-01"},
            content_type="application/json",
        ).status_code
        == 401
    )
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"due_on": "2026-02-30"},
        {"due_on": "99999-01-01"},
        {"due_on": "2026-04-01", "recipient": "a\x00b"},
        {"due_on": "2026-04-01", "recipient": "\n"},
        {"due_on": "2026-04-01", "case_id": 2**70},
        {"due_on": "2026-03-01", "recipient": "X", "sent_on": "2026-03-02"},
    ],
)
def test_bad_referrals_are_400(client, world, payload):
    body = {"case_id": world["case"].pk, "recipient": "X", **payload}
    response = client.post(
        "/api/v1/referrals", body, content_type="application/json", **world["keys"]["editor"]
    )
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_watches_are_the_key_users_own(client, world):
    created = client.post(
        "/api/v1/watches",
        {"case_id": world["case"].pk, "note": "Följ upp", "due_on": "2026-05-01"},
        content_type="application/json",
        **world["keys"]["editor"],
    )
    assert created.status_code == 201
    watch_id = created.json()["id"]
    assert [
        w["id"]
        for w in client.get("/api/v1/watches", {"tenant": "kommunen"}, **world["keys"]["editor"]).json()
    ] == [watch_id]
    assert client.get("/api/v1/watches", {"tenant": "kommunen"}, **world["keys"]["stranger"]).json() == []
    assert client.post(f"/api/v1/watches/{watch_id}/done", **world["keys"]["stranger"]).status_code == 404
    done = client.post(f"/api/v1/watches/{watch_id}/done", **world["keys"]["editor"])
    assert done.status_code == 200 and done.json()["done_on"]


def test_the_council_report_and_backlog(client, world):
    series = world["series"]
    motion = services.case_register(
        tenant=series.tenant,
        actor=None,
        series=series,
        title="Motion om cykelvägar",
        origin=Origin.MOTION,
        opened_on=dt.date(2024, 9, 1),
    )
    report = client.get("/api/v1/diarium/council-report", {"tenant": "kommunen", "on": "2026-03-02"}).json()
    assert [c["number"] for c in report] == [motion.number]
    assert client.get("/api/v1/diarium/backlog", {"tenant": "kommunen"}).status_code == 401
    assert (
        client.get("/api/v1/diarium/backlog", {"tenant": "kommunen"}, **world["keys"]["stranger"]).status_code
        == 403
    )
    backlog = client.get("/api/v1/diarium/backlog", {"tenant": "kommunen"}, **world["keys"]["editor"]).json()
    assert backlog[0]["number"] == motion.number and len(backlog) == 3

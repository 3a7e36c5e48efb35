"""The follow-up API: public reads show only public assignments (nothing from a secret
paragraph), lists are paged by keyset, and writes go through the services with the key of an
editor; another organisation's ids answer as missing ones."""

import datetime as dt

import pytest
import time_machine

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.followup import services
from radhus.followup.models import Assignment, Deviation
from radhus.meetings import services as meetings
from radhus.organisation.models import UnitKind
from tests.factories import TenantRoleFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 7, 10, 10, tzinfo=dt.UTC)


def _key(user):
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world():
    world = build_decided_board()
    world.office = UnitFactory(tenant=world.tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kansliet")
    world.editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    world.public = services.assignment_create(
        decision=world.decisions[1],
        actor=None,
        title="Ta fram anvisningar",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.office,
    )
    world.secret = services.assignment_create(
        decision=world.decisions[2],
        actor=None,
        title="HEMLIGT uppdrag",
        due_on=dt.date(2026, 8, 30),
        assignee_unit=world.office,
        secrecy="OSL 19 kap. 1 §",
    )
    return world


@time_machine.travel(TODAY, tick=False)
def test_the_public_list_leaves_secret_assignments_out_and_says_what_is_late(client, world):
    """OSL 5 kap. 5 §: what is secret stays out of every public output."""
    body = client.get("/api/v1/assignments", {"tenant": world.tenant.slug}).json()
    assert [a["title"] for a in body["items"]] == ["Ta fram anvisningar"]
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["late"], item["reference"], item["assignee"]["name"]) == (True, "KS § 2/2026", "Kansliet")
    assert client.get(f"/api/v1/assignments/{world.secret.pk}").status_code == 404
    assert "HEMLIGT" not in client.get("/api/v1/assignments").content.decode()


def test_an_assignment_from_a_secret_paragraph_is_never_public(client, world):
    paragraph = world.decisions[0].paragraph
    type(paragraph).objects.filter(pk=paragraph.pk).update(secrecy="OSL 39 kap. 3 §")
    from_secret = services.assignment_create(
        decision=world.decisions[0],
        actor=None,
        title="Ur hemlig paragraf",
        due_on=dt.date(2026, 9, 1),
        assignee_unit=world.office,
    )
    assert from_secret.secrecy == "OSL 39 kap. 3 §"
    assert client.get(f"/api/v1/assignments/{from_secret.pk}").status_code == 404


def test_keyset_paging_walks_every_public_assignment_once(client, world):
    for i in range(4):
        services.assignment_create(
            decision=world.decisions[0],
            actor=None,
            title=f"Uppdrag {i}",
            due_on=dt.date(2026, 6, 30),
            assignee_unit=world.office,
        )
    seen, url = [], "/api/v1/assignments?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
    public = list(
        Assignment.objects.exclude(pk=world.secret.pk).order_by("due_on", "id").values_list("pk", flat=True)
    )
    assert seen == public and len(seen) == 5


@time_machine.travel(TODAY, tick=False)
def test_progress_completion_and_a_deviation_through_the_api(client, world):
    key = _key(world.editor)
    meetings.meeting_create(
        tenant=world.tenant, actor=None, body=world.body, date=dt.date(2026, 8, 18), start_time=dt.time(9)
    )
    url = f"/api/v1/assignments/{world.public.pk}"
    response = client.post(
        f"{url}/progress", {"progress": 60, "text": "Snart klart."}, content_type="application/json", **key
    )
    assert response.status_code == 201, response.content
    assert (response.json()["progress"], response.json()["status"]) == (60, "in_progress")
    response = client.post(
        f"{url}/deviations",
        {"kind": "late", "reason": "Sent underlag.", "proposed_due_on": "2026-09-30"},
        content_type="application/json",
        **key,
    )
    assert response.status_code == 201
    assert response.json()["meeting_date"] == "2026-08-18"
    response = client.post(
        f"{url}/complete", {"completed_on": "2026-07-09"}, content_type="application/json", **key
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["days_to_done"], body["late"]) == ("done", 121, False)  # 2026-03-10 → 07-09
    assert [
        d["kind"] for d in client.get("/api/v1/deviations", {"tenant": world.tenant.slug}).json()["items"]
    ] == ["late"]


@time_machine.travel(TODAY, tick=False)
def test_creating_through_the_api_refuses_another_organisations_ids(client, world):
    other = build_decided_board("annan")
    key = _key(world.editor)
    payload = {
        "tenant": world.tenant.slug,
        "decision_id": other.decisions[0].pk,
        "title": "X",
        "due_on": "2026-12-31",
        "assignee_unit_id": UnitFactory(tenant=other.tenant).pk,
    }
    response = client.post("/api/v1/assignments", payload, content_type="application/json", **key)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"decision_id", "assignee_unit_id"}
    payload.update(decision_id=world.decisions[0].pk, assignee_unit_id=world.office.pk)
    response = client.post("/api/v1/assignments", payload, content_type="application/json", **key)
    assert response.status_code == 201
    assert response.json()["reference"] == "KS § 1/2026"
    foreign_key = _key(TenantRoleFactory(tenant=other.tenant, role=Role.EDITOR).user)
    response = client.post(
        f"/api/v1/assignments/{world.public.pk}/progress",
        {"progress": 5},
        content_type="application/json",
        **foreign_key,
    )
    assert response.status_code == 403
    assert not Deviation.objects.exists()


def test_writes_need_a_key(client, world):
    response = client.post(
        f"/api/v1/assignments/{world.public.pk}/complete", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_the_lists_queries_do_not_grow_with_the_rows(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/assignments", {"tenant": world.tenant.slug}).status_code == 200
        return len(queries)

    count()  # as on a running server: the organisation is then kept in the process
    few = count()
    for i in range(6):
        services.assignment_create(
            decision=world.decisions[0],
            actor=None,
            title=f"Uppdrag {i}",
            due_on=dt.date(2026, 6, 30),
            assignee_post=None,
            assignee_unit=world.office,
        )
    assert count() == few

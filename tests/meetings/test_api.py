"""The meetings API: the plan, agenda from a ready case, paragraphs, approval by each signer,
the public minutes and the notice board; approved minutes refuse a change (audited); a foreign
editor is refused and foreign ids answer like missing ones."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from radhus.core.audit import history_of
from radhus.core.tokens import token_create
from radhus.meetings.models import Meeting
from tests.factories import TenantRoleFactory
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting, link_signers

pytestmark = pytest.mark.django_db


def headers(user) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(path, data, auth):
    return Client().post(path, data, content_type="application/json", **auth)


def test_plan_agenda_paragraph_through_the_api():
    board = build_board()
    auth = headers(board.secretary_user)
    response = post(f"/api/v1/meeting-series/{board.series.pk}/plan", {"year": 2026}, auth)
    assert response.status_code == 200, response.content
    meetings = response.json()
    assert len(meetings) == 12 and all(dt.date.fromisoformat(m["date"]).weekday() == 1 for m in meetings)
    meeting_id = meetings[2]["id"]
    response = post(
        f"/api/v1/meetings/{meeting_id}/agenda", {"kind": "case", "case_id": board.cases[0].pk}, auth
    )
    assert response.status_code == 200, response.content
    item = response.json()["agenda"][-1]
    assert item["case_number"] == board.cases[0].number
    response = post(
        f"/api/v1/meetings/{meeting_id}/paragraphs",
        {"agenda_item_id": item["id"], "decision_text": "Bifall."},
        auth,
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    response = post(f"/api/v1/meetings/{meeting_id}/paragraphs", {"title": ""}, auth)
    assert response.status_code == 400 and "title" in response.json()["errors"]


def test_foreign_ids_and_editors_are_refused():
    board = build_board()
    other = build_board("tanum")
    meeting = Meeting.objects.create(
        tenant=board.tenant, body=board.body, date=dt.date(2026, 3, 10), start_time=dt.time(9)
    )
    response = post(
        f"/api/v1/meetings/{meeting.pk}/agenda",
        {"kind": "case", "case_id": other.cases[0].pk},
        headers(board.secretary_user),
    )
    assert response.status_code == 400 and "case_id" in response.json()["errors"]
    response = post(
        f"/api/v1/meetings/{meeting.pk}/agenda",
        {"kind": "information", "title": "X"},
        headers(other.secretary_user),
    )
    assert response.status_code == 403
    assert (
        Client()
        .post(f"/api/v1/meetings/{meeting.pk}/agenda", {}, content_type="application/json")
        .status_code
        == 401
    )


def test_minutes_are_public_once_approved_and_locked_after():
    board = hold_meeting(build_board())
    meeting = board.meeting
    assert Client().get(f"/api/v1/meetings/{meeting.pk}/minutes").status_code == 404
    auth = headers(board.secretary_user)
    users = link_signers(board)
    signers = list(meeting.signers.select_related("attendance"))
    # The secretary may not sign the chair's line (KL 5 kap. 69 §): each signs their own.
    response = post(f"/api/v1/meetings/{meeting.pk}/signatures/{signers[0].pk}", {}, auth)
    assert response.status_code == 400
    assert "Bara Per Nylén får justera" in response.json()["errors"]["__all__"][0]
    for signer in signers:
        own = headers(users[signer.attendance.name])
        response = post(f"/api/v1/meetings/{meeting.pk}/signatures/{signer.pk}", {}, own)
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["appeal_last_day"]
    minutes = Client().get(f"/api/v1/meetings/{meeting.pk}/minutes").json()
    assert [p["number"] for p in minutes["paragraphs"]] == [1, 2, 3, 4]
    assert "Nils Ström (C)" in minutes["substitutes"]
    response = post(f"/api/v1/meetings/{meeting.pk}/paragraphs", {"title": "Sent tillägg"}, auth)
    assert response.status_code == 400
    assert (
        history_of(meeting)
        .filter(action="meetings.minutes.change_refused", actor=board.secretary_user)
        .count()
        == 1
    )


def test_notice_board_lists_the_posting():
    board = hold_meeting(build_board())
    sign_all(board, on=dt.date(2026, 3, 13))
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False):
        body = Client().get("/api/v1/notice-board?tenant=munkedal").json()
    assert body["items"][0]["appeal_last_day"] == "2026-04-07"
    assert Client().get("/api/v1/notice-board?tenant=finns-inte").status_code == 404


def test_a_reader_role_cannot_write():
    board = build_board()
    reader = TenantRoleFactory(tenant=board.tenant, role="reader").user
    response = post(f"/api/v1/meeting-series/{board.series.pk}/plan", {"year": 2026}, headers(reader))
    assert response.status_code == 403


def test_an_administrator_signs_someone_elses_line_through_the_api_only_with_a_reason():
    """The signer approves their own line (KL 5 kap. 69 §); an administrator who records a
    signer's approval made on paper gives the reason in the body, which the audit trail keeps.
    Without it the answer is 400 on ``reason``; a signer id of another organisation's minutes
    answers 404, like a missing one."""
    board = hold_meeting(build_board())
    meeting = board.meeting
    link_signers(board)
    admin = TenantRoleFactory(tenant=board.tenant, role="administrator").user
    chair = meeting.signers.get(role="chair")
    path = f"/api/v1/meetings/{meeting.pk}/signatures/{chair.pk}"
    response = post(path, {}, headers(admin))
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "reason": ["Ange skälet till att du justerar för Per Nylén räkning."]
    }
    response = post(path, {"reason": "   "}, headers(admin))
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = post(path, {"reason": "x" * 501}, headers(admin))
    assert response.json()["errors"] == {"reason": ["Högst 500 tecken."]}
    response = post(path, {"reason": None}, headers(admin))
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    chair.refresh_from_db()
    assert chair.signed_at is None
    response = post(path, {"reason": "Justerade på papper den 13 mars."}, headers(admin))
    assert response.status_code == 200, response.content
    chair.refresh_from_db()
    assert chair.signed_at is not None and chair.user == admin
    event = history_of(meeting).get(action="meetings.approval.sign_on_behalf")
    assert event.actor == admin and event.changes["reason"] == "Justerade på papper den 13 mars."
    assert event.changes["signer"] == "Per Nylén"
    # Another organisation's signer under this meeting's address is not found; under its own
    # meeting's address the public meeting is found, and changing it is not allowed.
    other = hold_meeting(build_board("tanum"))
    foreign = other.meeting.signers.get(role="chair")
    response = post(
        f"/api/v1/meetings/{meeting.pk}/signatures/{foreign.pk}", {"reason": "Skäl."}, headers(admin)
    )
    assert response.status_code == 404 and response.json()["errors"] == {}
    response = post(
        f"/api/v1/meetings/{other.meeting.pk}/signatures/{foreign.pk}", {"reason": "Skäl."}, headers(admin)
    )
    assert response.status_code == 403
    foreign.refresh_from_db()
    assert foreign.signed_at is None


def test_the_signing_body_and_the_time_of_approval_are_in_the_openapi_document():
    schema = Client().get("/api/schema/").json()
    paths, schemas = schema["paths"], schema["components"]["schemas"]

    def named(ref: dict) -> dict:
        return schemas[ref["$ref"].rsplit("/", 1)[-1]]["properties"]

    sign = paths["/api/v1/meetings/{meeting_id}/signatures/{signer_id}"]["post"]
    reason = named(sign["requestBody"]["content"]["application/json"]["schema"])["reason"]
    assert reason["type"] == "string" and reason["maxLength"] == 500
    assert "on the signer's behalf" in reason["description"]
    arrange = paths["/api/v1/meetings/{meeting_id}/approval"]["post"]
    assert "time" in named(arrange["requestBody"]["content"]["application/json"]["schema"])
    minutes = paths["/api/v1/meetings/{meeting_id}/minutes"]["get"]
    assert "approval_time" in named(minutes["responses"]["200"]["content"]["application/json"]["schema"])


def test_the_time_of_approval_is_set_and_shown_through_the_api():
    """The place, day and time of approval chosen at the meeting (KL 5 kap. 69 §: within 14
    days) are set by the API and shown in the public minutes: 2026-03-13 at 10:00."""
    board = hold_meeting(build_board())
    meeting = board.meeting
    a = board.by_name
    body = {
        "chair_id": a["Per Nylén"].pk,
        "adjuster_ids": [a["Karin Ek"].pk],
        "secretary_id": a["Lena Protokoll"].pk,
        "place": "Kommunkansliet",
        "date": "2026-03-13",
        "time": "10:00",
    }
    response = post(
        f"/api/v1/meetings/{meeting.pk}/approval", {**body, "time": "25:00"}, headers(board.secretary_user)
    )
    assert response.status_code == 400 and "time" in response.json()["errors"]
    # On the meeting day, not before the meeting has begun (09:00).
    early = {**body, "date": "2026-03-10", "time": "08:30"}
    response = post(f"/api/v1/meetings/{meeting.pk}/approval", early, headers(board.secretary_user))
    assert response.json()["errors"] == {
        "time": ["Samma dag som sammanträdet justeras protokollet först när sammanträdet har börjat."]
    }
    response = post(f"/api/v1/meetings/{meeting.pk}/approval", body, headers(board.secretary_user))
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.approval_time == dt.time(10, 0)
    sign_all(board, on=dt.date(2026, 3, 13))
    minutes = Client().get(f"/api/v1/meetings/{meeting.pk}/minutes").json()
    assert (minutes["approval_place"], minutes["approval_date"], minutes["approval_time"]) == (
        "Kommunkansliet",
        "2026-03-13",
        "10:00",
    )

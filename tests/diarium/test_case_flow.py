"""The case page shows where the case is in the flow (FLOW.md): the agendas it is on, the
paragraph that decided it and the assignments made from the decision, each linked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from radhus.core.models import Role
from radhus.followup import services as followup
from radhus.meetings import services
from tests.factories import TenantRoleFactory
from tests.followup.world import build_decided_board
from tests.meetings.world import build_board

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def case_page(user, tenant, case) -> str:
    client = Client()
    client.force_login(user)
    path = reverse("staff_diarium_case", kwargs={"tenant": tenant.slug, "case_id": case.pk})
    return client.get(path).content.decode()


def test_a_case_ready_for_decision_is_on_no_agenda_yet():
    board = build_board()
    html = case_page(board.secretary_user, board.tenant, board.cases[0])
    assert "Sammanträden, beslut och uppföljning" in html
    assert "Ärendet står inte på någon föredragningslista ännu." in html


def test_a_case_on_an_agenda_links_to_its_meeting_and_unapproved_paragraph():
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 4, 14), start_time=dt.time(9)
    )
    item = services.agenda_add_case(meeting=meeting, actor=None, case=board.cases[0])
    paragraph = services.paragraph_create(meeting=meeting, actor=None, agenda_item=item)
    html = case_page(board.secretary_user, board.tenant, board.cases[0])
    meeting_url = reverse("staff_meeting", kwargs={"tenant": board.tenant.slug, "meeting_id": meeting.pk})
    assert f'href="{meeting_url}#item-{item.pk}">Kommunstyrelsen 2026-04-14</a>' in html
    p_url = reverse(
        "staff_meeting_paragraph", kwargs={"tenant": board.tenant.slug, "paragraph_id": paragraph.pk}
    )
    assert f'href="{p_url}">KS § 1/2026</a>, 2026-04-14: protokollet är inte justerat ännu' in html


def test_a_decided_case_shows_its_decision_and_its_assignments_with_their_status():
    world = build_decided_board()
    case = world.board.cases[0]
    decision = world.decisions[1]
    assert decision.case == case
    done = followup.assignment_create(
        decision=decision,
        actor=None,
        title="Ta fram budgetunderlag",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.body,
    )
    followup.assignment_complete(assignment=done, actor=None, completed_on=dt.date(2026, 3, 31))
    secret = followup.assignment_create(
        decision=decision,
        actor=None,
        title="Hemlig del",
        due_on=dt.date(2026, 5, 31),
        assignee_unit=world.body,
        secrecy="OSL 21 kap. 1 §",
    )
    html = case_page(world.board.secretary_user, world.tenant, case)
    p_url = reverse(
        "staff_meeting_paragraph", kwargs={"tenant": world.tenant.slug, "paragraph_id": decision.paragraph_id}
    )
    assert f'href="{p_url}">KS § 2/2026</a>, 2026-03-10: beslutat (KS § 2/2026)' in html
    a_url = reverse(
        "staff_followup_assignment", kwargs={"tenant": world.tenant.slug, "assignment_id": done.pk}
    )
    assert f'href="{a_url}">Ta fram budgetunderlag</a> <span class="tag">klart</span>' in html
    assert "Hemlig del" in html
    # A reader reads the secret assignment's reference, not its title (OSL 21 kap. 1 §).
    reader = TenantRoleFactory(tenant=world.tenant, role=Role.READER).user
    html = case_page(reader, world.tenant, case)
    assert "Hemlig del" not in html and secret.reference in html

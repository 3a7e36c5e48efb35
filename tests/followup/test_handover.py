"""The follow-up's seams: an assignment's page links back to its paragraph, its minutes and its
case, and links the assignment to a goal of the organisation's trees (its own and those its
collaborations share); the public goal page lists the linked assignments the public may read."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from radhus.core.audit import history_of
from radhus.core.models import CollaborationMember, Role
from radhus.followup import services as followup
from radhus.followup import services_goals as goals
from radhus.followup.models import GoalAssignment
from tests.factories import TenantFactory, TenantRoleFactory, client_for
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def decided():
    world = build_decided_board()
    world.assignment = followup.assignment_create(
        decision=world.decisions[1],
        actor=None,
        title="Ta fram budgetunderlag",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.body,
    )
    return world


def url(name: str, world, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def send(client: Client, path: str, data: dict) -> object:
    html = client.get(path).content.decode()
    once = html.split('name="once" value="', 1)[1].split('"', 1)[0]
    return client.post(path, {"once": once, **data})


def test_the_assignment_page_links_back_to_its_paragraph_minutes_and_case(decided):
    client = client_for(decided.board.secretary_user)
    html = client.get(url("staff_followup_assignment", decided, assignment_id=decided.assignment.pk))
    html = html.content.decode()
    decision = decided.decisions[1]
    assert url("staff_meeting_paragraph", decided, paragraph_id=decision.paragraph_id) in html
    assert url("staff_meeting", decided, meeting_id=decided.board.meeting.pk) + "#minutes" in html
    assert url("staff_diarium_case", decided, case_id=decided.board.cases[0].pk) in html


def test_an_editor_links_the_assignment_to_an_own_goal(decided):
    goal = goals.goal_create(tenant=decided.tenant, actor=None, title="Ekonomi i balans", is_public=True)
    child = goals.goal_create(tenant=decided.tenant, actor=None, title="Budget i tid", parent=goal)
    client = client_for(decided.board.secretary_user)
    page_url = url("staff_followup_assignment", decided, assignment_id=decided.assignment.pk)
    html = client.get(page_url).content.decode()
    assert "Inte kopplat till något mål." in html
    assert f'<option value="{child.pk}">\u2003Budget i tid</option>' in html
    link_url = url("staff_followup_link_goal", decided, assignment_id=decided.assignment.pk)
    response = send(client, link_url, {"goal": child.pk, "weight": "2"})
    assert response.status_code == 302 and response["Location"] == page_url
    link = GoalAssignment.objects.get(assignment=decided.assignment)
    assert link.goal == child and link.weight == 2
    assert history_of(child).filter(action="followup.goal.link", actor=decided.board.secretary_user).exists()
    html = client.get(page_url).content.decode()
    assert url("staff_goal", decided, goal_id=child.pk) in html
    # Twice: the constraint's sentence, in Swedish.
    html = send(client, link_url, {"goal": child.pk, "weight": "1"}).content.decode()
    assert "Uppdraget är redan kopplat till detta mål." in html


def test_another_organisations_goal_and_assignment_are_not_offered_nor_found(decided):
    other = TenantFactory(slug="dals-ed", name="Dals-Eds kommun")
    foreign_goal = goals.goal_create(tenant=other, actor=None, title="Främmande mål")
    client = client_for(decided.board.secretary_user)
    link_url = url("staff_followup_link_goal", decided, assignment_id=decided.assignment.pk)
    assert "Främmande mål" not in client.get(link_url).content.decode()
    html = send(client, link_url, {"goal": foreign_goal.pk, "weight": "1"}).content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert not GoalAssignment.objects.exists()
    with pytest.raises(ValidationError):
        goals.goal_link_assignment(goal=foreign_goal, assignment=decided.assignment, actor=None)
    other_world = build_decided_board("tanum")
    foreign = followup.assignment_create(
        decision=other_world.decisions[0],
        actor=None,
        title="Annans uppdrag",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=other_world.body,
    )
    assert client.get(url("staff_followup_link_goal", decided, assignment_id=foreign.pk)).status_code == 404
    reader = client_for(TenantRoleFactory(tenant=decided.tenant, role=Role.READER).user)
    assert reader.post(link_url, {"once": "", "goal": "1", "weight": "1"}).status_code == 403


def test_a_goal_a_collaboration_shares_with_its_members_may_be_linked(decided):
    region = TenantFactory(slug="fyrbodal", name="Fyrbodal", collaboration=True)
    CollaborationMember.objects.create(collaboration=region, municipality=decided.tenant)
    shared = goals.goal_create(
        tenant=region, actor=None, title="Gemensam tillväxt", is_public=True, shared_with_members=True
    )
    private = goals.goal_create(tenant=region, actor=None, title="Regionens interna mål")
    client = client_for(decided.board.secretary_user)
    link_url = url("staff_followup_link_goal", decided, assignment_id=decided.assignment.pk)
    html = client.get(link_url).content.decode()
    assert "Gemensam tillväxt (Fyrbodal)" in html and "Regionens interna mål" not in html
    assert send(client, link_url, {"goal": shared.pk, "weight": "1"}).status_code == 302
    assert GoalAssignment.objects.get().goal == shared
    with pytest.raises(ValidationError):
        goals.goal_link_assignment(goal=private, assignment=decided.assignment, actor=None)


def test_the_public_goal_page_lists_linked_public_assignments_only(decided):
    """A secret assignment (OSL 21 kap. 1 §) is never listed publicly."""
    goal = goals.goal_create(tenant=decided.tenant, actor=None, title="Ekonomi i balans", is_public=True)
    goals.goal_link_assignment(goal=goal, assignment=decided.assignment, actor=None)
    secret = followup.assignment_create(
        decision=decided.decisions[2],
        actor=None,
        title="Hemlig utredning",
        due_on=dt.date(2026, 5, 31),
        assignee_unit=decided.body,
        secrecy="OSL 21 kap. 1 §",
    )
    goals.goal_link_assignment(goal=goal, assignment=secret, actor=None)
    html = Client().get(reverse("goals_goal", args=[decided.tenant.slug, goal.pk])).content.decode()
    assert "Ta fram budgetunderlag (KS § 2/2026) – ej påbörjat, klart senast 2026-06-30" in html
    assert "Hemlig utredning" not in html

"""The secretary's seams to the rest of the flow: who signs which line of the minutes, approval
of one paragraph at once, cancelling a meeting, and the hand-over from a decided paragraph to
the follow-up ("Skapa uppdrag" and the assignments made from it)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium.models import Status
from radhus.followup import services as followup
from radhus.meetings import services
from radhus.meetings.models import Decision, MeetingStatus
from tests.factories import TenantRoleFactory
from tests.meetings.test_views_staff import client_for, page, send, url
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting, link_signers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def held():
    board = hold_meeting(build_board())
    board.users = link_signers(board)
    board.signers = {s.attendance.name: s for s in board.meeting.signers.select_related("attendance")}
    return board


# Who signs (KL 5 kap. 69 §) ------------------------------------------------------------------------


def test_a_signer_signs_only_their_own_line(held):
    """The chair and the adjusters approve the minutes, each for themselves (KL 5 kap. 69 §): the
    secretary, linked to Lena Protokoll, may not sign the chair's line."""
    chair = held.signers["Per Nylén"]
    with pytest.raises(ValidationError) as exc:
        services.minutes_sign(signer=chair, actor=held.secretary_user)
    assert "Bara Per Nylén får justera den här raden" in exc.value.message_dict["__all__"][0]
    chair.refresh_from_db()
    assert chair.signed_at is None
    services.minutes_sign(signer=chair, actor=held.users["Per Nylén"])
    chair.refresh_from_db()
    assert chair.user == held.users["Per Nylén"] and chair.signed_at is not None


def test_an_editor_linked_to_nobody_signs_nothing_and_a_reader_is_refused(held):
    editor = TenantRoleFactory(tenant=held.tenant, role=Role.EDITOR).user
    for signer in held.signers.values():
        with pytest.raises(ValidationError):
            services.minutes_sign(signer=signer, actor=editor, reason="Jag får")
    reader = TenantRoleFactory(tenant=held.tenant, role=Role.READER).user
    with pytest.raises(PermissionDenied):
        services.minutes_sign(signer=held.signers["Per Nylén"], actor=reader)


def test_an_administrator_signs_on_someones_behalf_only_with_a_reason_kept_in_the_audit(held):
    """An administrator may approve for a signer who approved on paper, with the reason in the
    audit trail (KL 5 kap. 69 §: the signer approves; the administrator records it)."""
    admin = TenantRoleFactory(tenant=held.tenant, role=Role.ADMINISTRATOR).user
    karin = held.signers["Karin Ek"]
    with pytest.raises(ValidationError) as exc:
        services.minutes_sign(signer=karin, actor=admin, reason="  \n ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.minutes_sign(signer=karin, actor=admin, reason="x" * 501)
    services.minutes_sign(signer=karin, actor=admin, reason="Justerade på papper\nden 13 mars.")
    event = history_of(held.meeting).get(action="meetings.approval.sign_on_behalf")
    assert event.actor == admin
    assert event.changes["reason"] == "Justerade på papper den 13 mars."
    assert event.changes["signer"] == "Karin Ek"


def test_no_user_signs_only_as_the_system_by_name(held):
    """A line signed with no user is signed by a program that names itself (the demo, a
    command), never silently (KL 5 kap. 69 §: someone answers for each line); only it may say
    when the line was signed, and never in the future or before the meeting."""
    chair = held.signers["Per Nylén"]
    with pytest.raises(PermissionDenied):
        services.minutes_sign(signer=chair, actor=None)
    with pytest.raises(ValueError):
        services.minutes_sign(signer=chair, actor=held.users["Per Nylén"], system="demo")
    with pytest.raises(ValueError):
        services.minutes_sign(signer=chair, actor=held.users["Per Nylén"], at=NOW)
    with pytest.raises(ValidationError) as exc:
        services.minutes_sign(signer=chair, actor=None, system="demo", at=NOW + dt.timedelta(minutes=1))
    assert exc.value.message_dict["at"] == ["Protokollet justeras efter sammanträdet och inte i framtiden."]
    with pytest.raises(ValidationError):
        services.minutes_sign(
            signer=chair, actor=None, system="demo", at=dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC)
        )
    signed_at = dt.datetime(2026, 3, 10, 14, 5, tzinfo=dt.UTC)  # 15.05 in Sweden, after the meeting
    services.minutes_sign(signer=chair, actor=None, system="demo", at=signed_at)
    chair.refresh_from_db()
    assert chair.signed_at == signed_at and chair.user is None
    event = history_of(held.meeting).get(action="meetings.approval.sign")
    assert event.actor is None and event.actor_name == "system"
    assert event.changes == {"system": "demo"}
    assert event.summary == "Raden för Per Nylén justerades av systemet (demo)."


def test_the_staff_page_shows_only_ones_own_button(held):
    client = client_for(held.secretary_user)
    html = page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    assert "Justera som Lena Protokoll" in html
    assert "Justera som Per Nylén" not in html and "Justera som Karin Ek" not in html
    assert "för Per Nylén räkning" not in html
    # Signing the chair's line from the secretary's login is refused in Swedish.
    response = send(
        client, url("staff_meeting_sign", held, signer_id=held.signers["Per Nylén"].pk), {"confirm": "on"}
    )
    assert "Bara Per Nylén får justera den här raden i protokollet (KL 5 kap. 69 §)." in page(response)
    admin = client_for(TenantRoleFactory(tenant=held.tenant, role=Role.ADMINISTRATOR).user)
    html = page(admin.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    assert "Justera för Per Nylén räkning" in html
    sign_url = url("staff_meeting_sign", held, signer_id=held.signers["Per Nylén"].pk)
    html = page(send(admin, sign_url, {}))
    assert "Skäl till att justera för Per Nylén räkning" in html
    assert send(admin, sign_url, {"reason": "Justerat på papper."}).status_code == 302
    held.signers["Per Nylén"].refresh_from_db()
    assert held.signers["Per Nylén"].signed_at is not None


def test_another_organisations_signer_is_not_found(held):
    other = build_board("dals-ed")
    foreign = hold_meeting(other).meeting.signers.first()
    client = client_for(held.secretary_user)
    assert client.get(url("staff_meeting_sign", held, signer_id=foreign.pk)).status_code == 404


# Approval of a paragraph at once ---------------------------------------------------------------


def test_a_paragraph_approved_at_once_from_its_page_is_read_only_after(held):
    """KL 5 kap. 69 §: the paragraph is approved at the meeting and then locked; its decision
    goes back to its case and it is posted with its own appeal period (KL 13 kap. 5 §)."""
    client = client_for(held.secretary_user)
    paragraph = held.meeting.paragraphs.get(number=2)
    p_url = url("staff_meeting_paragraph", held, paragraph_id=paragraph.pk)
    html = page(client.get(p_url))
    assert "Justera paragrafen omedelbart" in html
    response = send(client, url("staff_meeting_approve_at_once", held, paragraph_id=paragraph.pk), {})
    assert response.status_code == 302 and response["Location"] == p_url + "#approve-at-once"
    paragraph.refresh_from_db()
    assert paragraph.immediately_approved and paragraph.approved_at_once_on == MEETING_DAY
    held.cases[0].refresh_from_db()
    assert held.cases[0].status == Status.DECIDED
    html = page(client.get(p_url))
    assert "Paragrafen justerades omedelbart den 2026-03-10 och är låst" in html
    assert "Sista dag att överklaga: 2026-03-31 (KL 13 kap. 5 §)." in html
    assert "Justera paragrafen omedelbart" not in html
    assert '<fieldset class="plain" disabled>' in html
    # Sent anyway: refused in Swedish, nothing changed.
    html = page(send(client, p_url, {"title": "Ändrad", "decision_text": "Ändrat."}))
    assert "Paragrafen är omedelbart justerad och kan inte längre ändras." in html
    paragraph.refresh_from_db()
    assert paragraph.title == "Budget 2027"


def test_approval_at_once_is_refused_in_swedish_without_adjusters_and_for_a_reader():
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    paragraph = services.paragraph_create(meeting=meeting, actor=None, title="Brådskande", is_decision=True)
    client = client_for(board.secretary_user)
    action = url("staff_meeting_approve_at_once", board, paragraph_id=paragraph.pk)
    html = page(send(client, action, {}))
    assert "Välj ordförande och justerare innan en paragraf justeras omedelbart." in html
    reader = client_for(TenantRoleFactory(tenant=board.tenant, role=Role.READER).user)
    assert reader.post(action, {"once": ""}).status_code == 403
    other = build_board("dals-ed")
    assert client_for(other.secretary_user).get(action).status_code == 403
    paragraph.refresh_from_db()
    assert not paragraph.immediately_approved


# Cancelling a meeting ---------------------------------------------------------------------------


def test_a_meeting_is_cancelled_after_a_confirmation_and_its_cases_go_off_the_agenda():
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    services.agenda_add_case(meeting=meeting, actor=None, case=board.cases[0])
    client = client_for(board.secretary_user)
    m_url = url("staff_meeting", board, meeting_id=meeting.pk)
    cancel_url = url("staff_meeting_cancel", board, meeting_id=meeting.pk)
    assert cancel_url in page(client.get(m_url))
    # The link leads to a confirmation; nothing is cancelled by looking.
    html = page(client.get(cancel_url))
    assert "Ställ in sammanträdet" in html and "tas bort från föredragningslistan" in html
    meeting.refresh_from_db()
    assert meeting.status != MeetingStatus.CANCELLED
    reader = client_for(TenantRoleFactory(tenant=board.tenant, role=Role.READER).user)
    assert reader.post(cancel_url, {"once": ""}).status_code == 403
    assert send(client, cancel_url, {}).status_code == 302
    meeting.refresh_from_db()
    board.cases[0].refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert board.cases[0].status == Status.READY
    assert cancel_url not in page(client.get(m_url))
    assert history_of(meeting).filter(action="meetings.meeting.cancel", actor=board.secretary_user).exists()


def test_a_meeting_with_minutes_is_not_cancelled(held):
    client = client_for(held.secretary_user)
    cancel_url = url("staff_meeting_cancel", held, meeting_id=held.meeting.pk)
    assert cancel_url not in page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    html = page(send(client, cancel_url, {}))
    assert "Ett sammanträde med protokoll kan inte ställas in." in html
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.HELD


# From the minutes to the follow-up --------------------------------------------------------------


def test_a_decided_paragraph_links_to_making_an_assignment_and_lists_those_made(held):
    client = client_for(held.secretary_user)
    m_url = url("staff_meeting", held, meeting_id=held.meeting.pk)
    assert "Skapa uppdrag" not in page(client.get(m_url))  # no decision before the approval
    for name, signer in held.signers.items():
        services.minutes_sign(signer=signer, actor=held.users[name], on=dt.date(2026, 3, 13))
    decision = Decision.objects.get(paragraph__meeting=held.meeting, paragraph__number=2)
    create_url = url("staff_followup_create", held, decision_id=decision.pk)
    html = page(client.get(m_url))
    assert create_url in html and "Skapa uppdrag" in html
    assignment = followup.assignment_create(
        decision=decision,
        actor=None,
        title="Ta fram budgetunderlag",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=held.body,
    )
    html = page(client.get(url("staff_meeting_paragraph", held, paragraph_id=decision.paragraph_id)))
    assert "Beslut KS § 2/2026 och dess uppdrag" in html
    assert url("staff_followup_assignment", held, assignment_id=assignment.pk) in html
    assert "Ta fram budgetunderlag" in html and "ej påbörjat" in html.lower()
    assert "klart senast 2026-06-30" in html
    # A reader sees the assignments, not the button.
    reader = client_for(TenantRoleFactory(tenant=held.tenant, role=Role.READER).user)
    html = page(reader.get(m_url))
    assert "Ta fram budgetunderlag" in html and create_url not in html

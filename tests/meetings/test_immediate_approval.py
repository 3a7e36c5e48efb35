"""Immediate approval of single paragraphs (omedelbar justering): locked at once, its decision
back to its case at once, its own notice and appeal day, and said so in the minutes."""

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from radhus.core.audit import history_of
from radhus.core.tokens import token_create
from radhus.diarium.models import Status
from radhus.meetings import services, services_approval
from radhus.meetings.models import Decision, MeetingStatus, Posting, PostingKind
from tests.factories import TenantFactory
from tests.meetings.test_services import sign_all
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting

pytestmark = pytest.mark.django_db


def approve_budget_at_once(board, on=MEETING_DAY):
    p2 = board.meeting.paragraphs.get(number=2)
    return services_approval.paragraph_approve_at_once(paragraph=p2, actor=board.secretary_user, on=on)


def test_a_paragraph_approved_at_once_decides_its_case_before_the_minutes():
    """KL 5 kap. 69 §: a paragraph approved at once is approved; its decision goes back to its
    case on the meeting day, while the other paragraphs wait for the whole minutes."""
    board = hold_meeting(build_board())
    p2 = approve_budget_at_once(board)
    assert p2.immediately_approved and p2.approved_at_once_on == MEETING_DAY
    board.cases[0].refresh_from_db()
    board.cases[1].refresh_from_db()
    assert board.cases[0].status == Status.DECIDED and board.cases[0].decided_on == MEETING_DAY
    assert board.cases[1].status == Status.ON_AGENDA  # § 3 waits for the minutes
    assert Decision.objects.get(paragraph=p2).reference == "KS § 2/2026"
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.HELD
    # the whole minutes later: one decision per decided paragraph, none twice
    sign_all(board, on=dt.date(2026, 3, 13))
    refs = Decision.objects.filter(paragraph__meeting=board.meeting).order_by("paragraph__number")
    assert [d.reference for d in refs] == ["KS § 1/2026", "KS § 2/2026", "KS § 3/2026"]


def test_its_own_notice_and_appeal_day():
    """KL 8 kap. 12 § (posted), KL 13 kap. 5 § (three weeks from its own posting): posted on
    Tuesday 10 March 2026, the last day to appeal is Tuesday 31 March, while the rest of the
    minutes, posted on Friday 13 March, run to Tuesday 7 April (Easter moves the end)."""
    board = hold_meeting(build_board())
    p2 = approve_budget_at_once(board)
    posting = Posting.objects.get(paragraph=p2)
    assert posting.kind == PostingKind.PARAGRAPH and posting.posted_on == MEETING_DAY
    assert services_approval.paragraph_appeal_last_day(p2) == dt.date(2026, 3, 31)
    assert posting.taken_down_on == dt.date(2026, 4, 1)
    sign_all(board, on=dt.date(2026, 3, 13))
    assert services.appeal_last_day(board.meeting) == dt.date(2026, 4, 7)
    assert services_approval.paragraph_appeal_last_day(p2) == dt.date(2026, 3, 31)


def test_a_paragraph_approved_at_once_is_locked_and_the_attempt_audited():
    board = hold_meeting(build_board())
    p2 = approve_budget_at_once(board)
    attempts = [
        lambda: services.paragraph_update(paragraph=p2, actor=board.secretary_user, decision_text="Ändrat"),
        lambda: services.dissent_add(paragraph=p2, actor=None, attendance=board.by_name["Olle Berg"]),
        lambda: services.note_add(paragraph=p2, actor=None, attendance=board.by_name["Olle Berg"], text="x"),
        lambda: services.paragraph_mark_secret(paragraph=p2, actor=None, osl="OSL 21 kap. 1 §"),
        lambda: approve_budget_at_once(board),
    ]
    for attempt in attempts:
        with pytest.raises(services.ParagraphLocked) as exc:
            attempt()
        assert exc.value.messages == ["Paragrafen är omedelbart justerad och kan inte längre ändras."]
    p2.refresh_from_db()
    assert p2.decision_text == "Kommunstyrelsen föreslår fullmäktige att anta budgeten."
    assert history_of(board.meeting).filter(action="meetings.minutes.change_refused").count() == len(attempts)
    # the other paragraphs stay open
    p3 = board.meeting.paragraphs.get(number=3)
    assert (
        services.paragraph_update(paragraph=p3, actor=None, decision_text="Ny text").decision_text
        == "Ny text"
    )


def test_refused_without_adjusters_or_written_decision_or_outside_the_meeting_period():
    """KL 5 kap. 69 §: the paragraph is written out first; the chair and adjusters approve it."""
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    services.attendance_draw(meeting=meeting, actor=None)
    paragraph = services.paragraph_create(meeting=meeting, actor=None, title="Brådskande", is_decision=True)
    with pytest.raises(ValidationError) as exc:
        services_approval.paragraph_approve_at_once(paragraph=paragraph, actor=None, on=MEETING_DAY)
    assert exc.value.messages == ["Välj ordförande och justerare innan en paragraf justeras omedelbart."]
    a = {x.name: x for x in meeting.attendances.all()}
    services.approval_arrange(
        meeting=meeting,
        actor=None,
        chair=a["Per Nylén"],
        adjusters=[a["Karin Ek"]],
        place="Kommunhuset",
        date=MEETING_DAY,
    )
    with pytest.raises(ValidationError) as exc:
        services_approval.paragraph_approve_at_once(paragraph=paragraph, actor=None, on=MEETING_DAY)
    assert "decision_text" in exc.value.message_dict
    services.paragraph_update(paragraph=paragraph, actor=None, decision_text="Bifall.")
    for day in (
        MEETING_DAY - dt.timedelta(days=1),
        MEETING_DAY + dt.timedelta(days=15),
        dt.date(9999, 12, 31),
    ):
        with pytest.raises(ValidationError) as exc:
            services_approval.paragraph_approve_at_once(paragraph=paragraph, actor=None, on=day)
        assert "on" in exc.value.message_dict
    paragraph.refresh_from_db()
    assert not paragraph.immediately_approved and not paragraph.postings.exists()


def test_a_joint_body_paragraph_counts_from_the_last_member_posting():
    """KL 13 kap. 5 §: for a joint body, from the posting in every member municipality."""
    board = hold_meeting(build_board("region"))
    board.tenant.kind = board.tenant.Kind.COLLABORATION
    board.tenant.save()
    member = TenantFactory(slug="umea")
    board.tenant.members.add(member, through_defaults={})
    p2 = approve_budget_at_once(board)
    services_approval.paragraph_post(paragraph=p2, actor=None, tenant=member, posted_on=dt.date(2026, 3, 12))
    assert services_approval.paragraph_appeal_last_day(p2) == dt.date(2026, 4, 2)
    p3 = board.meeting.paragraphs.get(number=3)
    with pytest.raises(ValidationError):  # not approved at once
        services_approval.paragraph_post(
            paragraph=p3, actor=None, tenant=member, posted_on=dt.date(2026, 3, 12)
        )
    with pytest.raises(ValidationError):  # a stranger to the collaboration
        services_approval.paragraph_post(
            paragraph=p2, actor=None, tenant=TenantFactory(slug="lulea"), posted_on=dt.date(2026, 3, 12)
        )


@time_machine.travel(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)
def test_notice_board_and_minutes_page_show_the_paragraph_before_the_minutes():
    board = hold_meeting(build_board())
    approve_budget_at_once(board)
    html = Client().get("/munkedal/anslagstavla/").content.decode()
    assert "§ 2 (omedelbart justerad)" in html
    assert "2026-03-31" in html  # its own last day to appeal
    page = Client().get(f"/munkedal/protokoll/{board.meeting.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Paragrafen justerades omedelbart." in text
    assert "Kommunstyrelsen föreslår fullmäktige att anta budgeten." in text
    assert "Förskolan byggs." not in text  # § 3 is not approved yet
    feed = Client().get("/munkedal/anslagstavla/flode/").content.decode()
    assert "§ 2" in feed and "2026-03-31" in feed
    api = Client().get("/api/v1/notice-board?tenant=munkedal").json()["items"]
    assert api[0]["kind"] == "paragraph" and api[0]["paragraph_number"] == 2
    assert api[0]["appeal_last_day"] == "2026-03-31"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_minutes_pdf_says_the_paragraph_was_approved_at_once(tmp_path):
    board = hold_meeting(build_board())
    approve_budget_at_once(board)
    sign_all(board, on=dt.date(2026, 3, 13))
    response = Client().get(f"/munkedal/protokoll/{board.meeting.pk}.pdf")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Paragrafen justerades omedelbart.") == 1
    assert "2026-03-31" in text and "2026-04-07" in text


def test_immediate_approval_through_the_api():
    board = hold_meeting(build_board())
    _token, key = token_create(user=board.secretary_user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/meetings/{board.meeting.pk}/paragraphs/2/immediate-approval"
    response = Client().post(url, {"on": "2026-03-10"}, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decision"] == "KS § 2/2026" and body["posted_on"] == "2026-03-10"
    assert body["appeal_last_day"] == "2026-03-31"
    again = Client().post(url, {}, content_type="application/json", **auth)
    assert again.status_code == 400
    assert again.json()["errors"]["__all__"] == [
        "Paragrafen är omedelbart justerad och kan inte längre ändras."
    ]
    missing = Client().post(
        f"/api/v1/meetings/{board.meeting.pk}/paragraphs/99/immediate-approval",
        {},
        content_type="application/json",
        **auth,
    )
    assert missing.status_code == 400 and "number" in missing.json()["errors"]
    minutes = Client().get(f"/api/v1/meetings/{board.meeting.pk}/minutes").json()
    assert [p["number"] for p in minutes["paragraphs"]] == [2]
    assert minutes["paragraphs"][0]["approved_at_once_on"] == "2026-03-10"
    other = build_board("tanum")
    _t, other_key = token_create(user=other.secretary_user)
    response = Client().post(
        f"/api/v1/meetings/{board.meeting.pk}/paragraphs/3/immediate-approval",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
    )
    assert response.status_code == 403

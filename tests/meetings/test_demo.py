"""The meetings demo (issue 10, item 10): Munkedal's KLG plan with its standing items and no
meeting on a public holiday (S2.3, S2.4), and one board meeting from notice to approved minutes,
posted, with the appeal date, a substitute serving for named paragraphs, a vote, a dissent and
the director's note (S4.9)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from radhus.diarium.models import Status
from radhus.meetings import law, services
from radhus.meetings.models import Meeting, MeetingStatus, MinutesParagraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_klg_meets_twice_a_month_never_on_a_public_holiday_with_the_standing_items(demo):
    year = timezone.localdate().year
    meetings = list(Meeting.objects.filter(tenant__slug="munkedal", body__short_name="KLG", date__year=year))
    months = {}
    for m in meetings:
        months[m.date.month] = months.get(m.date.month, 0) + 1
        assert not law.is_public_holiday(m.date) and m.date.weekday() == 1
        assert [i.title for i in m.agenda_items.all()] == [
            "Verksamhetsutveckling",
            "Ekonomifrågor",
            "Personalfrågor",
        ]
    assert len(meetings) >= 22 and all(n <= 2 for n in months.values())


def test_board_meeting_from_notice_to_posted_minutes(demo):
    # The board's one held meeting; the follow-up's demo plans the next one for a deviation.
    meeting = Meeting.objects.get(
        tenant__slug="munkedal", body__short_name="KS", status=MeetingStatus.APPROVED
    )
    posting = meeting.postings.get()
    assert posting.posted_on == meeting.approved_on
    last_day = services.appeal_last_day(meeting)
    assert last_day == law.appeal_last_day(posting.posted_on) and last_day >= timezone.localdate()
    p2, p3 = MinutesParagraph.objects.filter(meeting=meeting, number__in=[2, 3]).order_by("number")
    assert {c.attendance.name for c in p2.attendance_changes.all()} == {"Anders Lund"}
    assert p2.votes.get().ballots.count() == 5
    assert p2.dissents.get().attendance.name == "Johan Ekström"
    assert "saknar finansiering" in p3.notes.get().text
    # Decided, and being carried out since the follow-up's demo made assignments from them.
    assert all(c.status == Status.BEING_CARRIED_OUT for c in [p2.case, p3.case])
    page = Client().get("/munkedal/anslagstavla/").content.decode()
    assert last_day.isoformat() in page
    minutes = Client().get(f"/munkedal/protokoll/{meeting.pk}/").content.decode()
    assert "Anders Lund (C), tjänstgör i § 2, 3" in minutes
    # The director's post present by its title, said once (not “Kommunchefen, kommunchef, …”).
    assert "<li>Kommunchefen, med yttranderätt</li>" in minutes
    assert "Kommunchefen, kommunchef" not in minutes


def test_demo_reloads(demo):
    call_command("load_demo", "--reset", verbosity=0)
    held = Meeting.objects.filter(
        tenant__slug="munkedal", body__short_name="KS", status=MeetingStatus.APPROVED
    )
    assert held.count() == 1
    assert dt.date.today()


def test_the_demo_signs_the_minutes_at_the_planned_time_of_approval(demo):
    """The board's signers approve the minutes at the place and time set at the meeting
    (KL 5 kap. 69 §), Kommunkansliet at 10.00, a few minutes apart; not on the day the demo is
    loaded. The approval is posted that day (KL 8 kap. 12 §)."""
    meeting = Meeting.objects.get(
        tenant__slug="munkedal", body__short_name="KS", status=MeetingStatus.APPROVED
    )
    assert (meeting.approval_place, meeting.approval_time) == ("Kommunkansliet", dt.time(10, 0))
    assert meeting.date < meeting.approval_date <= law.approval_due(meeting.date)
    assert meeting.approved_on == meeting.approval_date == meeting.postings.get().posted_on
    signed = [timezone.localtime(s.signed_at) for s in meeting.signers.order_by("id")]
    assert {s.date() for s in signed} == {meeting.approval_date}
    minutes = Client().get(f"/munkedal/protokoll/{meeting.pk}/").content.decode()
    day, today = meeting.approval_date.isoformat(), timezone.localdate().isoformat()
    assert f"Kommunkansliet, {day} kl. 10.00" in minutes
    # (An approval planned for this morning would be signed at the present moment instead.)
    if day < today:
        assert [s.strftime("%H:%M") for s in signed] == ["10:00", "10:05", "10:10"]
        assert f"justerat i Rådhus {day} 10:00" in minutes
        assert f"justerat i Rådhus {today}" not in minutes

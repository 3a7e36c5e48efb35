"""Secretaries writing paragraphs at the same moment get consecutive numbers, none lost or
doubled; signers approving at once approve the minutes once. Each call runs on its own database
connection (the lock of ``radhus.core.locking``). Runs on SQLite and on PostgreSQL."""

import datetime as dt

import pytest

from radhus.meetings import services
from radhus.meetings.models import Decision, MeetingStatus, MinutesParagraph
from tests.diarium.test_concurrency import at_once
from tests.meetings.world import build_board, hold_meeting, link_signers

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 16


def test_paragraphs_written_at_once_get_consecutive_numbers():
    board = build_board()
    meetings = [
        services.meeting_create(
            tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 3, d), start_time=dt.time(9)
        )
        for d in (10, 24)
    ]

    def write(i: int):
        return lambda: (
            services.paragraph_create(
                meeting=meetings[i % 2], actor=board.secretary_user, title=f"Punkt {i}"
            ).number
        )

    numbers = at_once([write(i) for i in range(WRITERS)])
    assert sorted(numbers) == list(range(1, WRITERS + 1))
    assert sorted(MinutesParagraph.objects.values_list("number", flat=True)) == list(range(1, WRITERS + 1))


def test_signers_at_once_approve_the_minutes_once():
    """Each signer approves their own line at the same moment (KL 5 kap. 69 §): the minutes are
    approved once, with one decision per decided paragraph and one posting."""
    board = hold_meeting(build_board())
    users = link_signers(board)
    signers = list(board.meeting.signers.select_related("attendance"))
    at_once(
        [
            lambda s=s: (
                services.minutes_sign(signer=s, actor=users[s.attendance.name], on=dt.date(2026, 3, 13)).pk
            )
            for s in signers
        ]
    )
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.APPROVED
    assert Decision.objects.filter(paragraph__meeting=board.meeting).count() == 3
    assert board.meeting.postings.count() == 1

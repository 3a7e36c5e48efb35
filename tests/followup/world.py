"""A board whose minutes of 10 March 2026 are approved, so its decided paragraphs are
decisions assignments can be made from; built through the meetings services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from radhus.meetings import services as meetings
from radhus.meetings.models import Decision
from tests.meetings.world import Board, build_board, hold_meeting

APPROVED_ON = dt.date(2026, 3, 13)


@dataclass
class DecidedBoard:
    board: Board
    decisions: list[Decision]

    @property
    def tenant(self):
        return self.board.tenant

    @property
    def body(self):
        return self.board.body


def build_decided_board(slug: str = "munkedal") -> DecidedBoard:
    board = hold_meeting(build_board(slug))
    for signer in board.meeting.signers.all():
        meetings.minutes_sign(signer=signer, actor=None, system="tests", on=APPROVED_ON)
    decisions = list(Decision.objects.filter(tenant=board.tenant).order_by("paragraph__number"))
    return DecidedBoard(board, decisions)


def add_small_followup(tenant, board):
    """An assignment made from the tenant's first decision and a deviation in it, put on the
    board's next planned meeting: enough for every address of the follow-up's pages and API
    to find something (tests/core/test_access.py, tests/api/test_schema.py)."""
    from radhus.followup import services as followup

    decision = Decision.objects.filter(tenant=tenant).order_by("id").first()
    assignment = followup.assignment_create(
        decision=decision,
        actor=None,
        title="Följ upp beslutet",
        due_on=dt.date(2026, 3, 31),
        assignee_unit=board,
    )
    followup.deviation_report(
        assignment=assignment,
        actor=None,
        kind="late",
        reason="Underlaget dröjer.",
        alternative_measure="Redovisas i april.",
        reported_on=dt.date(2026, 3, 20),
    )
    return assignment

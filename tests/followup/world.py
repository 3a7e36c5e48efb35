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
        meetings.minutes_sign(signer=signer, actor=None, on=APPROVED_ON)
    decisions = list(Decision.objects.filter(tenant=board.tenant).order_by("paragraph__number"))
    return DecidedBoard(board, decisions)

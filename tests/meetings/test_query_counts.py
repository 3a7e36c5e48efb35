"""The public lists read a fixed number of queries, however many meetings there are."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from radhus.meetings import services
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db


def queries(path: str) -> int:
    cache.clear()  # the notice board's list is cached; count the queries that draw it
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(path).status_code == 200
    return len(ctx.captured_queries)


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_notice_board_and_meeting_list_do_not_grow_with_the_meetings():
    board = hold_meeting(build_board())
    sign_all(board, on=dt.date(2026, 3, 13))
    paths = [
        "/munkedal/anslagstavla/",
        "/api/v1/notice-board?tenant=munkedal",
        "/api/v1/meetings?tenant=munkedal",
    ]
    few = [queries(p) for p in paths]
    services.plan_year(series=board.series, actor=None, year=2026)
    for day in (dt.date(2026, 3, 3), dt.date(2026, 3, 5)):
        meeting = services.meeting_create(
            tenant=board.tenant, actor=None, body=board.body, date=day, start_time=dt.time(8)
        )
        services.paragraph_create(meeting=meeting, actor=None, title="Upprop")
        services.attendance_draw(meeting=meeting, actor=None)
        chair = meeting.attendances.get(role="chair")
        member = meeting.attendances.filter(role="member").first()
        services.approval_arrange(
            meeting=meeting, actor=None, chair=chair, adjusters=[member], place="X", date=day
        )
        for signer in meeting.signers.all():
            services.minutes_sign(signer=signer, actor=None, system="tests", on=day)
    assert [queries(p) for p in paths] == few

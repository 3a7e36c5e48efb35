"""The agenda's order (``services_agenda.agenda_move``): an item swaps with its neighbour, the
first cannot go up, approved minutes refuse the move and the attempt is audited, and sixteen
moves at once leave the items in a clean order 1…n. Runs on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from radhus.meetings import services
from radhus.meetings.services_agenda import agenda_move
from tests.diarium.test_concurrency import at_once
from tests.meetings.test_services import sign_all
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting


def titles(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("sort_order", "id").values_list("title", flat=True))


def _meeting(board):
    return services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )


@pytest.mark.django_db
def test_an_item_swaps_with_its_neighbour_and_the_first_cannot_go_up():
    board = build_board()
    meeting = _meeting(board)
    a, b, c = (
        services.agenda_add_item(meeting=meeting, actor=None, kind="information", title=t) for t in "ABC"
    )
    agenda_move(item=c, actor=board.secretary_user, direction="up")
    assert titles(meeting) == ["A", "C", "B"]
    agenda_move(item=a, actor=board.secretary_user, direction="down")
    assert titles(meeting) == ["C", "A", "B"]
    assert list(meeting.agenda_items.order_by("sort_order").values_list("sort_order", flat=True)) == [1, 2, 3]
    c.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        agenda_move(item=c, actor=board.secretary_user, direction="up")
    assert refused.value.message_dict == {
        "direction": ["Punkten står redan först eller sist på föredragningslistan."]
    }
    with pytest.raises(ValidationError):
        agenda_move(item=c, actor=board.secretary_user, direction="sideways")


@pytest.mark.django_db
def test_approved_minutes_refuse_a_move_and_the_attempt_is_audited():
    """Approved minutes are locked (KL 5 kap. 69 §)."""
    board = hold_meeting(build_board())
    sign_all(board, on=dt.date(2026, 3, 13))
    item = board.meeting.agenda_items.order_by("sort_order").last()
    with pytest.raises(services.MinutesLocked):
        agenda_move(item=item, actor=board.secretary_user, direction="up")
    assert services.changes_refused(board.meeting) == 1


@pytest.mark.django_db(transaction=True)
def test_sixteen_moves_at_once_leave_a_clean_order():
    board = build_board()
    meeting = _meeting(board)
    items = [
        services.agenda_add_item(meeting=meeting, actor=None, kind="information", title=f"Punkt {i}")
        for i in range(6)
    ]

    def move(i: int):
        def call() -> str:
            try:
                agenda_move(
                    item=items[i % 6], actor=board.secretary_user, direction="up" if i % 2 else "down"
                )
            except ValidationError:
                return "refused"
            return "moved"

        return call

    results = at_once([move(i) for i in range(16)])
    assert set(results) <= {"moved", "refused"} and "moved" in results
    orders = list(meeting.agenda_items.values_list("sort_order", flat=True))
    assert sorted(orders) == [1, 2, 3, 4, 5, 6]

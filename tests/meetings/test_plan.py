"""A body's yearly plan of meetings (sammanträdesplan), public: when each body meets, which
meetings are cancelled, and the notice and minutes once they exist (issue 10, item 1)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from radhus.meetings import services
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db


def _plan(board, **query):
    return Client().get(f"/{board.tenant.slug}/sammantraden/{board.body.slug}/", query)


@time_machine.travel(dt.datetime(2026, 3, 1, 12), tick=False)
def test_the_plan_lists_the_years_meetings_in_order_with_cancelled_ones_marked():
    board = build_board()
    first = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 4, 14), start_time=dt.time(13)
    )
    services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 2, 10), start_time=dt.time(9)
    )
    services.meeting_cancel(meeting=first, actor=None)
    services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2027, 1, 12), start_time=dt.time(13)
    )

    page = _plan(board).content.decode()

    assert page.index('datetime="2026-02-10"') < page.index('datetime="2026-04-14"')
    assert "2027-01-12" not in page
    assert page.count("Inställt") == 1
    assert 'href="?ar=2027"' in page  # the way to next year's plan
    assert f"/{board.tenant.slug}/sammantraden/{board.body.slug}.ics" in page


def test_the_minutes_and_notice_are_linked_once_they_exist():
    board = hold_meeting(build_board())
    meeting = board.meeting
    page = _plan(board, ar=meeting.date.year).content.decode()
    assert f"/kallelse/{meeting.pk}/" in page
    assert f"/protokoll/{meeting.pk}/" not in page  # held, not yet approved

    sign_all(board, on=meeting.date + dt.timedelta(days=3))
    page = _plan(board, ar=meeting.date.year).content.decode()
    assert f"/protokoll/{meeting.pk}/" in page


@pytest.mark.parametrize("year", ["0", "10000", "tjugo", "２０２６", "2026\n", "99999999999999999999"])
def test_a_year_that_is_not_one_is_refused_in_swedish_and_this_years_plan_shown(year):
    board = build_board()
    response = _plan(board, ar=year)
    assert response.status_code == 400
    assert "är inte ett år" in response.content.decode()


def test_another_organisations_body_is_not_found():
    board = build_board()
    other = build_board("lysekil")
    assert Client().get(f"/{other.tenant.slug}/sammantraden/{board.body.slug}/").status_code == 404


def test_the_organisations_bodies_that_meet_are_listed():
    board = hold_meeting(build_board())
    page = Client().get(f"/{board.tenant.slug}/sammantraden/").content.decode()
    assert f'href="/{board.tenant.slug}/sammantraden/{board.body.slug}/"' in page
    assert "Kommunstyrelsen" in page

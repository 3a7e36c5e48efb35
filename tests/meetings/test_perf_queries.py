"""The notice board and the feeds read a fixed number of queries, however many meetings there
are (issue 10: ten years of meetings), and every calendar feed covers the same window: the
meetings of the last twelve months, from the same day a year ago, and every meeting ahead."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from radhus.diarium.services_referrals import officer_link_set
from radhus.meetings import calendars, services, services_approval, services_calendar
from radhus.meetings.models import AttendeeRole, Meeting
from radhus.organisation.models import Person
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)


def approve(board, day: dt.date, *, at_once: bool) -> Meeting:
    """A meeting held on ``day`` whose minutes are approved and posted that day, with its first
    paragraph approved at once (a notice of its own) when ``at_once``."""
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=day, start_time=dt.time(13)
    )
    services.attendance_draw(meeting=meeting, actor=None)
    first = services.paragraph_create(
        meeting=meeting, actor=None, title="Val av justerare", is_decision=True, decision_text="Vald."
    )
    services.paragraph_create(meeting=meeting, actor=None, title="Information")
    chair = meeting.attendances.get(role=AttendeeRole.CHAIR)
    adjuster = meeting.attendances.get(role=AttendeeRole.VICE_CHAIR)
    services.approval_arrange(
        meeting=meeting, actor=None, chair=chair, adjusters=[adjuster], place="X", date=day
    )
    if at_once:
        services_approval.paragraph_approve_at_once(paragraph=first, actor=None, on=day)
    for signer in meeting.signers.all():
        services.minutes_sign(signer=signer, actor=None, system="tests", on=day)
    return meeting


def grow(board, n: int) -> None:
    """``n`` of each: minutes approved now (on the board, with a paragraph approved at once),
    minutes approved years ago (taken down, and outside the feeds' window), meetings ahead
    (in the feeds), and meetings announced on the board."""
    for i in range(n):
        approve(board, dt.date(2026, 3, 2 + i), at_once=True)
        approve(board, dt.date(2023, 5, 2 + i), at_once=False)
        services.meeting_create(
            tenant=board.tenant,
            actor=None,
            body=board.body,
            date=dt.date(2027, 5, 4 + i),
            start_time=dt.time(9),
        )
        ahead = services.meeting_create(
            tenant=board.tenant,
            actor=None,
            body=board.body,
            date=dt.date(2026, 4, 6 + i),
            start_time=dt.time(18),
        )
        services.meeting_announce(meeting=ahead, actor=None, posted_on=dt.date(2026, 3, 18))


def private_path(board) -> str:
    user = board.secretary_user
    per = Person.objects.get(tenant=board.tenant, slug="per-munkedal")
    officer_link_set(tenant=board.tenant, actor=None, user=user, person=per)
    _feed, key = services_calendar.calendar_feed_create(user=user, actor=None)
    return reverse("meetings_private_calendar", args=[key])


# Read from the queries themselves (pytest -v shows them when a count is off).
EXPECTED = {
    # the organisation; the notices up today with their meeting, body, both organisations and
    # paragraph in one; the posting days of those meetings (each notice's appeal period counts
    # from its own postings); the site notices of the page (base.html)
    "/munkedal/anslagstavla/": 4,
    # the same without the page around it
    "/munkedal/anslagstavla/flode/": 3,
    # the organisation; the body; its meetings in the window
    "/munkedal/sammantraden/ks-munkedal.ics": 3,
    # the organisation; the person; their attendances; the posts they hold; the seats they hold
    # in person or through a post; the meetings of those bodies not drawn yet
    "/munkedal/person/per-munkedal/sammantraden.ics": 6,
}
# the address with its user; the user's people (officer links); then as for a person
PRIVATE = 6


@pytest.mark.parametrize("more", [0, 3])
@time_machine.travel(TODAY, tick=False)
def test_the_board_and_the_feeds_read_as_many_queries_for_few_meetings_as_for_many(
    more, django_assert_num_queries
):
    board = hold_meeting(build_board())
    sign_all(board, on=dt.date(2026, 3, 13))
    grow(board, more)
    private = private_path(board)
    pages = {**EXPECTED, private: PRIVATE}
    shown = {}
    for path, queries in pages.items():
        cache.clear()  # count the queries of a fresh render
        with django_assert_num_queries(queries):
            response = Client().get(path)
        assert response.status_code == 200, path
        shown[path] = response.content.decode()
    board_page = shown["/munkedal/anslagstavla/"]
    # what the counts were read from: every notice is on the board and in the Atom feed
    assert board_page.count('<li id="p') == 1 + 2 * more  # approvals, and paragraphs at once
    assert board_page.count('<li id="m') == more  # announced meetings
    assert shown["/munkedal/anslagstavla/flode/"].count("<entry>") == 1 + 3 * more
    body_feed = shown["/munkedal/sammantraden/ks-munkedal.ics"]
    assert body_feed.count("BEGIN:VEVENT") == 1 + 3 * more  # not the ones of 2023
    person_feed = shown["/munkedal/person/per-munkedal/sammantraden.ics"]
    assert person_feed.count("BEGIN:VEVENT") == 1 + 3 * more  # called to each, the chair
    assert shown[private].count("BEGIN:VEVENT") == 1 + 3 * more  # Per Nylén is the user's person


@time_machine.travel(TODAY, tick=False)
def test_a_feed_covers_the_last_twelve_months_and_every_meeting_ahead():
    """From 20 March 2025, the same day a year before 20 March 2026: a meeting on 19 March 2025
    is left out, one on 20 March 2025 is in, and so is one planned for 2031."""
    board = build_board()
    days = [dt.date(2025, 3, 19), dt.date(2025, 3, 20), dt.date(2026, 3, 20), dt.date(2031, 6, 3)]
    for day in days:
        services.meeting_create(
            tenant=board.tenant, actor=None, body=board.body, date=day, start_time=dt.time(9)
        )
    assert calendars.window_start(dt.date(2026, 3, 20)) == dt.date(2025, 3, 20)
    for path in ["/munkedal/sammantraden/ks-munkedal.ics", "/munkedal/person/per-munkedal/sammantraden.ics"]:
        response = Client().get(path)
        assert response.status_code == 200
        shown = [e.decoded("dtstart").date() for e in Calendar.from_ical(response.content).walk("VEVENT")]
        assert shown == days[1:], path


def test_a_year_back_from_29_february_is_28_february():
    """The window of a leap day starts on 28 February the year before (there is no 29th)."""
    board = build_board()
    for day in [dt.date(2027, 2, 27), dt.date(2027, 2, 28)]:
        services.meeting_create(
            tenant=board.tenant, actor=None, body=board.body, date=day, start_time=dt.time(9)
        )
    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=dt.UTC), tick=False):
        response = Client().get("/munkedal/sammantraden/ks-munkedal.ics")
    shown = [e.decoded("dtstart").date() for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert shown == [dt.date(2027, 2, 28)]
    assert calendars.window_start(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_a_feed_is_the_calendar_icalendar_writes_and_a_changed_meeting_is_written_anew():
    """The events' lines are kept between renders (``calendars._event_lines``) and put into
    the calendar icalendar writes: the same bytes as icalendar's own calendar of the same
    events, and a meeting moved elsewhere shows its new place at once."""
    board = build_board()
    planned = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 4, 14), start_time=dt.time(9)
    )
    late = services.meeting_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        date=dt.date(2026, 5, 12),
        start_time=dt.time(18, 30),
        place="Hedekas bygdegård, stora salen; ingång B",
    )
    services.meeting_cancel(meeting=late, actor=None)
    late.refresh_from_db()
    entries = [(planned, []), (late, ["ordförande", "ledamot"])]

    def icalendar_own() -> bytes:
        calendar = Calendar()
        calendar.add("prodid", "-//Rådhus//meetings//SV")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", "Kommunstyrelsen – Munkedals kommun")
        for meeting, roles in entries:
            calendar.add_component(calendars.make_event(calendars.event_fields(meeting, roles)))
        return calendar.to_ical()

    built = calendars.build_calendar("Kommunstyrelsen – Munkedals kommun", entries)
    assert built == icalendar_own()
    assert calendars.build_calendar("Kommunstyrelsen – Munkedals kommun", entries) == built  # kept
    text = built.decode()
    assert "LOCATION:Hedekas bygdegård\\, stora salen\\; ingång B" in text
    assert "STATUS:CANCELLED" in text and "DESCRIPTION:Kallad som: ordförande\\, ledamot" in text
    late.place = "Kommunhuset"
    moved = calendars.build_calendar("Kommunstyrelsen – Munkedals kommun", entries)
    assert moved == icalendar_own() and "LOCATION:Kommunhuset" in moved.decode()

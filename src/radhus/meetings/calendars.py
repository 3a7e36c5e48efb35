"""Meetings as iCalendar (RFC 5545, built with `icalendar`): a body's meeting plan, and a
person's meetings across the organisation's bodies.

A person is called to a meeting when an attendance row names them (once the attendance is
drawn), or, before it is drawn, when they hold a seat of the body on the meeting day, in
person or through the post they hold that day (S2.2). The public feed of a person shows only
meetings of political bodies and never a protected person; the private feed of a user, read
through a secret address, shows all their meetings. Each meeting is one event with the same
UID in every feed, so a calendar that reads several feeds shows it once; a cancelled meeting
stays in the person's feed with STATUS:CANCELLED, so calendars remove it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from radhus.meetings.models import Attendance, Meeting, MeetingStatus
from radhus.organisation.models import POLITICAL_KINDS, Appointment, Membership, Person

YEARS_BACK = 1
YEARS_AHEAD = 2


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The span a feed covers: the year before this one to two years on."""
    return dt.date(today.year - YEARS_BACK, 1, 1), dt.date(today.year + YEARS_AHEAD, 12, 31)


@dataclass
class CalledTo:
    meeting: Meeting
    roles: list[str]  # the attendance roles' display names, e.g. ["ledamot"]


def _seat_roles(
    people: list[Person], start: dt.date, end: dt.date
) -> dict[int, list[tuple[Membership, Appointment | None]]]:
    """The seats the people hold in person or through a post, by body, in the span."""
    overlap = (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    appointments = list(Appointment.objects.filter(overlap, person__in=people))
    by_post: dict[int, list[Appointment]] = defaultdict(list)
    for a in appointments:
        by_post[a.post_id].append(a)
    seats: dict[int, list[tuple[Membership, Appointment | None]]] = defaultdict(list)
    memberships = Membership.objects.filter(overlap).filter(
        Q(person__in=people) | Q(post_id__in=list(by_post))
    )
    for m in memberships:
        if m.person_id:
            seats[m.group_id].append((m, None))
        else:
            for a in by_post[m.post_id]:  # type: ignore[index]
                seats[m.group_id].append((m, a))
    return seats


def person_meetings(people: Iterable[Person], today: dt.date, *, public_only: bool) -> list[CalledTo]:
    """The meetings the people are called to in the feed's span, by date: as member,
    substitute, optional attendee, secretary or other attendee. ``public_only`` keeps only
    meetings of political bodies (whose meetings the public may know of)."""
    people = list(people)
    if not people:
        return []
    start, end = window(today)
    meetings = Meeting.objects.filter(date__gte=start, date__lte=end).select_related("body", "tenant")
    if public_only:
        meetings = meetings.filter(body__kind__in=sorted(k.value for k in POLITICAL_KINDS))
    found: dict[int, CalledTo] = {}
    rows = Attendance.objects.filter(person__in=people, meeting__in=meetings).select_related(
        "meeting__body", "meeting__tenant"
    )
    for a in rows.order_by("meeting_id", "sort_order", "id"):
        entry = found.setdefault(a.meeting_id, CalledTo(a.meeting, []))
        if a.get_role_display() not in entry.roles:
            entry.roles.append(a.get_role_display())
    seats = _seat_roles(people, start, end)
    if seats:
        undrawn = meetings.filter(body_id__in=list(seats)).filter(
            ~Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
        )
        for meeting in undrawn:
            for membership, appointment in seats[meeting.body_id]:
                if membership.is_valid_on(meeting.date) and (
                    appointment is None or appointment.is_valid_on(meeting.date)
                ):
                    entry = found.setdefault(meeting.pk, CalledTo(meeting, []))
                    role = membership.get_role_display()
                    if role not in entry.roles:
                        entry.roles.append(role)
    return sorted(found.values(), key=lambda c: (c.meeting.date, c.meeting.start_time, c.meeting.pk))


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same in every feed and for the meeting's whole life."""
    return f"meeting-{meeting.pk}@radhus"


def build_calendar(name: str, entries: Iterable[tuple[Meeting, list[str]]]) -> bytes:
    """An iCalendar document of the meetings, each with its roles in the description."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rådhus//meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    zone = timezone.get_current_timezone()
    for meeting, roles in entries:
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("summary", meeting.body.name)
        event.add("dtstart", dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone))
        if meeting.end_time:
            event.add("dtend", dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone))
        event.add("dtstamp", meeting.created_at)
        if meeting.place:
            event.add("location", meeting.place)
        if roles:
            event.add("description", _("Called as: %(roles)s") % {"roles": ", ".join(roles)})
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()

"""Meetings as iCalendar (RFC 5545, built with `icalendar`): a body's meeting plan, and a
person's meetings across the organisation's bodies.

A person is called to a meeting when an attendance row names them (once the attendance is
drawn), or, before it is drawn, when they hold a seat of the body on the meeting day, in
person or through the post they hold that day (S2.2). The public feed of a person shows only
meetings of political bodies and never a protected person; the private feed of a user, read
through a secret address, shows all their meetings. Each meeting is one event with the same
UID in every feed, so a calendar that reads several feeds shows it once; a cancelled meeting
stays in the person's feed with STATUS:CANCELLED, so calendars remove it.

Every feed covers the same window (``window_start``): the meetings of the last twelve months,
from the same day a year ago, and every meeting planned ahead. A calendar program keeps the
events it has read, so ten years of meetings need not be sent again on every poll.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from radhus.meetings.models import Attendance, Meeting, MeetingStatus
from radhus.organisation.models import POLITICAL_KINDS, Appointment, Membership, Person

# How far back a feed reaches: a year (29 February back to 28 February).
PAST = relativedelta(years=1)


def window_start(today: dt.date) -> dt.date:
    """The first day a feed covers: the same day a year ago. It has no last day: every meeting
    planned ahead is in it."""
    return today - PAST


@dataclass
class CalledTo:
    meeting: Meeting
    roles: list[str]  # the attendance roles' display names, e.g. ["ledamot"]


def _seat_roles(
    people: list[Person], start: dt.date
) -> dict[int, list[tuple[Membership, Appointment | None]]]:
    """The seats the people hold in person or through a post, by body, on ``start`` or later."""
    overlap = Q(valid_to__isnull=True) | Q(valid_to__gte=start)
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


def _role_label(labels: dict[tuple[type, str], str], row: Attendance | Membership) -> str:
    """The role's display name, translated once per role and feed rather than once per row (a
    display name translates every choice of the field)."""
    key = (type(row), row.role)
    if key not in labels:
        labels[key] = row.get_role_display()
    return labels[key]


def person_meetings(people: Iterable[Person], today: dt.date, *, public_only: bool) -> list[CalledTo]:
    """The meetings the people are called to in the feed's window, by date: as member,
    substitute, optional attendee, secretary or other attendee. ``public_only`` keeps only
    meetings of political bodies (whose meetings the public may know of)."""
    people = list(people)
    if not people:
        return []
    start = window_start(today)
    meetings = Meeting.objects.filter(date__gte=start).select_related("body", "tenant")
    if public_only:
        meetings = meetings.filter(body__kind__in=sorted(k.value for k in POLITICAL_KINDS))
    found: dict[int, CalledTo] = {}
    labels: dict[tuple[type, str], str] = {}
    rows = Attendance.objects.filter(person__in=people, meeting__in=meetings).select_related(
        "meeting__body", "meeting__tenant"
    )
    for a in rows.order_by("meeting_id", "sort_order", "id"):
        entry = found.setdefault(a.meeting_id, CalledTo(a.meeting, []))
        role = _role_label(labels, a)
        if role not in entry.roles:
            entry.roles.append(role)
    seats = _seat_roles(people, start)
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
                    role = _role_label(labels, membership)
                    if role not in entry.roles:
                        entry.roles.append(role)
    return sorted(found.values(), key=lambda c: (c.meeting.date, c.meeting.start_time, c.meeting.pk))


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same in every feed and for the meeting's whole life."""
    return f"meeting-{meeting.pk}@radhus"


@dataclass(frozen=True)
class EventFields:
    """What one event shows, as the values given to `icalendar`; hashable, so that the
    event's lines, written once, are reused until one of them changes."""

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime | None
    stamp: dt.datetime
    location: str
    description: str
    status: str
    zone: str  # aware datetimes in different zones compare equal; their lines do not


def event_fields(meeting: Meeting, roles: list[str]) -> EventFields:
    zone = timezone.get_current_timezone()
    return EventFields(
        uid=meeting_uid(meeting),
        summary=meeting.body.name,
        start=dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone),
        end=dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone) if meeting.end_time else None,
        stamp=meeting.created_at,
        location=meeting.place,
        description=_("Called as: %(roles)s") % {"roles": ", ".join(roles)} if roles else "",
        status="CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED",
        zone=str(zone),
    )


def make_event(fields: EventFields) -> Event:
    """The meeting as an iCalendar event (VEVENT)."""
    event = Event()
    event.add("uid", fields.uid)
    event.add("summary", fields.summary)
    event.add("dtstart", fields.start)
    if fields.end:
        event.add("dtend", fields.end)
    event.add("dtstamp", fields.stamp)
    if fields.location:
        event.add("location", fields.location)
    if fields.description:
        event.add("description", fields.description)
    event.add("status", fields.status)
    return event


@lru_cache(maxsize=10_000)
def _event_lines(fields: EventFields) -> bytes:
    """The event's content lines as `icalendar` writes them (folded, escaped): most of the cost
    of a feed, so each event is written once per process and reused by every feed and every
    render that shows it unchanged (a few MB for 10,000 events)."""
    return make_event(fields).to_ical()


END = b"END:VCALENDAR\r\n"


def build_calendar(name: str, entries: Iterable[tuple[Meeting, list[str]]]) -> bytes:
    """An iCalendar document of the meetings, each with its roles in the description: the
    calendar's own lines from `icalendar`, with the events' lines, also from `icalendar`, before
    its last line, where ``Calendar.to_ical`` writes its components (a test checks that the two
    are the same bytes)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Rådhus//meetings//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    if not head.endswith(END):  # pragma: no cover - icalendar always ends with it
        raise ValueError("icalendar wrote no END:VCALENDAR line")
    events = b"".join(_event_lines(event_fields(meeting, roles)) for meeting, roles in entries)
    return head[: -len(END)] + events + END

"""Meetings demo data for Munkedal (S2.1–S2.5, S4.9; issue 10, item 10).

The chief's management group (KLG) meets on the second and fourth Tuesday of every month, never
on a public holiday, each meeting with the seed's three standing items (S2.3): the plan of the
current year. The seed names no holders of the KLG's posts, so its seats stay vacant and its
meetings call nobody until someone is appointed (S2.2).

The board (Kommunstyrelsen) holds one meeting taken from the notice to approved minutes: its
members and substitutes are invented for the demo (the seed names none; the chair's post stays
vacant, so the first vice chair presides), two cases ready for decision from the case register,
a substitute serving for a member in named paragraphs, a roll-call vote, a dissent with reasons
and the municipal director's note to the minutes that a decision lacks financing (S4.9). The
meeting lies a week before the day the demo is loaded; its signers approve the minutes at the
place and time set at the meeting (Kommunkansliet at 10.00, a few days later), so its approval
is on the notice board with its last day to appeal (KL 13 kap. 5 §).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from radhus.core.models import Tenant
from radhus.diarium import services as diarium
from radhus.meetings import law, services
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Ballot,
    Decision,
    Dissent,
    Meeting,
    MeetingSeries,
    MinutesParagraph,
    Note,
    ParagraphAttendance,
    ParagraphCounter,
    Posting,
    Signer,
    StandingItem,
    Vote,
)
from radhus.organisation import services as organisation
from radhus.organisation.models import MembershipRole, Party, Unit, UnitKind

SYSTEM = None
# The demo signs the minutes as the system under this name (services.minutes_sign).
SYSTEM_NAME = "demo"
# The time of day the board's minutes are approved, set at the meeting.
APPROVAL_TIME = dt.time(10, 0)
PLACE = "Kommunhuset, Centrumtorget 5, Munkedal"
KEPT_AT = "Kommunkansliet, Kommunhuset, Munkedal"
# S2.3 in the seed's words (the KLG's purpose text names them).
STANDING_ITEMS = ["Verksamhetsutveckling", "Ekonomifrågor", "Personalfrågor"]

BOARD = [
    # (role, first name, last name, party)
    (MembershipRole.VICE_CHAIR, "Ingrid", "Dahlberg", ("S", "Socialdemokraterna")),
    (MembershipRole.MEMBER, "Johan", "Ekström", ("M", "Moderaterna")),
    (MembershipRole.MEMBER, "Maja", "Holm", ("S", "Socialdemokraterna")),
    (MembershipRole.MEMBER, "Lars", "Nordin", ("C", "Centerpartiet")),
    (MembershipRole.MEMBER, "Sofia", "Berglund", ("SD", "Sverigedemokraterna")),
    (MembershipRole.SUBSTITUTE, "Anders", "Lund", ("C", "Centerpartiet")),
    (MembershipRole.SUBSTITUTE, "Karin", "Sjöberg", ("M", "Moderaterna")),
]


def board_meeting_day(today: dt.date) -> dt.date:
    """A Tuesday at least a week back that is no public holiday."""
    day = today - dt.timedelta(days=7)
    while day.weekday() != 1 or law.is_public_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def load(tenant: Tenant, today: dt.date | None = None) -> Meeting:
    today = today or timezone.localdate()
    team = Unit.objects.get(tenant=tenant, short_name="KLG")
    board = Unit.objects.get(tenant=tenant, kind=UnitKind.EXECUTIVE_BOARD)
    klg = services.series_create(
        tenant=tenant,
        actor=SYSTEM,
        body=team,
        name="Kommunchefens ledningsgrupp",
        rule="FREQ=MONTHLY;BYDAY=+2TU,+4TU",
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
        place=PLACE,
        standing_items=STANDING_ITEMS,
    )
    services.plan_year(series=klg, actor=SYSTEM, year=today.year)
    return _board_meeting(tenant, board, board_meeting_day(today))


def _board_meeting(tenant: Tenant, board: Unit, day: dt.date) -> Meeting:
    seated = {}
    for role, first, last, (abbreviation, party_name) in BOARD:
        party, _created = Party.objects.get_or_create(
            abbreviation=abbreviation, defaults={"name": party_name}
        )
        person = organisation.person_create(
            tenant=tenant, actor=SYSTEM, first_name=first, last_name=last, party=party
        )
        organisation.membership_create(
            group=board, actor=SYSTEM, role=role, person=person, valid_from=dt.date(day.year - 1, 1, 1)
        )
        seated[f"{first} {last}"] = person
    series = services.series_create(
        tenant=tenant,
        actor=SYSTEM,
        body=board,
        name="Kommunstyrelsen",
        rule="FREQ=MONTHLY;BYDAY=+2TU",
        start_time=dt.time(13, 0),
        end_time=dt.time(16, 0),
        place=f"{PLACE}, sessionssalen",
        minutes_kept_at=KEPT_AT,
    )
    case_series = diarium.series_create(
        tenant=tenant, actor=SYSTEM, body=board, code="KS", name="Kommunstyrelsen"
    )
    opened = day - dt.timedelta(days=40)
    cases = []
    for title in ["Budget 2027 och flerårsplan 2028–2029", "Ny förskola i Hedekas"]:
        case = diarium.case_register(
            tenant=tenant, actor=SYSTEM, series=case_series, title=title, opened_on=opened
        )
        diarium.case_start_preparation(case=case, actor=SYSTEM)
        cases.append(diarium.case_mark_ready(case=case, actor=SYSTEM))

    meeting = services.meeting_create(
        tenant=tenant,
        actor=SYSTEM,
        body=board,
        date=day,
        start_time=dt.time(13, 0),
        series=series,
        place=series.place,
    )
    budget, preschool = (services.agenda_add_case(meeting=meeting, actor=SYSTEM, case=c) for c in cases)
    delegated = services.agenda_add_item(
        meeting=meeting,
        actor=SYSTEM,
        kind="delegated",
        title="Redovisning av delegationsbeslut (KL 6 kap. 40 §)",
    )
    services.meeting_send_notice(meeting=meeting, actor=SYSTEM)
    services.attendance_draw(meeting=meeting, actor=SYSTEM)
    director = services.attendance_add(
        meeting=meeting,
        actor=SYSTEM,
        role=AttendeeRole.OTHER,
        name="Kommunchefen",
        title="Kommunchef, med yttranderätt",
    )
    a = {x.name: x for x in meeting.attendances.all()}
    secretary = services.attendance_add(
        meeting=meeting,
        actor=SYSTEM,
        role=AttendeeRole.SECRETARY,
        name="Kommunsekreteraren",
        title="Kommunsekreterare",
    )

    services.paragraph_create(
        meeting=meeting,
        actor=SYSTEM,
        title="Val av justerare",
        is_decision=True,
        decision_text="Johan Ekström (M) utses att jämte ordföranden justera protokollet.",
    )
    p_budget = services.paragraph_create(
        meeting=meeting,
        actor=SYSTEM,
        agenda_item=budget,
        background="Kommunchefen har lagt fram förslag till budget 2027 och flerårsplan 2028–2029.",
        proposals="Ingrid Dahlberg (S): bifall till förslaget.\nJohan Ekström (M): avslag till förmån för Moderaternas budgetförslag.",
        decision_text="Kommunstyrelsen föreslår kommunfullmäktige att anta budget 2027 och flerårsplan 2028–2029.",
    )
    # Lars Nordin (C) leaves for §§ 2–3; Anders Lund (C) serves in his place.
    services.paragraph_substitute(
        paragraph=p_budget, actor=SYSTEM, substitute=a["Anders Lund"], serves_for=a["Lars Nordin"]
    )
    services.vote_record(
        paragraph=p_budget,
        actor=SYSTEM,
        question="Ordföranden ställer proposition på bifall och avslag och finner bifall. Omröstning begärs.",
        yes_means="bifall till förslaget",
        no_means="avslag",
        ballots={
            a["Ingrid Dahlberg"]: "yes",
            a["Maja Holm"]: "yes",
            a["Anders Lund"]: "yes",
            a["Johan Ekström"]: "no",
            a["Sofia Berglund"]: "abstain",
        },
    )
    services.dissent_add(
        paragraph=p_budget,
        actor=SYSTEM,
        attendance=a["Johan Ekström"],
        reasons="Budgeten höjer skatten i stället för att pröva verksamheternas kostnader.",
    )
    p_preschool = services.paragraph_create(
        meeting=meeting,
        actor=SYSTEM,
        agenda_item=preschool,
        background="Barnantalet i Hedekas växer; sektor Barn och utbildning föreslår en ny förskola med fyra avdelningar.",
        decision_text="Kommunstyrelsen ger kommunchefen i uppdrag att projektera en ny förskola i Hedekas.",
    )
    services.paragraph_substitute(
        paragraph=p_preschool, actor=SYSTEM, substitute=a["Anders Lund"], serves_for=a["Lars Nordin"]
    )
    services.note_add(
        paragraph=p_preschool,
        actor=SYSTEM,
        attendance=director,
        text="Kommunchefen antecknar till protokollet att beslutet saknar finansiering i budget 2027 (S4.9).",
    )
    services.paragraph_create(
        meeting=meeting,
        actor=SYSTEM,
        agenda_item=delegated,
        decision_text="Redovisningen läggs till handlingarna.",
    )
    approval = law.next_working_day(day + dt.timedelta(days=3))
    services.approval_arrange(
        meeting=meeting,
        actor=SYSTEM,
        chair=a["Ingrid Dahlberg"],
        adjusters=[a["Johan Ekström"]],
        secretary=secretary,
        place="Kommunkansliet",
        date=approval,
        time=APPROVAL_TIME,
    )
    # The signers approve at the planned time, in turn, a few minutes apart (never later than
    # now, should the planned time be this morning); the demo signs for
    # them as the system, by name (its invented people have no users).
    planned = timezone.make_aware(dt.datetime.combine(approval, APPROVAL_TIME))
    for n, signer in enumerate(meeting.signers.order_by("id")):
        services.minutes_sign(
            signer=signer,
            actor=SYSTEM,
            system=SYSTEM_NAME,
            at=min(planned + dt.timedelta(minutes=5 * n), timezone.now()),
        )
    return meeting


def wipe(tenants: list[Tenant]) -> None:
    """Remove the meetings of the demo organisations (before the case register and the
    organisations themselves)."""
    meetings = Meeting.objects.filter(tenant__in=tenants)
    Posting.objects.filter(meeting__in=meetings).delete()
    Posting.objects.filter(tenant__in=tenants).delete()
    Decision.objects.filter(tenant__in=tenants).delete()
    Signer.objects.filter(meeting__in=meetings).delete()
    paragraphs = MinutesParagraph.objects.filter(meeting__in=meetings)
    Ballot.objects.filter(vote__paragraph__in=paragraphs).delete()
    Vote.objects.filter(paragraph__in=paragraphs).delete()
    Dissent.objects.filter(paragraph__in=paragraphs).delete()
    Note.objects.filter(paragraph__in=paragraphs).delete()
    ParagraphAttendance.objects.filter(paragraph__in=paragraphs).delete()
    paragraphs.delete()
    AgendaItem.objects.filter(meeting__in=meetings).delete()
    Attendance.objects.filter(meeting__in=meetings).delete()
    meetings.delete()
    ParagraphCounter.objects.filter(body__tenant__in=tenants).delete()
    StandingItem.objects.filter(series__tenant__in=tenants).delete()
    MeetingSeries.objects.filter(tenant__in=tenants).delete()

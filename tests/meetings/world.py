"""A board with members, a substitute, a secretary, the director present with the right to
speak, and two cases ready for decision, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from radhus.core.models import Role, Tenant
from radhus.diarium import services as diarium
from radhus.diarium.models import Case, Series
from radhus.diarium.services_referrals import officer_link_set
from radhus.meetings import services
from radhus.meetings.models import Attendance, AttendeeRole, Meeting, MeetingSeries, Signer
from radhus.organisation.models import MembershipRole, Person, Unit, UnitKind
from tests.factories import (
    AppointmentFactory,
    MembershipFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

MEETING_DAY = dt.date(2026, 3, 10)  # a Tuesday


@dataclass
class Board:
    tenant: Tenant
    body: Unit
    series: MeetingSeries
    case_series: Series
    cases: list[Case]
    secretary_user: object
    meeting: Meeting | None = None
    by_name: dict[str, Attendance] = field(default_factory=dict)
    # The users linked to the people who sign the minutes (link_signers), by name.
    users: dict[str, object] = field(default_factory=dict)


def build_board(slug: str = "munkedal") -> Board:
    tenant = TenantFactory(slug=slug, name=f"{slug.capitalize()}s kommun")
    body = UnitFactory(
        tenant=tenant,
        kind=UnitKind.EXECUTIVE_BOARD,
        name="Kommunstyrelsen",
        short_name="KS",
        slug=f"ks-{slug}",
    )
    s = PartyFactory(abbreviation="S", name="Socialdemokraterna")
    m = PartyFactory(abbreviation="M", name="Moderaterna")
    c = PartyFactory(abbreviation="C", name="Centerpartiet")
    for role, first, last, party in [
        (MembershipRole.CHAIR, "Per", "Nylén", s),
        (MembershipRole.VICE_CHAIR, "Karin", "Ek", m),
        (MembershipRole.MEMBER, "Olle", "Berg", s),
        (MembershipRole.MEMBER, "Sara", "Lind", c),
        (MembershipRole.SUBSTITUTE, "Nils", "Ström", c),
    ]:
        person = PersonFactory(
            tenant=tenant, first_name=first, last_name=last, party=party, slug=f"{first}-{slug}".lower()
        )
        MembershipFactory(group=body, person=person, role=role, valid_from=dt.date(2023, 1, 1))
    # The secretary seat is held by a post: whoever holds it on the meeting day (S2.2).
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningskontoret", slug=f"klk-{slug}"
    )
    post = PostFactory(unit=office, title="Nämndsekreterare")
    AppointmentFactory(
        post=post,
        person=PersonFactory(tenant=tenant, first_name="Eva", last_name="Skrivare", slug=f"eva-{slug}"),
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2026, 2, 28),
    )
    AppointmentFactory(
        post=post,
        person=PersonFactory(tenant=tenant, first_name="Lena", last_name="Protokoll", slug=f"lena-{slug}"),
        valid_from=dt.date(2026, 3, 1),
    )
    MembershipFactory(
        group=body, post=post, person=None, role=MembershipRole.SECRETARY, valid_from=dt.date(2023, 1, 1)
    )
    series = services.series_create(
        tenant=tenant,
        actor=None,
        body=body,
        name="Kommunstyrelsen",
        rule="FREQ=MONTHLY;BYDAY=+2TU",
        start_time=dt.time(9, 0),
        place="Kommunhuset, Forum",
        minutes_kept_at="Kommunkansliet, Kommunhuset",
    )
    case_series = diarium.series_create(tenant=tenant, actor=None, body=body, code="KS")
    cases = []
    for title in ["Budget 2027", "Ny förskola i Hedekas"]:
        case = diarium.case_register(
            tenant=tenant, actor=None, series=case_series, title=title, opened_on=dt.date(2026, 1, 20)
        )
        cases.append(diarium.case_mark_ready(case=case, actor=None))
    secretary_user = TenantRoleFactory(
        tenant=tenant, role=Role.EDITOR, user__username=f"sekreterare-{slug}"
    ).user
    return Board(tenant, body, series, case_series, cases, secretary_user)


def hold_meeting(board: Board) -> Board:
    """The meeting of 10 March 2026 with its attendance, agenda and four paragraphs: a decision
    with a substitute serving, a vote, a dissent and the director's note; the minutes to be
    approved at Kommunhuset on 13 March at 10.00."""
    meeting = services.meeting_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        date=MEETING_DAY,
        start_time=dt.time(9, 0),
        series=board.series,
        place="Kommunhuset, Forum",
    )
    services.attendance_draw(meeting=meeting, actor=None)
    director = services.attendance_add(
        meeting=meeting, actor=None, role=AttendeeRole.OTHER, name="Maria Direktör", title="Kommundirektör"
    )
    board.meeting = meeting
    board.by_name = {a.name: a for a in meeting.attendances.all()}
    board.by_name["Maria Direktör"] = director
    items = [services.agenda_add_case(meeting=meeting, actor=None, case=c) for c in board.cases]
    info = services.agenda_add_item(
        meeting=meeting, actor=None, kind="delegated", title="Redovisning av delegationsbeslut"
    )
    a = board.by_name
    services.paragraph_create(
        meeting=meeting,
        actor=None,
        title="Val av justerare",
        is_decision=True,
        decision_text="Karin Ek utses att justera protokollet.",
    )
    p2 = services.paragraph_create(
        meeting=meeting,
        actor=None,
        agenda_item=items[0],
        background="Förslag till budget.",
        proposals="Ordföranden: bifall. Karin Ek (M): avslag.",
        decision_text="Kommunstyrelsen föreslår fullmäktige att anta budgeten.",
    )
    services.paragraph_substitute(
        paragraph=p2, actor=None, substitute=a["Nils Ström"], serves_for=a["Sara Lind"]
    )
    services.vote_record(
        paragraph=p2,
        actor=None,
        question="Bifall till ordförandens förslag?",
        yes_means="bifall",
        no_means="avslag",
        ballots={a["Per Nylén"]: "yes", a["Olle Berg"]: "yes", a["Karin Ek"]: "no", a["Nils Ström"]: "yes"},
    )
    services.dissent_add(
        paragraph=p2, actor=None, attendance=a["Karin Ek"], reasons="Budgeten saknar täckning för förskolan."
    )
    p3 = services.paragraph_create(
        meeting=meeting, actor=None, agenda_item=items[1], decision_text="Förskolan byggs."
    )
    services.note_add(paragraph=p3, actor=None, attendance=director, text="Beslutet saknar finansiering.")
    services.paragraph_create(
        meeting=meeting, actor=None, agenda_item=info, decision_text="Redovisningen läggs till handlingarna."
    )
    services.approval_arrange(
        meeting=meeting,
        actor=None,
        chair=a["Per Nylén"],
        adjusters=[a["Karin Ek"]],
        secretary=a["Lena Protokoll"],
        place="Kommunhuset",
        date=dt.date(2026, 3, 13),
        time=dt.time(10, 0),
    )
    return board


def add_small_meetings(tenant: Tenant, board: Unit) -> Meeting:
    """A series, an approved meeting posted on the notice board and an open one: enough for
    every address of the meetings API and pages to find something (tests/api/test_schema.py,
    tests/core/test_access.py). Whoever holds the board's seats on 2026-03-10 is called; a
    chair and a member are added by name when the board has none."""
    series = services.series_create(
        tenant=tenant,
        actor=None,
        body=board,
        name="Styrelsen",
        rule="FREQ=MONTHLY;BYDAY=+2TU",
        start_time=dt.time(9, 0),
        standing_items=["Ekonomi"],
    )
    approved = services.meeting_create(
        tenant=tenant, actor=None, body=board, date=MEETING_DAY, start_time=dt.time(9), series=series
    )
    called = services.attendance_draw(meeting=approved, actor=None)
    chair = next((a for a in called if a.role == AttendeeRole.CHAIR), None) or services.attendance_add(
        meeting=approved, actor=None, role=AttendeeRole.CHAIR, name="Ordförande Testsson"
    )
    other = next((a for a in called if a.role != AttendeeRole.CHAIR), None) or services.attendance_add(
        meeting=approved, actor=None, role=AttendeeRole.MEMBER, name="Ledamot Testsson"
    )
    services.paragraph_create(
        meeting=approved, actor=None, title="Val av justerare", is_decision=True, decision_text="Vald."
    )
    services.approval_arrange(
        meeting=approved,
        actor=None,
        chair=chair,
        adjusters=[other],
        place="Rådhuset",
        date=dt.date(2026, 3, 12),
    )
    # Its signers may be names only, with no person to log in as: the tests sign as the system.
    for signer in approved.signers.all():
        services.minutes_sign(signer=signer, actor=None, system="tests", on=dt.date(2026, 3, 12))
    open_meeting = services.meeting_create(
        tenant=tenant, actor=None, body=board, date=dt.date(2026, 4, 14), start_time=dt.time(9), series=series
    )
    services.attendance_draw(meeting=open_meeting, actor=None)
    services.agenda_add_item(meeting=open_meeting, actor=None, kind="information", title="Läget")
    return open_meeting


def link_signers(board: Board) -> dict[str, object]:
    """Users who are the board's chair, vice chair and secretary in the registry (the case
    register's officer link): each signs their own line of the minutes (KL 5 kap. 69 §). The
    secretary's user is Lena Protokoll, who holds the secretary's post from 1 March 2026.
    Linked once per board; a second call gives the same users."""
    if board.users:
        return board.users
    for first, last, username in [
        ("Per", "Nylén", f"per-{board.tenant.slug}"),
        ("Karin", "Ek", f"karin-{board.tenant.slug}"),
        ("Lena", "Protokoll", None),
    ]:
        person = Person.objects.get(tenant=board.tenant, first_name=first, last_name=last)
        user = (
            board.secretary_user
            if username is None
            else TenantRoleFactory(tenant=board.tenant, role=Role.EDITOR, user__username=username).user
        )
        officer_link_set(tenant=board.tenant, actor=None, user=user, person=person)
        board.users[f"{first} {last}"] = user
    return board.users


def signer_user(board: Board, signer: Signer) -> object:
    """The user who is the person on ``signer``'s line (linked on first use)."""
    users = link_signers(board)
    name = signer.attendance.name
    if name not in users:
        person = signer.attendance.person
        if person is None:
            raise ValueError(f"{name} is in no registry: nobody can sign as them.")
        user = TenantRoleFactory(
            tenant=board.tenant, role=Role.EDITOR, user__username=f"{person.slug}-signer"
        ).user
        officer_link_set(tenant=board.tenant, actor=None, user=user, person=person)
        users[name] = user
    return users[name]


def sign_as_signers(board: Board, on: dt.date = dt.date(2026, 3, 13)) -> None:
    """Every signer who has not signed yet approves the board's minutes, each logged in as
    themselves (KL 5 kap. 69 §)."""
    for signer in board.meeting.signers.filter(signed_at__isnull=True).select_related("attendance__person"):
        services.minutes_sign(signer=signer, actor=signer_user(board, signer), on=on)
    board.meeting.refresh_from_db()

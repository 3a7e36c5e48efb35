"""Meetings and minutes through their services: the plan, attendance from the registry, the
agenda and the case register, gapless paragraphs, votes and dissents, approval and its lock."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium.models import Status
from radhus.meetings import law, services
from radhus.meetings.models import AttendeeRole, Decision, MeetingStatus, MinutesParagraph, PostingKind
from tests.factories import TenantFactory, TenantRoleFactory, UnitFactory
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting, link_signers, sign_as_signers

pytestmark = pytest.mark.django_db


def test_plan_every_second_and_fourth_tuesday_skips_public_holidays():
    board = build_board()
    series = services.series_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        name="KS arbetsutskott",
        rule="FREQ=MONTHLY;BYDAY=+2TU,+4TU",
        start_time=dt.time(13, 0),
        standing_items=["Verksamhetsutveckling", "Ekonomi", "HR"],
    )
    days = services.plan_dates(series, 2026)
    assert all(d.weekday() == 1 for d in days)
    assert dt.date(2026, 1, 13) in days and dt.date(2026, 1, 27) in days
    # 2026-12-22 is the fourth Tuesday; no Tuesday of 2026 in the rule is a holiday, so 24 days
    assert len(days) == 24
    friday = services.series_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        name="Fredagar",
        rule="FREQ=WEEKLY;BYDAY=FR",
        start_time=dt.time(8, 0),
    )
    fridays = services.plan_dates(friday, 2026)
    assert dt.date(2026, 4, 3) not in fridays  # Good Friday
    assert dt.date(2026, 6, 19) in fridays  # Midsummer Eve is no public holiday
    meetings = services.plan_year(series=series, actor=None, year=2026)
    assert len(meetings) == 24
    assert [i.title for i in meetings[0].agenda_items.all()] == ["Verksamhetsutveckling", "Ekonomi", "HR"]
    assert services.plan_year(series=series, actor=None, year=2026) == []  # planned once


@pytest.mark.parametrize("rule", ["", "FREQ=NEVER", "BYDAY=XX", "FREQ=WEEKLY;UNTIL=abc", "x" * 400])
def test_a_broken_rule_is_refused_on_its_field(rule):
    board = build_board()
    with pytest.raises(ValidationError) as exc:
        services.series_create(
            tenant=board.tenant, actor=None, body=board.body, name="X", rule=rule, start_time=dt.time(9)
        )
    assert "rule" in exc.value.message_dict


def test_only_groups_meet_and_only_editors_plan():
    board = build_board()
    department = UnitFactory(tenant=board.tenant)
    with pytest.raises(ValidationError):
        services.series_create(
            tenant=board.tenant,
            actor=None,
            body=department,
            name="X",
            rule="FREQ=WEEKLY",
            start_time=dt.time(9),
        )
    reader = TenantRoleFactory(tenant=board.tenant, role=Role.READER).user
    with pytest.raises(PermissionDenied):
        services.plan_year(series=board.series, actor=reader, year=2026)
    other = TenantRoleFactory(tenant=TenantFactory(), role=Role.EDITOR).user
    with pytest.raises(PermissionDenied):
        services.plan_year(series=board.series, actor=other, year=2026)


def test_attendance_is_drawn_from_the_seats_on_the_meeting_day():
    """S2.2: the secretary's seat is a post; its holder on the meeting day is called."""
    board = hold_meeting(build_board())
    roles = {a.name: (a.role, a.party) for a in board.meeting.attendances.all()}
    assert roles["Per Nylén"] == (AttendeeRole.CHAIR, "S")
    assert roles["Nils Ström"] == (AttendeeRole.SUBSTITUTE, "C")
    assert "Lena Protokoll" in roles and "Eva Skrivare" not in roles
    assert services.attendance_draw(meeting=board.meeting, actor=None) == []  # called once


def test_agenda_items_move_their_cases_in_the_register():
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    item = services.agenda_add_case(meeting=meeting, actor=None, case=board.cases[0])
    item.case.refresh_from_db()
    assert item.case.status == Status.ON_AGENDA
    with pytest.raises(ValidationError):  # a case on an agenda is not ready any more
        services.agenda_add_case(meeting=meeting, actor=None, case=board.cases[0])
    services.agenda_withdraw(item=item, actor=None)
    item.case.refresh_from_db()
    assert item.case.status == Status.READY
    info = services.agenda_add_item(
        meeting=meeting, actor=None, kind="information", title="Läget i ekonomin", at_meeting=True
    )
    assert not info.for_decision
    assert services.agenda_make_decision_item(item=info, actor=None).for_decision


def test_a_case_of_another_organisation_answers_like_a_missing_one():
    board = build_board()
    other = build_board("tanum")
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    with pytest.raises(ValidationError):
        services.agenda_add_case(meeting=meeting, actor=None, case=other.cases[0])


def test_paragraphs_run_through_the_year_per_body_without_gaps():
    board = hold_meeting(build_board())
    assert list(board.meeting.paragraphs.values_list("number", flat=True)) == [1, 2, 3, 4]
    later = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 4, 14), start_time=dt.time(9)
    )
    assert services.paragraph_create(meeting=later, actor=None, title="Upprop").number == 5
    next_year = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2027, 1, 12), start_time=dt.time(9)
    )
    assert services.paragraph_create(meeting=next_year, actor=None, title="Upprop").number == 1
    with pytest.raises(ValidationError):  # a refused paragraph takes no number
        services.paragraph_create(meeting=later, actor=None, title="")
    assert services.paragraph_create(meeting=later, actor=None, title="Nästa").number == 6


def test_substitute_serves_and_votes_only_for_the_named_paragraph():
    board = hold_meeting(build_board())
    p2, p3 = board.meeting.paragraphs.filter(number__in=[2, 3]).order_by("number")
    names2 = {a.name for a in services.deciding_on(p2)}
    names3 = {a.name for a in services.deciding_on(p3)}
    assert "Nils Ström" in names2 and "Sara Lind" not in names2
    assert "Sara Lind" in names3 and "Nils Ström" not in names3
    with pytest.raises(ValidationError) as exc:  # Sara Lind does not decide § 2
        services.vote_record(
            paragraph=p2,
            actor=None,
            question="?",
            yes_means="ja",
            no_means="nej",
            ballots={board.by_name["Sara Lind"]: "yes"},
        )
    assert "ballots" in exc.value.message_dict
    vote = p2.votes.get()
    assert (vote.count("yes"), vote.count("no")) == (3, 1)


def test_only_one_deciding_may_dissent():
    board = hold_meeting(build_board())
    p2 = board.meeting.paragraphs.get(number=2)
    with pytest.raises(ValidationError):
        services.dissent_add(paragraph=p2, actor=None, attendance=board.by_name["Maria Direktör"])
    assert p2.dissents.get().attendance.name == "Karin Ek"


def test_conflict_of_interest_takes_a_member_out_of_the_paragraph():
    """KL 6 kap. 28 §: one with a conflict of interest (jäv) takes no part in the matter."""
    board = hold_meeting(build_board())
    p3 = board.meeting.paragraphs.get(number=3)
    services.paragraph_not_taking_part(
        paragraph=p3, actor=None, attendance=board.by_name["Olle Berg"], conflict_of_interest=True
    )
    assert "Olle Berg" not in {a.name for a in services.deciding_on(p3)}


def test_approval_is_due_within_fourteen_days():
    """KL 5 kap. 69 §."""
    board = hold_meeting(build_board())
    a = board.by_name
    with pytest.raises(ValidationError) as exc:
        services.approval_arrange(
            meeting=board.meeting,
            actor=None,
            chair=a["Per Nylén"],
            adjusters=[a["Karin Ek"]],
            place="X",
            date=MEETING_DAY + dt.timedelta(days=15),
        )
    assert "date" in exc.value.message_dict
    services.approval_arrange(
        meeting=board.meeting,
        actor=None,
        chair=a["Per Nylén"],
        adjusters=[a["Karin Ek"]],
        place="X",
        date=law.approval_due(MEETING_DAY),
    )


def sign_all(board, on=dt.date(2026, 3, 13)):
    """Every signer approves, each logged in as the person on their line (KL 5 kap. 69 §)."""
    sign_as_signers(board, on=on)


def test_approval_by_every_signer_locks_the_minutes_and_decides_the_cases():
    """The chair, the adjuster and the secretary each approve their own line (KL 5 kap. 69 §);
    the last signature approves and locks the minutes."""
    board = hold_meeting(build_board())
    users = link_signers(board)
    first = board.meeting.signers.select_related("attendance").first()
    services.minutes_sign(signer=first, actor=users[first.attendance.name], on=dt.date(2026, 3, 13))
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.HELD  # one signer is not enough
    sign_all(board)
    assert board.meeting.status == MeetingStatus.APPROVED
    signers = board.meeting.signers.select_related("attendance")
    assert {s.attendance.name: s.user for s in signers} == {
        "Per Nylén": users["Per Nylén"],
        "Karin Ek": users["Karin Ek"],
        "Lena Protokoll": board.secretary_user,
    }
    assert all(s.signed_at for s in signers)
    for case in board.cases:
        case.refresh_from_db()
        assert case.status == Status.DECIDED and case.decided_on == MEETING_DAY
    decisions = Decision.objects.filter(paragraph__meeting=board.meeting).order_by("paragraph__number")
    assert [d.reference for d in decisions] == ["KS § 1/2026", "KS § 2/2026", "KS § 3/2026"]
    assert decisions[1].case == board.cases[0]


def test_approved_minutes_refuse_every_change_and_the_attempt_is_audited():
    board = hold_meeting(build_board())
    sign_all(board)
    p2 = board.meeting.paragraphs.get(number=2)
    attempts = [
        lambda: services.paragraph_update(paragraph=p2, actor=board.secretary_user, decision_text="Ändrat"),
        lambda: services.paragraph_create(meeting=board.meeting, actor=None, title="Ny"),
        lambda: services.dissent_add(paragraph=p2, actor=None, attendance=board.by_name["Olle Berg"]),
        lambda: services.note_add(paragraph=p2, actor=None, attendance=board.by_name["Olle Berg"], text="x"),
        lambda: services.agenda_add_item(meeting=board.meeting, actor=None, kind="information", title="x"),
    ]
    for attempt in attempts:
        with pytest.raises(services.MinutesLocked):
            attempt()
    p2.refresh_from_db()
    assert p2.decision_text == "Kommunstyrelsen föreslår fullmäktige att anta budgeten."
    assert MinutesParagraph.objects.filter(meeting=board.meeting).count() == 4
    refused = history_of(board.meeting).filter(action="meetings.minutes.change_refused")
    assert refused.count() == len(attempts)
    assert refused.filter(actor=board.secretary_user).count() == 1


def test_approval_is_posted_and_the_appeal_day_follows():
    """KL 8 kap. 12 § (posted), KL 13 kap. 5 § (three weeks from the posting)."""
    board = hold_meeting(build_board())
    sign_all(board, on=dt.date(2026, 3, 13))
    posting = board.meeting.postings.get(kind=PostingKind.APPROVAL)
    assert posting.posted_on == dt.date(2026, 3, 13)  # Friday
    assert services.appeal_last_day(board.meeting) == dt.date(
        2026, 4, 7
    )  # Good Friday, Easter Monday → Tuesday
    assert posting.taken_down_on == dt.date(2026, 4, 8)


def test_a_joint_body_counts_from_the_last_member_posting():
    """KL 13 kap. 5 §: for a joint committee, from the posting in every member municipality."""
    board = hold_meeting(build_board("region"))
    board.tenant.kind = board.tenant.Kind.COLLABORATION
    board.tenant.save()
    member = TenantFactory(slug="umea")
    board.tenant.members.add(member, through_defaults={})
    sign_all(board, on=dt.date(2026, 3, 13))
    services.approval_post(meeting=board.meeting, actor=None, tenant=member, posted_on=dt.date(2026, 3, 17))
    assert services.appeal_last_day(board.meeting) == dt.date(2026, 4, 7)
    stranger = TenantFactory(slug="lulea")
    with pytest.raises(ValidationError):
        services.approval_post(
            meeting=board.meeting, actor=None, tenant=stranger, posted_on=dt.date(2026, 3, 17)
        )
    with pytest.raises(ValidationError):  # not before the approval
        services.approval_post(
            meeting=board.meeting, actor=None, tenant=member, posted_on=dt.date(2026, 3, 12)
        )


def test_council_meeting_announced_at_least_a_week_before():
    """KL 5 kap. 13–15 §§."""
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(18)
    )
    with pytest.raises(ValidationError):
        services.meeting_announce(meeting=meeting, actor=None, posted_on=dt.date(2026, 3, 4))
    posting = services.meeting_announce(meeting=meeting, actor=None, posted_on=dt.date(2026, 3, 3))
    assert posting.kind == PostingKind.ANNOUNCEMENT

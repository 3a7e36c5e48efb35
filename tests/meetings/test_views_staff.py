"""The secretary's pages: a series with its cadence in plain words and its year planned, a
meeting's agenda built from the cases ready for decision, the notice, the attendance, the
minutes kept paragraph by paragraph (substitute, vote, dissent, note, secrecy), the approval
signed by each signer, and the locked minutes refusing a change. A reader may look, not change;
another organisation's users and ids get nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from radhus.core.audit import history_of
from radhus.core.models import Role
from radhus.diarium import services as diarium
from radhus.diarium.models import Status
from radhus.meetings import services
from radhus.meetings.forms import describe_rule
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesParagraph,
    ParagraphAttendance,
    Posting,
)
from radhus.organisation.models import UnitKind
from tests.factories import TenantRoleFactory, UnitFactory, client_for
from tests.meetings.world import MEETING_DAY, build_board, link_signers

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def board():
    board = build_board()
    board.meeting = services.meeting_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        date=MEETING_DAY,
        start_time=dt.time(9, 0),
        series=board.series,
        place="Kommunhuset, Forum",
    )
    return board


def url(name: str, board, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": board.tenant.slug, **kwargs})


def token(client: Client, path: str) -> str:
    html = client.get(path).content.decode()
    return html.split('name="once" value="', 1)[1].split('"', 1)[0]


def send(client: Client, path: str, data: dict | None = None):
    """Post a form the way a browser does: with the once-only token of a fresh page."""
    return client.post(path, {"once": token(client, path), **(data or {})})


def page(response) -> str:
    return response.content.decode()


# Access ---------------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in(board):
    for path in (url("staff_meetings", board), url("staff_meeting", board, meeting_id=board.meeting.pk)):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/?next=")


def test_another_organisations_editor_is_refused_and_its_ids_are_not_found(board):
    other = build_board("dals-ed")
    outsider = client_for(other.secretary_user)
    assert outsider.get(url("staff_meeting", board, meeting_id=board.meeting.pk)).status_code == 403
    # Our own editor with the other organisation's meeting in our address: not found.
    own = client_for(board.secretary_user)
    foreign = services.meeting_create(
        tenant=other.tenant, actor=None, body=other.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    assert own.get(url("staff_meeting", board, meeting_id=foreign.pk)).status_code == 404
    assert own.get(url("staff_meeting", board, meeting_id=2**70)).status_code == 404


def test_a_reader_sees_the_meeting_but_cannot_change_it(board):
    reader = client_for(TenantRoleFactory(tenant=board.tenant, role=Role.READER).user)
    html = page(reader.get(url("staff_meeting", board, meeting_id=board.meeting.pk)))
    assert "Kommunstyrelsen, sammanträde den 2026-03-10" in html
    assert "Skicka kallelsen" not in html  # no buttons for a reader
    response = reader.post(url("staff_meeting_notice", board, meeting_id=board.meeting.pk), {"once": ""})
    assert response.status_code == 403
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.PLANNED


# Series and the plan -----------------------------------------------------------------------------


def test_a_series_is_made_from_plain_choices_with_its_standing_items(board):
    client = client_for(board.secretary_user)
    response = send(
        client,
        url("staff_meeting_series_create", board),
        {
            "body": board.body.pk,
            "name": "Ledningsgruppen",
            "cadence": "second_fourth",
            "weekday": "TU",
            "months_off": ["7"],
            "start_time": "13:00",
            "place": "Kommunhuset",
            "skip_public_holidays": "on",
            "standing_items": "Ekonomi\n\n  Personal  \nAktuellt",
        },
    )
    series = MeetingSeries.objects.get(name="Ledningsgruppen")
    assert response.status_code == 302
    assert series.rule == "FREQ=MONTHLY;BYDAY=+2TU,+4TU;BYMONTH=1,2,3,4,5,6,8,9,10,11,12"
    assert [i.title for i in series.standing_items.all()] == ["Ekonomi", "Personal", "Aktuellt"]
    assert describe_rule(series.rule) == "tisdag, andra och fjärde i månaden; inte i juli"
    # No meeting in July: the second and fourth Tuesdays of June and August follow each other.
    days = services.plan_dates(series, 2026)
    assert [d for d in days if 6 <= d.month <= 8] == [
        dt.date(2026, 6, 9),
        dt.date(2026, 6, 23),
        dt.date(2026, 8, 11),
        dt.date(2026, 8, 25),
    ]


def test_a_series_form_refuses_bad_input_in_swedish(board):
    client = client_for(board.secretary_user)
    office = UnitFactory(tenant=board.tenant, kind=UnitKind.DEPARTMENT, name="Ekonomiavdelningen")
    html = page(
        send(
            client,
            url("staff_meeting_series_create", board),
            {
                "body": office.pk,  # a department does not meet
                "name": "X",
                "cadence": "second_fourth",
                "weekday": "SU",
                "start_time": "13:00",
                "end_time": "12:00",
            },
        )
    )
    # The department does not meet, and Sunday is not offered.
    assert "Organ eller grupp: Välj ett giltigt alternativ" in html
    assert "Veckodag: Välj ett giltigt alternativ" in html
    assert "Sammanträdet slutar efter att det börjar." in html
    html = page(
        send(
            client,
            url("staff_meeting_series_create", board),
            {
                "body": board.body.pk,
                "name": "X",
                "cadence": "weekly",
                "weekday": "TU",
                "rule": "FREQ=NEVER",
                "start_time": "25:00",
            },
        )
    )
    assert "Fyll i en giltig tid." in html
    assert not MeetingSeries.objects.filter(name="X").exists()


def test_planning_a_year_skips_the_public_holidays(board):
    """Meeting days that are public holidays are skipped (lag (1989:253) om allmänna helgdagar)."""
    series = services.series_create(
        tenant=board.tenant,
        actor=None,
        body=board.body,
        name="Fredagsmöten",
        rule="FREQ=WEEKLY;BYDAY=FR",
        start_time=dt.time(8),
    )
    client = client_for(board.secretary_user)
    path = url("staff_meeting_series_plan", board, series_id=series.pk)
    assert send(client, path, {"year": "2026"}).status_code == 302
    days = set(Meeting.objects.filter(series=series).values_list("date", flat=True))
    # Good Friday, the first of May and Christmas Day fall on Fridays in 2026.
    assert {dt.date(2026, 4, 3), dt.date(2026, 5, 1), dt.date(2026, 12, 25)}.isdisjoint(days)
    assert {dt.date(2026, 1, 2), dt.date(2026, 4, 10), dt.date(2026, 12, 18)} <= days
    assert "Fyll i ett heltal." in page(send(client, path, {"year": "tjugo"}))
    assert "mindre än eller lika med 2100" in page(send(client, path, {"year": "9999"}))


def test_a_meeting_is_planned_and_a_double_is_refused(board):
    client = client_for(board.secretary_user)
    path = url("staff_meeting_create", board)
    data = {"body": board.body.pk, "date": "2026-03-24", "start_time": "09:00", "place": "Forum"}
    response = send(client, path, data)
    meeting = Meeting.objects.get(date=dt.date(2026, 3, 24))
    assert response["Location"] == url("staff_meeting", board, meeting_id=meeting.pk)
    assert "Organet sammanträder redan på den tiden." in page(send(client, path, data))
    assert "Fyll i ett giltigt datum." in page(send(client, path, {**data, "date": "2026-02-30"}))
    assert Meeting.objects.filter(body=board.body).count() == 2


# The agenda -----------------------------------------------------------------------------------


def test_the_agenda_is_built_from_the_cases_ready_for_decision(board):
    client = client_for(board.secretary_user)
    meeting_page = url("staff_meeting", board, meeting_id=board.meeting.pk)
    html = page(client.get(meeting_page))
    # Both ready cases of the board's register are offered; a case not ready is not.
    not_ready = diarium.case_register(
        tenant=board.tenant, actor=None, series=board.case_series, title="Under beredning"
    )
    html = page(client.get(meeting_page))
    assert "Budget 2027" in html and "Ny förskola i Hedekas" in html and "Under beredning" not in html
    path = url("staff_meeting_agenda_case", board, meeting_id=board.meeting.pk)
    response = send(client, path, {"case": board.cases[0].pk})
    assert response.status_code == 302
    board.cases[0].refresh_from_db()
    assert board.cases[0].status == Status.ON_AGENDA
    assert "Välj ett giltigt alternativ" in page(send(client, path, {"case": not_ready.pk}))
    other = build_board("dals-ed")
    assert "Välj ett giltigt alternativ" in page(send(client, path, {"case": other.cases[0].pk}))
    send(
        client,
        url("staff_meeting_agenda_item", board, meeting_id=board.meeting.pk),
        {"kind": "information", "title": "Information om  vägarbetet"},
    )
    items = list(board.meeting.agenda_items.order_by("sort_order", "id"))
    assert [(i.kind, i.title) for i in items] == [
        ("case", "Budget 2027"),
        ("information", "Information om vägarbetet"),
    ]


def test_items_are_moved_withdrawn_and_made_decision_items(board):
    client = client_for(board.secretary_user)
    case_item = services.agenda_add_case(meeting=board.meeting, actor=None, case=board.cases[0])
    info = services.agenda_add_item(meeting=board.meeting, actor=None, kind="information", title="Läget")
    send(client, url("staff_meeting_item_move", board, item_id=info.pk), {"direction": "up"})
    assert list(board.meeting.agenda_items.order_by("sort_order").values_list("title", flat=True)) == [
        "Läget",
        "Budget 2027",
    ]
    html = page(send(client, url("staff_meeting_item_move", board, item_id=info.pk), {"direction": "up"}))
    assert "Punkten står redan först eller sist på föredragningslistan." in html
    send(client, url("staff_meeting_item_decision", board, item_id=info.pk))
    info.refresh_from_db()
    assert info.for_decision
    send(client, url("staff_meeting_item_withdraw", board, item_id=case_item.pk))
    case_item.refresh_from_db()
    board.cases[0].refresh_from_db()
    assert case_item.withdrawn and board.cases[0].status == Status.READY
    html = page(send(client, url("staff_meeting_item_withdraw", board, item_id=case_item.pk)))
    assert "Punkten utgår redan eller är redan behandlad." in html


def test_the_notice_is_sent_once(board):
    client = client_for(board.secretary_user)
    path = url("staff_meeting_notice", board, meeting_id=board.meeting.pk)
    assert send(client, path).status_code == 302
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.NOTICE_SENT
    assert "Kallelsen skickas en gång, före sammanträdet." in page(send(client, path))


# Attendance -----------------------------------------------------------------------------------


def test_the_members_are_called_marked_absent_and_others_added(board):
    """The secretary seat calls whoever holds the post on the meeting day (S2.2)."""
    client = client_for(board.secretary_user)
    send(client, url("staff_meeting_attendance_draw", board, meeting_id=board.meeting.pk))
    called = {a.name: a for a in board.meeting.attendances.all()}
    assert set(called) == {"Per Nylén", "Karin Ek", "Olle Berg", "Sara Lind", "Nils Ström", "Lena Protokoll"}
    send(client, url("staff_meeting_present", board, attendance_id=called["Olle Berg"].pk))
    assert not Attendance.objects.get(pk=called["Olle Berg"].pk).present
    path = url("staff_meeting_attendance_add", board, meeting_id=board.meeting.pk)
    send(client, path, {"role": "other", "name": "Maria Direktör", "title": "Kommundirektör"})
    assert board.meeting.attendances.get(name="Maria Direktör").title == "Kommundirektör"
    assert "Välj en person eller ange ett namn." in page(send(client, path, {"role": "other"}))
    html = page(client.get(url("staff_meeting", board, meeting_id=board.meeting.pk)))
    assert "Olle Berg (S)" in html and "Frånvarande" in html


# The minutes ----------------------------------------------------------------------------------


@pytest.fixture
def held(board):
    services.attendance_draw(meeting=board.meeting, actor=None)
    board.by_name = {a.name: a for a in board.meeting.attendances.all()}
    board.items = [services.agenda_add_case(meeting=board.meeting, actor=None, case=c) for c in board.cases]
    return board


def test_the_minutes_are_kept_paragraph_by_paragraph(held):
    """Votes, dissents and attendance per paragraph as KL 5 kap. 67 § and 4 kap. 27 § want them."""
    board, a = held, held.by_name
    client = client_for(board.secretary_user)
    response = send(
        client,
        url("staff_meeting_paragraph_create", board, meeting_id=board.meeting.pk),
        {"agenda_item": board.items[0].pk},
    )
    paragraph = MinutesParagraph.objects.get(agenda_item=board.items[0])
    assert paragraph.number == 1 and paragraph.title == "Budget 2027" and paragraph.is_decision
    assert response["Location"] == url("staff_meeting_paragraph", board, paragraph_id=paragraph.pk)
    p_url = url("staff_meeting_paragraph", board, paragraph_id=paragraph.pk)
    send(
        client,
        p_url,
        {
            "title": "Budget 2027",
            "background": "Förslag till budget.",
            "proposals": "Ordföranden: bifall.\nKarin Ek (M): avslag.",
            "decision_text": "Kommunstyrelsen föreslår fullmäktige att anta budgeten.",
            "is_decision": "on",
        },
    )
    paragraph.refresh_from_db()
    assert paragraph.proposals == "Ordföranden: bifall.\nKarin Ek (M): avslag."
    send(
        client,
        url("staff_meeting_substitute", board, paragraph_id=paragraph.pk),
        {"substitute": a["Nils Ström"].pk, "serves_for": a["Sara Lind"].pk},
    )
    assert ParagraphAttendance.objects.get(paragraph=paragraph).serves_for == a["Sara Lind"]
    html = page(
        send(
            client,
            url("staff_meeting_substitute", board, paragraph_id=paragraph.pk),
            {"substitute": a["Olle Berg"].pk, "serves_for": a["Karin Ek"].pk},
        )
    )
    assert "Bara en ersättare tjänstgör i en ledamots ställe." in html
    vote_url = url("staff_meeting_vote", board, paragraph_id=paragraph.pk)
    send(
        client,
        vote_url,
        {
            "question": "Bifall till ordförandens förslag?",
            "yes_means": "bifall",
            "no_means": "avslag",
            f"ballot_{a['Per Nylén'].pk}": "yes",
            f"ballot_{a['Olle Berg'].pk}": "yes",
            f"ballot_{a['Karin Ek'].pk}": "no",
            f"ballot_{a['Nils Ström'].pk}": "yes",
        },
    )
    ballots = {b.attendance.name: b.choice for b in Ballot.objects.filter(vote__paragraph=paragraph)}
    assert ballots == {"Per Nylén": "yes", "Olle Berg": "yes", "Karin Ek": "no", "Nils Ström": "yes"}
    # Sara Lind does not decide: Nils Ström serves for her. Her ballot is not even offered.
    html = page(
        send(
            client,
            vote_url,
            {"question": "?", "yes_means": "a", "no_means": "b", f"ballot_{a['Sara Lind'].pk}": "yes"},
        )
    )
    assert "Ange hur minst en ledamot röstade." in html
    send(
        client,
        url("staff_meeting_dissent", board, paragraph_id=paragraph.pk),
        {"attendance": a["Karin Ek"].pk, "reasons": "Budgeten saknar täckning."},
    )
    html = page(
        send(
            client,
            url("staff_meeting_dissent", board, paragraph_id=paragraph.pk),
            {"attendance": a["Sara Lind"].pk},
        )
    )
    assert "Välj ett giltigt alternativ" in html
    send(
        client,
        url("staff_meeting_note", board, paragraph_id=paragraph.pk),
        {"attendance": a["Lena Protokoll"].pk, "text": "Beslutet saknar finansiering."},
    )
    html = page(
        send(client, url("staff_meeting_secrecy", board, paragraph_id=paragraph.pk), {"osl": "hemligt"})
    )
    assert "Ange paragrafen i offentlighets- och sekretesslagen" in html
    send(client, url("staff_meeting_secrecy", board, paragraph_id=paragraph.pk), {"osl": "OSL 39 kap. 3 §"})
    html = page(client.get(p_url))
    for text in (
        "Nils Ström (C) tjänstgör för Sara Lind (C).",
        "3 ja, 1 nej, 0 avstår.",
        "Karin Ek (M) reserverar sig. Budgeten saknar täckning.",
        "Lena Protokoll: Beslutet saknar finansiering.",
        "Sekretess enligt OSL 39 kap. 3 §",
    ):
        assert text in html, text


def test_paragraphs_are_numbered_through_the_year(held):
    client = client_for(held.secretary_user)
    path = url("staff_meeting_paragraph_create", held, meeting_id=held.meeting.pk)
    send(client, path, {"title": "Val av justerare"})
    send(client, path, {"agenda_item": held.items[1].pk})
    assert "Ge paragrafen en rubrik eller välj en punkt på föredragningslistan." in page(
        send(client, path, {})
    )
    html = page(send(client, path, {"agenda_item": held.items[1].pk}))
    assert "Välj ett giltigt alternativ" in html  # the item has its paragraph already
    numbers = list(held.meeting.paragraphs.order_by("number").values_list("number", "title"))
    assert numbers == [(1, "Val av justerare"), (2, "Ny förskola i Hedekas")]


# Approval -------------------------------------------------------------------------------------


def _arrange(client, board, **extra):
    a = board.by_name
    return send(
        client,
        url("staff_meeting_approval", board, meeting_id=board.meeting.pk),
        {
            "chair": a["Per Nylén"].pk,
            "adjusters": [a["Karin Ek"].pk],
            "secretary": a["Lena Protokoll"].pk,
            "place": "Kommunhuset",
            "date": "2026-03-13",
            **extra,
        },
    )


def test_the_approval_is_arranged_within_fourteen_days(held):
    """The minutes are approved within 14 days of the meeting (KL 5 kap. 69 §)."""
    client = client_for(held.secretary_user)
    # Before it is arranged, the form offers the meeting's chair and secretary.
    form = page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk))).split('id="approval"')[1]
    assert f'<option value="{held.by_name["Per Nylén"].pk}" selected>' in form
    assert f'<option value="{held.by_name["Lena Protokoll"].pk}" selected>' in form
    html = page(_arrange(client, held, date="2026-03-25"))
    assert "Protokollet ska justeras inom 14 dagar efter sammanträdet (KL 5 kap. 69 §)." in html
    html = page(_arrange(client, held, adjusters=[held.by_name["Per Nylén"].pk]))
    assert "Ordföranden skriver under som ordförande, inte som justerare." in html
    assert _arrange(client, held).status_code == 302
    assert sorted(held.meeting.signers.values_list("role", flat=True)) == ["adjuster", "chair", "secretary"]


def test_the_approval_has_a_time_of_day(held):
    """The place, day and time of approval are chosen at the meeting (KL 5 kap. 69 §): “Kommun-
    huset 2026-03-13 kl. 10.00”. On the meeting day the approval comes after the meeting has
    begun (09.00)."""
    client = client_for(held.secretary_user)
    html = page(_arrange(client, held, date=MEETING_DAY.isoformat(), time="08:30"))
    assert "Samma dag som sammanträdet justeras protokollet först när sammanträdet har börjat." in html
    held.meeting.refresh_from_db()
    assert held.meeting.approval_time is None
    assert _arrange(client, held, time="10:00").status_code == 302
    held.meeting.refresh_from_db()
    assert held.meeting.approval_time == dt.time(10, 0)
    html = page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    assert "Protokollet justeras i Kommunhuset den 2026-03-13 kl. 10.00." in html
    assert 'name="time" value="10:00"' in html  # the form offers the time set
    assert _arrange(client, held).status_code == 302  # and the time may be left out
    held.meeting.refresh_from_db()
    assert held.meeting.approval_time is None
    html = page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    assert "Protokollet justeras i Kommunhuset den 2026-03-13." in html


def test_each_signer_approves_and_the_minutes_lock_and_are_posted(held):
    """The last signature approves the minutes, posts them on the notice board (KL 8 kap. 12 §)
    and locks them: a change is refused and the attempt audited."""
    client = client_for(held.secretary_user)
    users = link_signers(held)
    services.paragraph_create(
        meeting=held.meeting, actor=None, agenda_item=held.items[0], decision_text="Antas."
    )
    _arrange(client, held)
    signers = list(held.meeting.signers.select_related("attendance"))
    own = next(s for s in signers if s.attendance.name == "Lena Protokoll")
    sign_url = url("staff_meeting_sign", held, signer_id=own.pk)
    assert "Kryssa i rutan för att justera protokollet." in page(send(client, sign_url))
    for signer in signers:
        signing = client_for(users[signer.attendance.name])
        send(signing, url("staff_meeting_sign", held, signer_id=signer.pk), {"confirm": "on"})
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.APPROVED
    assert {s.attendance.name: s.user for s in held.meeting.signers.all()} == users
    posting = Posting.objects.get(meeting=held.meeting, kind="approval")
    assert posting.posted_on == dt.date(2026, 3, 2)
    html = page(client.get(url("staff_meeting", held, meeting_id=held.meeting.pk)))
    assert "Protokollet är justerat och låst" in html
    assert "2026-03-23" in html  # the last day to appeal: three weeks from the posting (KL 13 kap. 5 §)
    paragraph = held.meeting.paragraphs.get()
    html = page(
        send(
            client,
            url("staff_meeting_paragraph", held, paragraph_id=paragraph.pk),
            {"title": "Ändrad", "decision_text": "Ändrat."},
        )
    )
    assert "Protokollet är justerat och kan inte längre ändras." in html
    paragraph.refresh_from_db()
    assert paragraph.title == "Budget 2027"
    assert services.changes_refused(held.meeting) == 1
    assert history_of(held.meeting).filter(action="meetings.minutes.change_refused").count() == 1


# Query counts -----------------------------------------------------------------------------------


def test_the_meeting_page_reads_as_many_queries_for_two_paragraphs_as_for_eight(
    held, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(held.secretary_user)
    path = url("staff_meeting", held, meeting_id=held.meeting.pk)
    a = held.by_name

    def add(n: int) -> None:
        for i in range(n):
            p = services.paragraph_create(
                meeting=held.meeting, actor=None, title=f"Punkt {i}", is_decision=True
            )
            services.vote_record(
                paragraph=p,
                actor=None,
                question="?",
                yes_means="a",
                no_means="b",
                ballots={a["Per Nylén"]: "yes"},
            )
            services.dissent_add(paragraph=p, actor=None, attendance=a["Karin Ek"])
            services.note_add(paragraph=p, actor=None, attendance=a["Lena Protokoll"], text="Not.")
            services.agenda_add_item(meeting=held.meeting, actor=None, kind="information", title=f"Info {i}")

    add(2)
    client.get(path)  # warm the session and the role cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    add(6)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200
    assert AgendaItem.objects.filter(meeting=held.meeting).count() == 10


def test_the_start_page_lists_coming_and_recent_meetings_and_the_series(board):
    """Today is 2 March 2026: the meeting of 10 March is coming, one of February is recent."""
    services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 2, 10), start_time=dt.time(9)
    )
    cancelled = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=dt.date(2026, 3, 17), start_time=dt.time(9)
    )
    services.meeting_cancel(meeting=cancelled, actor=None)
    html = page(client_for(board.secretary_user).get(url("staff_meetings", board)))
    coming = html.split("Kommande sammanträden", 2)[2].split("Senaste sammanträden")[0]
    recent = html.split("Senaste sammanträden", 2)[2].split("Mötesserier")[0]
    assert "2026-03-10 09:00" in coming and "2026-02-10" not in coming
    assert "2026-02-10 09:00" in recent and "2026-03-10" not in recent
    assert "2026-03-17" not in html  # a cancelled meeting is not listed
    assert url("staff_meeting_series", board, series_id=board.series.pk) in html
    # The case register's staff navigation leads here.
    diarium_page = page(
        client_for(board.secretary_user).get(reverse("staff_diarium", kwargs={"tenant": "munkedal"}))
    )
    assert f'href="{url("staff_meetings", board)}"' in diarium_page


def test_the_series_page_shows_next_years_days_without_holidays(board):
    """The second Tuesday of 2027's months; none is a public holiday (lag (1989:253))."""
    html = page(
        client_for(board.secretary_user).get(url("staff_meeting_series", board, series_id=board.series.pk))
    )
    assert "Tisdag, andra i månaden" in html
    assert "sammanträder serien 12 dagar 2027" in html
    assert 'datetime="2027-01-12"' in html and 'datetime="2027-12-14"' in html


def test_the_paragraph_page_reads_as_many_queries_however_many_votes_and_notes(
    held, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a = held.by_name
    client = client_for(held.secretary_user)
    p = services.paragraph_create(meeting=held.meeting, actor=None, agenda_item=held.items[0])
    path = url("staff_meeting_paragraph", held, paragraph_id=p.pk)

    def add() -> None:
        services.vote_record(
            paragraph=p,
            actor=None,
            question="?",
            yes_means="a",
            no_means="b",
            ballots={a["Per Nylén"]: "yes", a["Karin Ek"]: "no"},
        )
        services.note_add(paragraph=p, actor=None, attendance=a["Lena Protokoll"], text="Not.")

    add()
    services.dissent_add(paragraph=p, actor=None, attendance=a["Karin Ek"])
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for _i in range(4):
        add()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200


def test_odd_input_gets_a_swedish_error_and_never_a_500(held):
    """Huge ids, line breaks, year 1 and 9999: each refused on its field."""
    client = client_for(held.secretary_user)
    meeting_id = held.meeting.pk
    huge = str(2**70)
    cases = [
        (url("staff_meeting_agenda_case", held, meeting_id=meeting_id), {"case": huge}),
        (url("staff_meeting_paragraph_create", held, meeting_id=meeting_id), {"agenda_item": huge}),
        (url("staff_meeting_attendance_add", held, meeting_id=meeting_id), {"role": "other", "person": huge}),
        (url("staff_meeting_approval", held, meeting_id=meeting_id), {"chair": huge, "adjusters": [huge]}),
        (
            url("staff_meeting_create", held),
            {"body": held.body.pk, "date": "0001-01-01", "start_time": "09:00"},
        ),
        (
            url("staff_meeting_create", held),
            {"body": held.body.pk, "date": "9999-12-31", "start_time": "09:00"},
        ),
        (
            url("staff_meeting_agenda_item", held, meeting_id=meeting_id),
            {"kind": "information", "title": "x" * 301},
        ),
    ]
    for path, data in cases:
        response = send(client, path, data)
        assert response.status_code == 200, path
        assert "Formuläret innehåller fel" in page(response), (path, data)
    send(
        client,
        url("staff_meeting_agenda_item", held, meeting_id=meeting_id),
        {"kind": "information", "title": "Två\nrader"},
    )
    assert held.meeting.agenda_items.filter(title="Två rader").exists()


def test_a_member_with_a_conflict_of_interest_takes_no_part_in_the_paragraph(held):
    """A member with a conflict of interest (jäv) takes no part in the paragraph (KL 6 kap. 28 §):
    she is left out of those deciding it, and may then not vote on it."""
    a = held.by_name
    client = client_for(held.secretary_user)
    p = services.paragraph_create(meeting=held.meeting, actor=None, agenda_item=held.items[0])
    path = url("staff_meeting_not_taking_part", held, paragraph_id=p.pk)
    send(client, path, {"attendance": a["Olle Berg"].pk, "conflict_of_interest": "on"})
    change = ParagraphAttendance.objects.get(paragraph=p)
    assert (change.attendance, change.kind) == (a["Olle Berg"], "conflict")
    assert "Redan antecknat för denna paragraf." in page(
        send(client, path, {"attendance": a["Olle Berg"].pk})
    )
    html = page(client.get(url("staff_meeting_paragraph", held, paragraph_id=p.pk)))
    deciding = html.split("Beslutande: ", 1)[1].split("</p>", 1)[0]
    assert deciding == "Per Nylén (S), Karin Ek (M), Sara Lind (C)"
    assert f'name="ballot_{a["Olle Berg"].pk}"' not in html

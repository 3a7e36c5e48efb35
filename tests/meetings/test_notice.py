"""The notice (kallelse): its public and staff versions as a page and a PDF, and its sending
through the task queue, one e-mail per attendee with the public notice attached, recorded per
recipient. E-mails are really sent by the worker (``radhus worker``) into Django's test outbox."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from radhus.core.audit import history_of
from radhus.diarium import services as diarium
from radhus.meetings import sending, services
from radhus.meetings.models import Dispatch, DispatchStatus, MeetingStatus, PostingKind
from radhus.organisation import services as organisation
from radhus.organisation.models import Person, Post, UnitKind
from tests.factories import TenantRoleFactory, UnitFactory
from tests.meetings.world import MEETING_DAY, build_board

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_TITLE = "Förvärv av fastigheten Hemliga 1:7"
PUBLIC_TITLE = "Förvärv av fastighet"
SECRET_RECORD = "Värdering HEMLIG-4471"
PUBLIC_RECORD = "Tjänsteskrivelse om budgeten"
ADDRESSES = {
    "Per Nylén (S)": "per.nylen@munkedal.example.se",
    "Karin Ek (M)": "karin.ek@munkedal.example.se",
    "Olle Berg (S)": "olle.berg@munkedal.example.se",
    "Nils Ström (C)": "nils.strom@munkedal.example.se",
    # The secretary's seat is held by a post: the post's mailbox when its holder has none.
    "Lena Protokoll": "namndsekreterare@munkedal.example.se",
}


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def planned_meeting(slug: str = "munkedal"):
    """A board meeting with attendance drawn, two cases (one with a secret title and a secret
    record), an information item and the report of delegated decisions; Sara Lind has no
    e-mail address."""
    board = build_board(slug)
    for name, address in ADDRESSES.items():
        person = Person.objects.filter(tenant=board.tenant, first_name=name.split()[0]).first()
        if name != "Lena Protokoll":
            organisation.contact_point_add(owner=person, actor=None, kind="email", value=address)
    post = Post.objects.get(unit__tenant=board.tenant, title="Nämndsekreterare")
    organisation.contact_point_add(
        owner=post, actor=None, kind="email", value="namndsekreterare@munkedal.example.se", is_public=False
    )
    budget, secret_case = board.cases
    diarium.record_add(case=budget, actor=None, direction="drawn_up", title=PUBLIC_RECORD)
    diarium.case_mark_title_secret(
        case=secret_case, actor=None, paragraph="OSL 19 kap. 1 §", public_title=PUBLIC_TITLE
    )
    secret_case.title = SECRET_TITLE
    secret_case.save(update_fields=["title"])
    diarium.record_add(
        case=secret_case, actor=None, direction="drawn_up", title=SECRET_RECORD, secrecy="OSL 19 kap. 1 §"
    )
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
    for case in board.cases:
        services.agenda_add_case(meeting=meeting, actor=None, case=case)
    services.agenda_add_item(meeting=meeting, actor=None, kind="information", title="Läget i ekonomin")
    services.agenda_add_item(
        meeting=meeting, actor=None, kind="delegated", title="Redovisning av delegationsbeslut"
    )
    board.meeting = meeting
    return board


@pytest.fixture
def board():
    return planned_meeting()


def test_sending_the_notice_emails_every_attendee_with_an_address_through_the_worker(board):
    """One e-mail per attendee that has an address, sent by the worker, with the public notice
    as a PDF whose text carries the agenda (the delegated decisions reported, KL 6 kap. 40 §);
    the rows say who got it and when."""
    services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    assert mail.outbox == []  # nothing is sent in the request: the worker sends
    assert DBTaskResult.objects.count() == 5

    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(ADDRESSES.values())
    message = mail.outbox[0]
    assert message.subject == "Kallelse: Kommunstyrelsen 2026-03-10"
    assert "Kommunhuset, Forum" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "kallelse-ks-munkedal-2026-03-10.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in [
        "Kallelse",
        "Kommunstyrelsen",
        "2026-03-10",
        "Budget 2027",
        "KS 2026/1",
        PUBLIC_TITLE,
        "Läget i ekonomin",
        "Redovisning av delegationsbeslut",
        "KL 6 kap. 40 §",
        PUBLIC_RECORD,
        "Per Nylén (S)",
        "Nils Ström (C)",
    ]:
        assert expected in text, expected
    assert SECRET_TITLE not in text and SECRET_RECORD not in text
    # The items keep their agenda numbers across the kinds.
    assert "3. Läget i ekonomin" in text and "4. Redovisning av delegationsbeslut" in text

    rows = {d.recipient: d for d in Dispatch.objects.filter(meeting=board.meeting)}
    assert {name for name, d in rows.items() if d.status == DispatchStatus.SENT} == set(ADDRESSES)
    assert all(rows[name].sent_at is not None and rows[name].attempts == 1 for name in ADDRESSES)
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.NOTICE_SENT


def test_an_attendee_without_an_address_is_reported_not_skipped(board):
    rows = sending.dispatches_of(
        services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    )
    missing = [d for d in rows if d.status == DispatchStatus.NO_ADDRESS]
    assert [d.recipient for d in missing] == ["Sara Lind (C)"]
    event = history_of(board.meeting).get(action="meetings.meeting.notice")
    assert event.changes["no_address"] == ["Sara Lind (C)"]
    assert sorted(event.changes["sent_to"]) == sorted(ADDRESSES.values())

    client = Client()
    client.force_login(board.secretary_user)
    html = client.get(f"/munkedal/redigera/kallelse/{board.meeting.pk}/").content.decode()
    assert "Sara Lind (C)" in html and "ingen e-postadress" in html


def test_sending_twice_emails_once_and_sending_again_is_deliberate_and_audited(board):
    services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    with pytest.raises(ValidationError):
        services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    run_worker()
    assert len(mail.outbox) == 5

    sending.notice_resend(meeting=board.meeting, actor=board.secretary_user)
    run_worker()
    assert len(mail.outbox) == 10
    assert sorted({d.round for d in Dispatch.objects.filter(meeting=board.meeting)}) == [1, 2]
    actions = list(history_of(board.meeting).values_list("action", flat=True))
    assert actions.count("meetings.meeting.notice") == 1
    assert actions.count("meetings.meeting.notice_resend") == 1


def test_the_send_form_sent_twice_sends_once(board):
    client = Client()
    client.force_login(board.secretary_user)
    url = f"/munkedal/redigera/kallelse/{board.meeting.pk}/"
    page = client.get(url).content.decode()
    token = page.split('name="once" value="')[1].split('"')[0]
    first = client.post(url, {"once": token})
    again = client.post(url, {"once": token})
    assert first.status_code == again.status_code == 302
    assert Dispatch.objects.filter(meeting=board.meeting).count() == 6
    run_worker()
    assert len(mail.outbox) == 5


def test_a_failing_mail_server_is_retried_and_recorded(board, settings):
    """The mail server refuses: the attempt's task result is FAILED with its error, the row
    says it will be tried again, and a later attempt is queued (never lost silently)."""
    settings.EMAIL_BACKEND = "tests.meetings.failing_mail.RefusingBackend"
    services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    run_worker()
    row = Dispatch.objects.get(meeting=board.meeting, address=ADDRESSES["Per Nylén (S)"])
    assert row.status == DispatchStatus.RETRYING and row.attempts == 1
    assert row.error.startswith("SMTPRecipientsRefused")
    failed = DBTaskResult.objects.filter(status="FAILED")
    assert failed.count() == 5
    assert all("SMTPRecipientsRefused" in r.traceback for r in failed)
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 5 and all(r.run_after > r.enqueued_at for r in waiting)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(dt.timedelta(minutes=2)):
        run_worker()
    row.refresh_from_db()
    assert row.status == DispatchStatus.SENT and row.attempts == 2
    assert len(mail.outbox) == 5


def test_the_worker_command_runs_a_queued_task(board):
    """`radhus worker --batch` runs what is waiting and stops (what `make run` starts)."""
    sending.mail.send_on_commit(subject="Prov", body="Text", to=["a@example.se"])
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Prov"]


def test_public_notice_shows_no_secret_and_the_staff_version_does(board):
    """OSL 5 kap. 5 §: a secret case title reads as its public title, secret records are not
    listed; an editor's staff page shows them."""
    html = Client().get(f"/munkedal/kallelse/{board.meeting.pk}/").content.decode()
    assert SECRET_TITLE not in html and SECRET_RECORD not in html
    for text in [
        PUBLIC_TITLE,
        PUBLIC_RECORD,
        "KS 2026/1",
        "Läget i ekonomin",
        "Per Nylén (S)",
        "KL 6 kap. 40 §",
    ]:
        assert text in html, text
    assert f'href="/munkedal/diarium/arende/{board.cases[0].pk}/"' in html

    pdf = Client().get(f"/munkedal/kallelse/{board.meeting.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert PUBLIC_TITLE in text and SECRET_TITLE not in text and SECRET_RECORD not in text

    client = Client()
    client.force_login(board.secretary_user)
    staff = client.get(f"/munkedal/redigera/kallelse/{board.meeting.pk}/").content.decode()
    assert SECRET_TITLE in staff and SECRET_RECORD in staff and "Sekretess enligt OSL 19 kap. 1 §" in staff
    staff_pdf = pdf_text(client.get(f"/munkedal/redigera/kallelse/{board.meeting.pk}.pdf").content)
    assert SECRET_TITLE in staff_pdf


def test_another_organisations_meeting_is_not_found(board):
    other = planned_meeting("hedekas")
    editor = Client()
    editor.force_login(board.secretary_user)
    for path in [
        f"/munkedal/kallelse/{other.meeting.pk}/",
        f"/munkedal/kallelse/{other.meeting.pk}.pdf",
        f"/munkedal/redigera/kallelse/{other.meeting.pk}/",
        "/munkedal/kallelse/99999999999999999999/",
    ]:
        assert editor.get(path).status_code == 404, path
    assert editor.post(f"/munkedal/redigera/kallelse/{other.meeting.pk}/", {}).status_code == 404
    assert not Dispatch.objects.exists()


def test_a_reader_may_look_but_not_send(board):
    reader = TenantRoleFactory(tenant=board.tenant, role="reader").user
    client = Client()
    client.force_login(reader)
    assert client.get(f"/munkedal/redigera/kallelse/{board.meeting.pk}/").status_code == 200
    assert client.post(f"/munkedal/redigera/kallelse/{board.meeting.pk}/", {}).status_code == 403
    assert not Dispatch.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_a_council_meeting_is_announced_on_the_notice_board_with_its_notice():
    """KL 5 kap. 13–15 §§: a council meeting's time and place are posted at least a week before;
    its notice posts the announcement, and is refused when that is too late."""
    board = build_board()
    council = UnitFactory(tenant=board.tenant, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", slug="kf")
    on_time = services.meeting_create(
        tenant=board.tenant, actor=None, body=council, date=dt.date(2026, 3, 9), start_time=dt.time(18)
    )
    services.meeting_send_notice(meeting=on_time, actor=None)
    posting = on_time.postings.get(kind=PostingKind.ANNOUNCEMENT)
    assert posting.posted_on == dt.date(2026, 3, 1)  # 2026-03-09 less 7 days is 03-02: in time
    html = Client().get("/munkedal/anslagstavla/").content.decode()
    assert "Kommunfullmäktige" in html

    late = services.meeting_create(
        tenant=board.tenant, actor=None, body=council, date=dt.date(2026, 3, 7), start_time=dt.time(18)
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_send_notice(meeting=late, actor=None)
    assert "KL 5 kap. 13–15 §§" in str(refused.value)
    late.refresh_from_db()
    assert late.status == MeetingStatus.PLANNED and not late.postings.exists()


def test_the_notice_in_the_api(board):
    """GET /api/v1/meetings/{id}/notice is the public notice; POST sends it with an editor's key."""
    from radhus.core.tokens import token_create

    data = Client().get(f"/api/v1/meetings/{board.meeting.pk}/notice").json()
    titles = [i["title"] for i in data["agenda"]]
    assert PUBLIC_TITLE in titles and SECRET_TITLE not in titles
    assert [i["case_number"] for i in data["agenda"]][:2] == ["KS 2026/1", "KS 2026/2"]
    assert SECRET_RECORD not in str(data)

    _token, key = token_create(user=board.secretary_user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert (
        Client()
        .post(f"/api/v1/meetings/{board.meeting.pk}/notice", content_type="application/json")
        .status_code
        == 401
    )
    sent = Client().post(
        f"/api/v1/meetings/{board.meeting.pk}/notice", {}, content_type="application/json", **auth
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert [d["recipient"] for d in body if d["status"] == "no_address"] == ["Sara Lind (C)"]
    again = Client().post(
        f"/api/v1/meetings/{board.meeting.pk}/notice", {}, content_type="application/json", **auth
    )
    assert again.status_code == 400
    resent = Client().post(
        f"/api/v1/meetings/{board.meeting.pk}/notice",
        {"again": True},
        content_type="application/json",
        **auth,
    )
    assert resent.status_code == 200 and {d["round"] for d in resent.json()} == {2}
    listed = Client().get(f"/api/v1/meetings/{board.meeting.pk}/dispatches", **auth).json()
    assert len(listed["items"]) == 12
    assert Client().get(f"/api/v1/meetings/{board.meeting.pk}/dispatches").status_code == 401


def test_the_notice_page_reads_the_same_number_of_queries_however_long_the_agenda(board):
    """No query per item, record or attendee."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(f"/munkedal/kallelse/{board.meeting.pk}/").status_code == 200
        return len(captured)

    queries()  # as on a running server: the organisation and the notices are then kept
    before = queries()
    for n in range(5):
        services.agenda_add_item(meeting=board.meeting, actor=None, kind="information", title=f"Punkt {n}")
        diarium.record_add(case=board.cases[0], actor=None, direction="drawn_up", title=f"Bilaga {n}")
        services.attendance_add(meeting=board.meeting, actor=None, role="other", name=f"Gäst {n}")
    assert queries() == before


def test_sixteen_secretaries_sending_at_once_send_the_notice_once(board):
    """The meeting is locked while the notice is sent: one sending wins, the others are
    refused with a sentence, and every attendee gets one e-mail."""
    from tests.diarium.test_concurrency import at_once

    def send():
        try:
            services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
            return "sent"
        except ValidationError as exc:
            return exc.messages[0]

    outcomes = at_once([send for _ in range(16)])
    assert outcomes.count("sent") == 1
    assert set(outcomes) - {"sent"} == {"Kallelsen skickas en gång, före sammanträdet."}
    assert Dispatch.objects.filter(meeting=board.meeting).count() == 6
    assert DBTaskResult.objects.count() == 5
    at_once(
        [lambda: sending.notice_resend(meeting=board.meeting, actor=board.secretary_user) for _ in range(8)]
    )
    rounds = sorted(set(Dispatch.objects.filter(meeting=board.meeting).values_list("round", flat=True)))
    assert rounds == list(range(1, 10))
    assert Dispatch.objects.filter(meeting=board.meeting).count() == 6 * 9


def test_with_immediate_tasks_the_notice_is_sent_when_the_change_commits(board, settings):
    """RADHUS_TASKS=immediate: no worker; the e-mails go when the sending commits, and a
    refused one is recorded as failed (that backend cannot try again later)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    assert len(mail.outbox) == 5
    assert Dispatch.objects.filter(meeting=board.meeting, status=DispatchStatus.SENT).count() == 5

    settings.EMAIL_BACKEND = "tests.meetings.failing_mail.RefusingBackend"
    sending.notice_resend(meeting=board.meeting, actor=board.secretary_user)
    failed = Dispatch.objects.filter(meeting=board.meeting, round=2, status=DispatchStatus.FAILED)
    assert failed.count() == 5 and all(d.error.startswith("SMTPRecipientsRefused") for d in failed)


def test_a_message_refused_three_times_is_given_up_and_says_so(board, settings):
    settings.EMAIL_BACKEND = "tests.meetings.failing_mail.RefusingBackend"
    services.meeting_send_notice(meeting=board.meeting, actor=board.secretary_user)
    run_worker()
    with time_machine.travel(dt.timedelta(minutes=2)):
        run_worker()
    row = Dispatch.objects.get(meeting=board.meeting, address=ADDRESSES["Karin Ek (M)"])
    assert row.status == DispatchStatus.RETRYING and row.attempts == 2
    with time_machine.travel(dt.timedelta(minutes=15)):
        run_worker()
    row.refresh_from_db()
    assert row.status == DispatchStatus.FAILED and row.attempts == 3 and row.sent_at is None
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 15
    assert mail.outbox == []

"""Minute extracts (protokollsutdrag): the extract of an approved paragraph as a page and a
PDF, public without its secret parts, and its dispatch to units, posts, people, the case's
parties or free addresses, each recorded (auditors check them) and e-mailed by the worker."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from radhus.core.audit import history_of
from radhus.core.tokens import token_create
from radhus.diarium import services as diarium
from radhus.meetings import sending, services
from radhus.meetings.models import Dispatch, DispatchStatus
from radhus.organisation import services as organisation
from radhus.organisation.models import Person, Post, Unit
from tests.factories import PersonFactory, TenantRoleFactory
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_TITLE = "Förvärv av fastigheten Hemliga 1:7"
SECRET_TEXT = "HEMLIGBAKGRUND4471"
SECRET_DECISION = "Köpeskillingen är HEMLIG-9."


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def approved_board(slug: str = "munkedal"):
    """The board's meeting of 10 March 2026, approved: § 2 the budget (a substitute serving,
    a vote, a dissent), § 3 a case whose title is secret, with secret text."""
    board = build_board(slug)
    diarium.case_mark_title_secret(
        case=board.cases[1], actor=None, paragraph="OSL 19 kap. 1 §", public_title="Förvärv av fastighet"
    )
    board.cases[1].title = SECRET_TITLE
    board.cases[1].save(update_fields=["title"])
    diarium.case_add_party(
        case=board.cases[0], actor=None, kind="organisation", name="Revisorerna", email="revision@example.se"
    )
    board = hold_meeting(board)
    p3 = board.meeting.paragraphs.get(number=3)
    services.paragraph_update(
        paragraph=p3, actor=None, title=SECRET_TITLE, background=SECRET_TEXT, decision_text=SECRET_DECISION
    )
    services.paragraph_mark_secret(paragraph=p3, actor=None, osl="OSL 19 kap. 1 §")
    sign_all(board, on=dt.date(2026, 3, 13))
    return board


@pytest.fixture
def board():
    return approved_board()


def test_public_extract_has_the_blocks_of_an_extract(board):
    """The header of body and meeting, the paragraph with its case number and decision, who
    took part in deciding it, the adjusters' approval and “Rätt utdraget intygar”."""
    p2 = board.meeting.paragraphs.get(number=2)
    html = Client().get(f"/munkedal/utdrag/{p2.pk}/").content.decode()
    for text in [
        "Utdrag ur protokoll från Kommunstyrelsen, 2026-03-10",
        "§ 2 Budget 2027",
        "KS 2026/1",
        "Kommunstyrelsen föreslår fullmäktige att anta budgeten.",
        "Per Nylén (S)",
        "Nils Ström (C)",  # serves for Sara Lind in § 2
        "Karin Ek",
        "Rätt utdraget intygar",
        "Lena Protokoll",
        "2026-04-07",  # last day to appeal (KL 13 kap. 5 §): three weeks from the posting on 03-13
    ]:
        assert text in html, text
    assert "Sara Lind" not in html  # replaced by her substitute in § 2

    pdf = Client().get(f"/munkedal/utdrag/{p2.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in ["Protokollsutdrag", "§ 2", "KS 2026/1", "anta budgeten", "Rätt utdraget intygar"]:
        assert expected in text, expected


def test_public_extract_of_a_secret_paragraph_shows_no_secret(board):
    """OSL 5 kap. 5 §: the public title, and “Sekretess enligt OSL …” in place of the text."""
    p3 = board.meeting.paragraphs.get(number=3)
    for content in [
        Client().get(f"/munkedal/utdrag/{p3.pk}/").content.decode(),
        pdf_text(Client().get(f"/munkedal/utdrag/{p3.pk}.pdf").content),
        str(Client().get(f"/api/v1/paragraphs/{p3.pk}/extract").json()),
    ]:
        assert SECRET_TITLE not in content and SECRET_TEXT not in content and "HEMLIG-9" not in content
        assert "Sekretess enligt OSL 19 kap. 1 §" in content
        assert "Förvärv av fastighet" in content
    editor = Client()
    editor.force_login(board.secretary_user)
    staff = editor.get(f"/munkedal/redigera/utdrag/{p3.pk}/").content.decode()
    assert SECRET_TITLE in staff and SECRET_DECISION in staff


def test_only_approved_paragraphs_have_extracts():
    """An extract is of approved minutes (KL 5 kap. 69 §): before the approval, none."""
    board = hold_meeting(build_board())
    p2 = board.meeting.paragraphs.get(number=2)
    assert Client().get(f"/munkedal/utdrag/{p2.pk}/").status_code == 404
    assert Client().get(f"/api/v1/paragraphs/{p2.pk}/extract").status_code == 404
    with pytest.raises(ValidationError):
        sending.extract_dispatch(paragraph=p2, actor=None, addresses=["a@example.se"])


def test_dispatch_to_units_posts_people_parties_and_addresses_is_recorded_and_emailed(board):
    tenant = board.tenant
    office = Unit.objects.get(tenant=tenant, name="Kommunledningskontoret")
    organisation.contact_point_add(owner=office, actor=None, kind="email", value="klk@munkedal.example.se")
    post = Post.objects.get(unit__tenant=tenant, title="Nämndsekreterare")
    lena = Person.objects.get(tenant=tenant, first_name="Lena")
    organisation.contact_point_add(owner=lena, actor=None, kind="email", value="lena@munkedal.example.se")
    nobody = PersonFactory(tenant=tenant, first_name="Utan", last_name="Adress", slug="utan-adress")
    party = board.cases[0].parties.get()
    p2 = board.meeting.paragraphs.get(number=2)

    rows = sending.extract_dispatch(
        paragraph=p2,
        actor=board.secretary_user,
        units=[office],
        posts=[post],
        people=[nobody],
        parties=[party],
        addresses=["ekonomi@munkedal.example.se"],
        on=dt.date(2026, 3, 16),
    )
    by_name = {r.recipient: r for r in rows}
    # The post resolved as of the day: Lena Protokoll holds it from 1 March 2026.
    assert by_name["Nämndsekreterare (Lena Protokoll)"].address == "lena@munkedal.example.se"
    assert by_name["Kommunledningskontoret"].address == "klk@munkedal.example.se"
    assert by_name["Revisorerna"].address == "revision@example.se"
    assert by_name["Utan Adress"].status == DispatchStatus.NO_ADDRESS
    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "ekonomi@munkedal.example.se",
        "klk@munkedal.example.se",
        "lena@munkedal.example.se",
        "revision@example.se",
    ]
    message = mail.outbox[0]
    assert message.subject == "Protokollsutdrag: Kommunstyrelsen § 2/2026"
    [(filename, content, mimetype)] = message.attachments
    assert filename == "protokollsutdrag-ks-munkedal-2026-2.pdf" and mimetype == "application/pdf"
    assert "Rätt utdraget intygar" in pdf_text(content)

    for row in Dispatch.objects.filter(paragraph=p2).exclude(status=DispatchStatus.NO_ADDRESS):
        assert row.status == DispatchStatus.SENT and row.sent_at is not None
        assert row.created_by == board.secretary_user and row.channel == "email"
    event = history_of(board.meeting).get(action="meetings.extract.dispatch")
    assert event.actor == board.secretary_user and "Utan Adress" in event.changes["no_address"]


def test_a_letter_is_recorded_as_sent_without_email(board):
    p2 = board.meeting.paragraphs.get(number=2)
    karin = Person.objects.get(tenant=board.tenant, first_name="Karin")
    [row] = sending.extract_dispatch(
        paragraph=p2, actor=board.secretary_user, people=[karin], channel="letter"
    )
    assert row.status == DispatchStatus.SENT and row.channel == "letter"
    run_worker()
    assert mail.outbox == []


def test_bad_recipients_are_refused_clearly(board):
    p2 = board.meeting.paragraphs.get(number=2)
    with pytest.raises(ValidationError) as no_one:
        sending.extract_dispatch(paragraph=p2, actor=board.secretary_user)
    assert "Välj minst en mottagare." in str(no_one.value)
    with pytest.raises(ValidationError) as bad:
        sending.extract_dispatch(paragraph=p2, actor=board.secretary_user, addresses=["inte en adress\n"])
    assert "är ingen e-postadress" in str(bad.value)
    other = build_board("hedekas")
    with pytest.raises(ValidationError):
        sending.extract_dispatch(
            paragraph=p2, actor=board.secretary_user, units=[other.body], addresses=["a@example.se"]
        )
    assert not Dispatch.objects.exists()


def test_the_dispatch_form_and_the_lists_for_auditors(board):
    p2 = board.meeting.paragraphs.get(number=2)
    editor = Client()
    editor.force_login(board.secretary_user)
    url = f"/munkedal/redigera/utdrag/{p2.pk}/"
    page = editor.get(url).content.decode()
    token = page.split('name="once" value="')[1].split('"')[0]
    response = editor.post(
        url, {"once": token, "addresses": "a@example.se, b@example.se", "channel": "email"}
    )
    assert response.status_code == 302
    again = editor.post(url, {"once": token, "addresses": "a@example.se, b@example.se", "channel": "email"})
    assert again.status_code == 302 and Dispatch.objects.count() == 2  # the same form sent twice
    fresh = editor.get(url).content.decode().split('name="once" value="')[1].split('"')[0]
    bad = editor.post(url, {"once": fresh, "addresses": "nej", "channel": "email"})
    assert bad.status_code == 200 and "”nej” är ingen e-postadress." in bad.content.decode()
    run_worker()

    reader = Client()
    reader.force_login(TenantRoleFactory(tenant=board.tenant, role="reader").user)
    for path in [url, f"/munkedal/redigera/utdrag/sammantrade/{board.meeting.pk}/"]:
        html = reader.get(path).content.decode()
        assert "a@example.se" in html and "b@example.se" in html and "skickat" in html, path
    assert reader.post(url, {"addresses": "c@example.se", "channel": "email"}).status_code == 403


def test_another_organisations_paragraph_is_not_found(board):
    other = approved_board("hedekas")
    foreign = other.meeting.paragraphs.get(number=2)
    editor = Client()
    editor.force_login(board.secretary_user)
    for path in [
        f"/munkedal/utdrag/{foreign.pk}/",
        f"/munkedal/utdrag/{foreign.pk}.pdf",
        f"/munkedal/redigera/utdrag/{foreign.pk}/",
        f"/munkedal/redigera/utdrag/sammantrade/{other.meeting.pk}/",
    ]:
        assert editor.get(path).status_code == 404, path
    assert (
        editor.post(f"/munkedal/redigera/utdrag/{foreign.pk}/", {"addresses": "a@example.se"}).status_code
        == 404
    )
    _token, key = token_create(user=board.secretary_user)
    answer = Client().post(
        f"/api/v1/paragraphs/{foreign.pk}/dispatches",
        {"addresses": ["a@example.se"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert answer.status_code == 403
    assert not Dispatch.objects.exists()


def test_dispatch_in_the_api(board):
    p2 = board.meeting.paragraphs.get(number=2)
    office = Unit.objects.get(tenant=board.tenant, name="Kommunledningskontoret")
    other = build_board("hedekas")
    _token, key = token_create(user=board.secretary_user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/v1/paragraphs/{p2.pk}/dispatches"
    foreign = Client().post(url, {"unit_ids": [other.body.pk]}, content_type="application/json", **auth)
    assert foreign.status_code == 400 and "unit_ids" in foreign.json()["errors"]
    sent = Client().post(
        url, {"unit_ids": [office.pk], "addresses": ["x@example.se"]}, content_type="application/json", **auth
    )
    assert sent.status_code == 200, sent.content
    assert [(d["recipient"], d["status"]) for d in sent.json()] == [
        ("Kommunledningskontoret", "no_address"),
        ("x@example.se", "pending"),
    ]
    run_worker()
    listed = Client().get(url, **auth).json()["items"]
    assert [(d["paragraph"], d["status"], d["dispatched_by"]) for d in listed][1] == (
        2,
        "sent",
        "sekreterare-munkedal",
    )
    assert Client().get(url).status_code == 401
    stranger = TenantRoleFactory(tenant=other.tenant, role="editor").user
    _t, stranger_key = token_create(user=stranger)
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {stranger_key}").status_code == 403
    meeting_list = Client().get(f"/api/v1/meetings/{board.meeting.pk}/dispatches", **auth).json()
    assert len(meeting_list["items"]) == 2


def test_an_acting_holder_is_not_the_holder_after_the_day(board):
    """A post resolved as of the dispatch day: the former holder is not sent to."""
    post = Post.objects.get(unit__tenant=board.tenant, title="Nämndsekreterare")
    eva = Person.objects.get(tenant=board.tenant, first_name="Eva")
    organisation.contact_point_add(owner=eva, actor=None, kind="email", value="eva@munkedal.example.se")
    p2 = board.meeting.paragraphs.get(number=2)
    [before] = sending.extract_dispatch(paragraph=p2, actor=None, posts=[post], on=dt.date(2026, 2, 20))
    assert (
        before.recipient == "Nämndsekreterare (Eva Skrivare)" and before.address == "eva@munkedal.example.se"
    )
    [after] = sending.extract_dispatch(paragraph=p2, actor=None, posts=[post], on=dt.date(2026, 3, 20))
    assert (
        after.recipient == "Nämndsekreterare (Lena Protokoll)" and after.status == DispatchStatus.NO_ADDRESS
    )

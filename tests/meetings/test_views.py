"""The public pages: the notice board, the minutes as a page and a PDF, the feed and the
calendar. Nothing secret leaks; minutes not yet approved are not public."""

import datetime as dt
import shutil
import subprocess

import pytest
import time_machine
from django.test import Client

from radhus.diarium import services as diarium
from radhus.meetings import services
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Förvärv av fastigheten Hemliga 1:7"
SECRET_TEXT = "HEMLIGBAKGRUND4471"


@pytest.fixture
def approved():
    board = build_board()
    diarium.case_mark_title_secret(
        case=board.cases[1], actor=None, paragraph="OSL 19 kap. 1 §", public_title="Förvärv av fastighet"
    )
    board.cases[1].title = SECRET_TITLE
    board.cases[1].save(update_fields=["title"])
    board = hold_meeting(board)
    p3 = board.meeting.paragraphs.get(number=3)
    services.paragraph_update(paragraph=p3, actor=None, title=SECRET_TITLE, background=SECRET_TEXT)
    p4 = board.meeting.paragraphs.get(number=4)
    services.paragraph_update(paragraph=p4, actor=None, background="HEMLIGDELEGATION")
    services.paragraph_mark_secret(paragraph=p4, actor=None, osl="OSL 39 kap. 3 §")
    p2 = board.meeting.paragraphs.get(number=2)
    services.note_add(
        paragraph=p2, actor=None, attendance=board.by_name["Maria Direktör"], text="Budgeten är osäker."
    )
    sign_all(board, on=dt.date(2026, 3, 13))
    return board


def test_minutes_not_approved_are_not_public():
    board = hold_meeting(build_board())
    assert Client().get(f"/munkedal/protokoll/{board.meeting.pk}/").status_code == 404
    assert Client().get(f"/munkedal/protokoll/{board.meeting.pk}.pdf").status_code == 404
    assert Client().get("/munkedal/protokoll/99999999999999999999/").status_code == 404


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_notice_board_shows_the_approval_with_its_dates(approved):
    html = Client().get("/munkedal/anslagstavla/").content.decode()
    assert "Kommunstyrelsen" in html
    for day in ["2026-03-10", "2026-03-13", "2026-04-07", "2026-04-08"]:
        assert day in html, day
    assert "Kommunkansliet, Kommunhuset" in html


@time_machine.travel(dt.datetime(2026, 4, 8, 12, tzinfo=dt.UTC), tick=False)
def test_notice_comes_down_after_the_appeal_period(approved):
    html = Client().get("/munkedal/anslagstavla/").content.decode()
    assert "2026-04-07" not in html


def test_public_minutes_never_show_a_secret_title_or_text(approved):
    html = Client().get(f"/munkedal/protokoll/{approved.meeting.pk}/").content.decode()
    assert SECRET_TITLE not in html and SECRET_TEXT not in html and "HEMLIGDELEGATION" not in html
    assert "Beslutet saknar finansiering." not in html  # a note on a secret paragraph is hidden too
    assert "Sekretess enligt OSL 19 kap. 1 §" in html
    assert "Sekretess enligt OSL 39 kap. 3 §" in html
    assert "Förvärv av fastighet" in html
    # the blocks of Swedish minutes
    for text in [
        "Per Nylén (S)",
        "Nils Ström (C)",
        "§ 2",
        "Karin Ek (M)",
        "Budgeten är osäker.",
        "Maria Direktör",
        "Kommunhuset, 2026-03-13 kl. 10.00",  # the place and time of approval
        "2026-04-07",
    ]:
        assert text in html, text


@time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), tick=False)
def test_feed_lists_the_posting(approved):
    response = Client().get("/munkedal/anslagstavla/flode/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<feed" in body and "2026-04-07" in body
    assert SECRET_TITLE not in body


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_minutes_pdf_has_the_blocks_of_swedish_minutes(approved, tmp_path):
    response = Client().get(f"/munkedal/protokoll/{approved.meeting.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for block in [
        "Plats och tid",
        "Beslutande",
        "Per Nylén (S)",
        "Ersättare",
        "Nils Ström (C), tjänstgör i § 2",
        "Övriga närvarande",
        "Maria Direktör, kommundirektör",
        "Justerare",
        "Plats och tid för justering",
        "Kommunhuset, 2026-03-13 kl. 10.00",
        "§ 2",
        "Reservation",
        "Protokollsanteckning",
        "Underskrifter",
        "Anslagsbevis",
        "Sista dag att överklaga",
        "2026-04-07",
    ]:
        assert block in text, block
    assert SECRET_TITLE not in text and SECRET_TEXT not in text


def test_calendar_of_the_body(approved):
    services.plan_year(series=approved.series, actor=None, year=2026)
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC)):
        response = Client().get("/munkedal/sammantraden/ks-munkedal.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 12  # the 12 second Tuesdays; 10 March was already planned
    assert "LOCATION:Kommunhuset\\, Forum" in body
    assert Client().get("/munkedal/sammantraden/finns-inte.ics").status_code == 404


def test_a_protected_person_is_never_named_in_public_minutes():
    board = build_board()
    board.body.memberships.filter(person__first_name="Olle").first().person.__class__.objects.filter(
        first_name="Olle", tenant=board.tenant
    ).update(is_public=False)
    board = hold_meeting(board)
    sign_all(board)
    html = Client().get(f"/munkedal/protokoll/{board.meeting.pk}/").content.decode()
    assert "Olle Berg" not in html and "Skyddad person" in html
    api = Client().get(f"/api/v1/meetings/{board.meeting.pk}/minutes").content.decode()
    assert "Olle Berg" not in api

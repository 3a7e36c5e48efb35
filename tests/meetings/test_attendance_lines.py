"""Those present who do not decide are listed as real minutes list them: the name, the title (or
the role, without one) and “med yttranderätt” once; a post present by its title, such as a
vacant director's post (“Kommunchefen”), is not named twice."""

import shutil
import subprocess

import pytest
from django.test import Client

from radhus.meetings import services
from radhus.meetings.models import Attendance, AttendeeRole
from tests.factories import PersonFactory
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "title", "role", "line"),
    [
        (
            "Anna Berg",
            "Kommunchef, med yttranderätt",
            AttendeeRole.OTHER,
            "Anna Berg, kommunchef, med yttranderätt",
        ),
        (
            "Kommunchefen",
            "Kommunchef, med yttranderätt",
            AttendeeRole.OTHER,
            "Kommunchefen, med yttranderätt",
        ),
        (
            "Kommunchefen",
            "kommunchef, med yttranderätt, Med yttranderätt",
            AttendeeRole.OTHER,
            "Kommunchefen, med yttranderätt",
        ),
        ("Kommunsekreteraren", "Kommunsekreterare", AttendeeRole.SECRETARY, "Kommunsekreteraren"),
        ("Eva Lund", "IT-chef", AttendeeRole.OTHER, "Eva Lund, IT-chef"),
        ("Eva Lund", "", AttendeeRole.SECRETARY, "Eva Lund, sekreterare"),
        ("Kommunchefsgruppen", "Kommunchef", AttendeeRole.OTHER, "Kommunchefsgruppen, kommunchef"),
    ],
)
def test_an_attendance_line_says_each_thing_once(name, title, role, line):
    assert Attendance(name=name, title=title, role=role).line == line


def approved_with_directors():
    """The board's meeting with the director present in person and the finance director's
    post present by its title (vacant), both with the right to speak; approved."""
    board = hold_meeting(build_board())
    anna = PersonFactory(tenant=board.tenant, first_name="Anna", last_name="Berg", slug="anna-berg")
    services.attendance_add(
        meeting=board.meeting,
        actor=None,
        role=AttendeeRole.OTHER,
        person=anna,
        title="Kommunchef, med yttranderätt",
    )
    services.attendance_add(
        meeting=board.meeting,
        actor=None,
        role=AttendeeRole.OTHER,
        name="Ekonomichefen",
        title="Ekonomichef, med yttranderätt",
    )
    sign_all(board)
    return board


def test_the_minutes_page_lists_the_director_and_a_vacant_post_once_each():
    board = approved_with_directors()
    html = Client().get(f"/munkedal/protokoll/{board.meeting.pk}/").content.decode()
    assert "<li>Anna Berg, kommunchef, med yttranderätt</li>" in html
    assert "<li>Ekonomichefen, med yttranderätt</li>" in html
    assert "Ekonomichefen, ekonomichef" not in html
    assert html.count("med yttranderätt") == 2


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_minutes_pdf_lists_them_the_same_way(tmp_path):
    board = approved_with_directors()
    response = Client().get(f"/munkedal/protokoll/{board.meeting.pk}.pdf")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Anna Berg, kommunchef, med yttranderätt" in text
    assert "Ekonomichefen, med yttranderätt" in text
    assert "Ekonomichefen, ekonomichef" not in text

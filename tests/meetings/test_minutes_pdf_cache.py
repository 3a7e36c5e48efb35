"""The public minutes PDF is kept between requests (WeasyPrint takes seconds for long minutes)
and made again after any change in the organisation: a member who becomes a protected person
is never named by a PDF made before (the public pages never name a protected person)."""

import shutil
import subprocess

import pytest
from django.test import Client

from radhus.organisation import services as organisation
from radhus.organisation.models import Person
from tests.meetings.test_services import sign_all
from tests.meetings.world import build_board, hold_meeting

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def pdf_text(path: str, tmp_path) -> str:
    response = Client().get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(response.content)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_minutes_pdf_is_made_again_when_a_member_becomes_protected(tmp_path):
    board = hold_meeting(build_board())
    sign_all(board)
    path = f"/munkedal/protokoll/{board.meeting.pk}.pdf"
    assert "Olle Berg" in pdf_text(path, tmp_path)
    assert "Olle Berg" in pdf_text(path, tmp_path)  # the kept PDF
    olle = Person.objects.get(tenant=board.tenant, slug="olle-munkedal")
    organisation.person_update(person=olle, actor=None, is_public=False)
    text = pdf_text(path, tmp_path)
    assert "Olle Berg" not in text and "Skyddad person" in text

"""The notice and a minute extract in a real Chromium, on the demo data (issue 10): the public
reads Munkedal's board meeting's notice and the extract of its § 2, and a secretary dispatches
the extract to an address and sees the dispatch recorded. axe-core finds no WCAG 2.1 AA
violation on the public pages (1280 and 390 px) or on the staff page."""

import re

import pytest
from playwright.sync_api import Page, expect

from radhus.meetings.models import Meeting, MeetingStatus

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_the_public_reads_the_notice_and_a_secretary_dispatches_an_extract(page: Page, axe):
    meeting = Meeting.objects.get(
        tenant__slug="munkedal", body__short_name="KS", status=MeetingStatus.APPROVED
    )
    paragraph = meeting.paragraphs.get(number=2)

    page.goto(f"/munkedal/kallelse/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Kallelse till Kommunstyrelsen"))
    expect(page.get_by_role("heading", name="Föredragningslista")).to_be_visible()
    expect(page.get_by_text("Redovisning av delegationsbeslut (KL 6 kap. 40 §)").first).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/munkedal/utdrag/{paragraph.pk}/")
    expect(page.get_by_text("Rätt utdraget intygar")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/konto/logga-in/?next=/munkedal/redigera/utdrag/{paragraph.pk}/")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Utdrag: Kommunstyrelsen § 2/"))
    page.get_by_label("Andra e-postadresser").fill("ekonomi@munkedal.example.se")
    page.get_by_role("main").get_by_role("button", name="Expediera", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Utdraget skickas till 1 mottagare.")
    row = page.get_by_role("row", name=re.compile("ekonomi@munkedal.example.se"))
    expect(row).to_contain_text("väntar på att skickas")
    axe(page)

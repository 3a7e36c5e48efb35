"""The public notice board and approved minutes in a real Chromium, on the demo data (issue 10):
Munkedal's board meeting is posted with its last day to appeal, the minutes open from it, and
axe-core finds no WCAG 2.1 AA violation at 1280 and 390 px."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_the_public_reads_the_notice_board_and_the_minutes(page: Page, axe):
    page.goto("/munkedal/anslagstavla/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagstavla för Munkedals kommun")
    expect(page.get_by_text("Sista dag att överklaga").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Protokoll från Kommunstyrelsen").first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Anslagsbevis")).to_be_visible()
    expect(page.get_by_text("Anders Lund (C), tjänstgör i § 2, 3")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)
    page.goto("/munkedal/anslagstavla/")
    axe(page)


def test_the_public_finds_when_the_board_meets(page: Page, axe):
    """The yearly plan: from the notice board to the bodies that meet, to one body's year."""
    page.goto("/munkedal/anslagstavla/")
    page.get_by_role("link", name="När organen sammanträder").click()
    page.wait_for_load_state("load")
    axe(page)
    page.get_by_role("link", name="Kommunstyrelsen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("table")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)

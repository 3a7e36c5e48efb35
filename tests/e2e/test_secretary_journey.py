"""A committee secretary's journey in a real Chromium (issue 10, acceptance): log in, plan a
meeting, build the agenda from the cases ready for decision, send the notice, call the members,
keep the minutes (a paragraph with a roll-call vote and a dissent), arrange the approval, have
each signer approve, and find the minutes on the public notice board with the last day to
appeal (KL 13 kap. 5 §). axe-core checks the public notice board and minutes, and the meeting
and paragraph pages the secretary works on, for WCAG 2.1 AA.

The secretary's main pages are photographed at 1280 and 390 px into /tmp/shots-mstaff/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from radhus.meetings import law
from radhus.meetings.models import Meeting, MeetingStatus
from tests.meetings.world import build_board, link_signers

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-mstaff")


def shoot(page: Page, name: str) -> None:
    """The page at desktop and phone width, whole."""
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def press(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()


def log_in(page: Page, username: str, next_path: str) -> None:
    """Log out whoever is logged in and log in as ``username``."""
    page.context.clear_cookies()
    page.goto(f"/konto/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("lösenord-123")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")


def said(page: Page, text: str) -> None:
    """The page's message after a form was sent (the page is swapped in by htmx)."""
    expect(page.get_by_role("status")).to_contain_text(text)


def test_a_secretary_keeps_the_minutes_and_the_public_reads_them(page: Page, axe):
    board = build_board()
    link_signers(board)
    today = timezone.localdate()

    page.goto("/konto/logga-in/?next=/munkedal/redigera/sammantraden/")
    page.get_by_label("Användarnamn").fill("sekreterare-munkedal")
    page.get_by_label("Lösenord").fill("lösenord-123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanträden i Munkedals kommun")
    shoot(page, "start")
    page.get_by_role("link", name="Kommunstyrelsen").first.click()
    expect(page.get_by_role("heading", level=2, name="Planera ett år")).to_be_visible()
    shoot(page, "series")
    page.get_by_role("link", name="Sammanträden", exact=True).first.click()

    # A meeting today.
    page.get_by_role("main").get_by_role("link", name="Nytt sammanträde").first.click()
    page.get_by_label("Organ eller grupp").select_option(label="Kommunstyrelsen")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_label(re.compile("^Plats")).fill("Kommunhuset, Forum")
    press(page, "Planera sammanträdet")
    heading = f"Kommunstyrelsen, sammanträde den {today.isoformat()}"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # The agenda from the cases ready for decision.
    for case in board.cases:
        page.get_by_label("Ärende klart för beslut").select_option(label=f"{case.number} {case.title}")
        press(page, "Ta upp på föredragningslistan")
        said(page, f"{case.number} står på föredragningslistan.")
    agenda = page.locator("table.agenda")
    expect(agenda).to_contain_text("Budget 2027")
    expect(agenda).to_contain_text("Ny förskola i Hedekas")

    press(page, "Skicka kallelsen")
    said(page, "är skickad")
    expect(page.locator(".meeting-facts")).to_contain_text("Kallelse skickad")

    press(page, "Kalla ledamöterna enligt gruppens sammansättning på sammanträdesdagen")
    said(page, "6 kallade.")
    expect(page.locator("table.attendance")).to_contain_text("Karin Ek (M)")
    axe(page)
    shoot(page, "meeting")

    # The minutes: § 1 for the budget, with a vote and a dissent.
    page.get_by_role("button", name=re.compile(r"^Skriv §.*Budget 2027")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("§ 1 Budget 2027")
    page.get_by_label(re.compile("^Bakgrund")).fill("Förslag till budget för 2027.")
    page.get_by_label(re.compile("^Förslag")).fill("Ordföranden: bifall.\nKarin Ek (M): avslag.")
    page.get_by_label(re.compile("^Beslut")).first.fill(
        "Kommunstyrelsen föreslår fullmäktige att anta budgeten."
    )
    press(page, "Spara paragrafen")
    said(page, "§ 1 är sparad.")

    page.get_by_text("För in en omröstning med namnupprop").click()
    page.get_by_label(re.compile("^Proposition")).fill("Bifall till ordförandens förslag?")
    page.get_by_label(re.compile("^Ja innebär")).fill("bifall")
    page.get_by_label(re.compile("^Nej innebär")).fill("avslag")
    for name, choice in (
        ("Per Nylén (S)", "ja"),
        ("Olle Berg (S)", "ja"),
        ("Karin Ek (M)", "nej"),
        ("Sara Lind (C)", "ja"),
    ):
        page.get_by_label(name).select_option(label=choice)
    shoot(page, "vote-form")
    press(page, "För in omröstningen")
    said(page, "Omröstningen i § 1 är införd.")
    expect(page.locator("#votes")).to_contain_text("3 ja, 1 nej, 0 avstår.")

    page.get_by_text("För in en reservation").click()
    page.locator("#dissent_attendance").select_option(label="Karin Ek (M), vice ordförande")
    page.locator("#dissent_reasons").fill("Budgeten saknar täckning för förskolan.")
    press(page, "För in reservationen")
    said(page, "Reservationen i § 1 är införd.")
    expect(page.locator("#dissents")).to_contain_text("Karin Ek (M) reserverar sig.")
    axe(page)
    shoot(page, "paragraph")

    # § 2 from the next item, straight from the paragraph's page.
    page.get_by_role("button", name="Nästa punkt: Ny förskola i Hedekas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("§ 2 Ny förskola i Hedekas")
    page.get_by_label(re.compile("^Beslut")).first.fill("Förskolan byggs.")
    press(page, "Spara paragrafen")
    said(page, "§ 2 är sparad.")

    # The approval: chair, adjuster, secretary, place, day and time.
    page.get_by_role("link", name="Alla paragrafer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    approval = page.locator("#approval")
    approval.get_by_label("Ordförande", exact=True).select_option(label="Per Nylén (S), ordförande")
    approval.get_by_label("Karin Ek (M), vice ordförande").check()
    approval.get_by_label(re.compile("^Sekreterare")).select_option(label="Lena Protokoll, sekreterare")
    approval.get_by_label("Plats för justering").fill("Kommunhuset")
    approval.get_by_label(re.compile("^Dag för justering")).fill(today.isoformat())
    approval.get_by_label(re.compile("^Tid för justering")).fill("23:30")
    press(page, "Spara justeringen")
    said(page, "Justeringen är bestämd.")

    # Each signer approves their own line, logged in as themselves (KL 5 kap. 69 §): the
    # secretary sees no button on the chair's and the adjuster's lines.
    meeting = Meeting.objects.get(body=board.body, date=today)
    meeting_path = f"/munkedal/redigera/sammantraden/{meeting.pk}/"
    expect(approval.get_by_role("link", name="Justera som Lena Protokoll")).to_be_visible()
    expect(approval.get_by_role("link", name=re.compile("Justera som (Per|Karin)"))).to_have_count(0)
    for name, username in (("Per Nylén", "per-munkedal"), ("Karin Ek", "karin-munkedal")):
        log_in(page, username, meeting_path)
        expect(page.locator("#approval").get_by_role("link", name=re.compile("^Justera som"))).to_have_count(
            1
        )
        page.get_by_role("link", name=f"Justera som {name}").click()
        page.get_by_label(f"Jag, {name}, har läst protokollet och justerar det.").check()
        press(page, "Justera protokollet")
        said(page, f"{name} har justerat protokollet.")
    log_in(page, "sekreterare-munkedal", meeting_path)
    page.get_by_role("link", name="Justera som Lena Protokoll").click()
    page.get_by_label("Jag, Lena Protokoll, har läst protokollet och justerar det.").check()
    press(page, "Justera protokollet")
    said(page, "Protokollet är justerat och anslaget på anslagstavlan.")
    expect(page.locator(".locked-note")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    axe(page)
    shoot(page, "approved")

    # From the minutes to the follow-up: an assignment made from the budget's decision, which
    # links back to its paragraph, and the case page shows where the case is in the flow.
    page.locator("#minutes").get_by_role("link", name=re.compile("^Skapa uppdrag.*Budget 2027")).click()
    page.wait_for_load_state("load")
    page.get_by_label(re.compile("^Vad som ska göras")).fill("Ta fram budgetunderlag")
    page.get_by_label(re.compile("^Klart senast")).fill((today + dt.timedelta(days=60)).isoformat())
    page.get_by_label(re.compile("^Enhet")).select_option(label="Kommunledningskontoret")
    press(page, "Skapa uppdraget")
    page.wait_for_load_state("load")
    expect(page.get_by_role("status")).to_contain_text("Uppdraget ”Ta fram budgetunderlag” är skapat.")
    axe(page)
    page.get_by_role("link", name="KS § 1/" + str(today.year)).click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("§ 1 Budget 2027")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Ta fram budgetunderlag")
    expect(decision).to_contain_text("ej påbörjat")
    page.get_by_role("main").get_by_role("link", name=board.cases[0].number).first.click()
    page.wait_for_load_state("load")
    flow = page.locator("#flow")
    expect(flow).to_contain_text(f"beslutat (KS § 1/{today.year})")
    expect(flow.get_by_role("link", name="Ta fram budgetunderlag")).to_be_visible()
    page.get_by_role("navigation", name="Moduler").get_by_role("link", name="Sammanträden").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanträden i Munkedals kommun")
    page.goto(meeting_path)

    # The public notice board shows the minutes with the last day to appeal.
    last_day = law.appeal_last_day(today).isoformat()
    page.get_by_role("link", name="Anslagstavlan").first.click()
    page.wait_for_load_state("load")
    posting = page.locator(f"#p{meeting.postings.get().pk}")
    expect(posting).to_contain_text("Sista dag att överklaga")
    expect(posting).to_contain_text(last_day)
    axe(page)
    shoot(page, "notice-board")
    posting.get_by_role("link").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Karin Ek (M) reserverar sig.")).to_be_visible()
    expect(page.get_by_text("3 ja, 1 nej, 0 avstår.")).to_be_visible()
    expect(page.get_by_text(f"Kommunhuset, {today.isoformat()} kl. 23.30")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)
    shoot(page, "minutes")

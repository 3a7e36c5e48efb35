"""The reports for the board and the auditors in a real Chromium, on the demo data (issue 11):
the execution report's table fits a 1280 px screen without scrolling sideways, a 390 px phone
shows each row as a block with its labels and never scrolls sideways (WCAG 2.1, 1.4.10
Reflow), and the page prints on A4 with the table and without the filters. The auditors'
report of minute extracts (Q9) too. axe-core checks the pages for WCAG 2.1 AA."""

import datetime as dt
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from radhus.followup import services
from radhus.meetings.models import Decision
from radhus.organisation.models import Post

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

REPORT = "/munkedal/redigera/uppfoljning/rapporter/verkstallighet/"
EXTRACTS = "/munkedal/redigera/uppfoljning/rapporter/protokollsutdrag/"

SIDEWAYS = """() => {
  const box = document.querySelector('.table-scroll');
  return [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth,
          box.scrollWidth, box.clientWidth];
}"""


def test_the_execution_report_fits_a_screen_a_phone_and_paper(page: Page, axe):
    preschool = Decision.objects.get(tenant__slug="munkedal", paragraph__title="Ny förskola i Hedekas")
    long = services.assignment_create(
        decision=preschool,
        actor=None,
        title="Beställ en lokalutredning för förskolan med kostnadsberäkning och tidplan",
        due_on=preschool.decided_on + dt.timedelta(days=2),
        assignee_post=Post.objects.filter(tenant__slug="munkedal", title="Kommunchef").first(),
    )
    services.deviation_report(
        assignment=long,
        actor=None,
        kind="late",
        reason="Upphandlingen av konsulten överprövades.",
        alternative_measure="Samhällsbyggnadsförvaltningen gör utredningen i egen regi under hösten.",
        reported_on=preschool.decided_on + dt.timedelta(days=3),
    )
    page.goto(f"/konto/logga-in/?next={REPORT}")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vilka beslut har ännu inte verkställts, och hur långt har de kommit?"
    )
    axe(page)
    expect(page.locator(".report-table thead th")).to_have_count(7)
    expect(page.get_by_role("row").filter(has_text="Beställ en lokalutredning")).to_contain_text(
        "Dagar försenat"
    )
    doc, doc_view, table, table_view = page.evaluate(SIDEWAYS)
    assert (doc, table) == (doc_view, table_view), "the report scrolls sideways at 1280 px"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    axe(page)
    doc, doc_view, _table, _view = page.evaluate(SIDEWAYS)
    assert doc == doc_view, "the report scrolls sideways on a phone"
    cell = page.locator('.report-table td[data-label="Vad ska göras"]').first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Vad ska göras: "'
    expect(page.locator(".report-table thead")).not_to_be_in_viewport()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    flat = " ".join(text.split())
    assert "Beställ en lokalutredning" in flat and "Dagar sedan beslutet" in flat
    assert "Handläggare" not in flat  # the filters are not printed


def test_the_extracts_report_names_the_question(page: Page, axe):
    page.goto(f"/konto/logga-in/?next={EXTRACTS}")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Skickas protokollsutdragen utan dröjsmål till dem som ska verkställa besluten?"
    )
    expect(page.get_by_text("fem arbetsdagar", exact=False)).to_be_visible()
    axe(page)


def test_a_large_pdf_is_asked_for_and_downloaded_when_ready(page: Page, axe, settings, monkeypatch):
    from radhus.followup.reports import queue

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(queue, "SYNC_ROWS", 1)  # the demo's report has two rows
    page.goto(f"/konto/logga-in/?next={REPORT}")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="PDF", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("En stor PDF görs i bakgrunden")
    axe(page)
    page.get_by_role("button", name="Gör PDF-filen").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportfiler")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hämta PDF-filen").click()
    data = Path(download.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Vilka beslut har ännu inte verkställts" in " ".join(text.split())

"""The public's question form (S3.5) and the register's search page in a real Chromium, on the
demo data, with axe-core for WCAG 2.1 A and AA: a visitor sends an idea to Umeåregionen, gets
its case number, and finds it by a word written without accents; the sender's name is nowhere
on the search page."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_a_visitor_sends_an_idea_and_finds_it_in_the_register(page: Page, axe):
    page.goto("/umearegionen/fragor-och-ideer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skicka en fråga eller en idé")
    axe(page)
    page.get_by_label("Vad vill du skicka?").select_option("idea")
    page.get_by_label("Ämne").fill("Fler laddstolpar vid förskolorna")
    page.get_by_label("Ditt meddelande").fill("Det behövs laddstolpar vid alla förskolor i regionen.")
    page.get_by_label("Ditt namn").fill("Astrid Testperson")
    page.get_by_label("Din e-postadress").fill("astrid@example.org")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt meddelande")
    number = page.locator("strong").first.inner_text()
    assert re.fullmatch(r"UR \d{4}/\d+", number)
    axe(page)

    page.goto("/umearegionen/diarium/sok/")
    axe(page)
    page.get_by_label("Ord i rubrik, beskrivning eller handlingar").fill("forskolorna")
    page.get_by_role("button", name="Sök", exact=True).last.click()
    page.wait_for_load_state("load")
    expect(page.locator("table.cases")).to_contain_text(number)
    expect(page.locator("table.cases")).to_contain_text("laddstolpar")
    assert "Astrid" not in page.content()
    axe(page)


def test_an_empty_form_shows_its_errors_accessibly(page: Page, axe):
    page.goto("/umearegionen/fragor-och-ideer/")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)

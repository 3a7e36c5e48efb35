"""The public goal pages and policy documents in a real Chromium, on the demo data (issue 11):
Umeåregionen's 2050 vision with its progress, a goal's indicators as charts with the same data
as tables, the shared vision on a member municipality's page, and Munkedal's policy documents;
axe-core finds no WCAG 2.1 AA violation at 1280 and 390 px."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_a_citizen_follows_the_2050_vision_to_a_goals_charts(page: Page, axe):
    page.goto("/umearegionen/mal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål för Umeåregionen")
    expect(
        page.get_by_role("link", name="Världens bästa livsmiljö för en kvarts miljon människor 2050")
    ).to_be_visible()
    expect(page.get_by_text("Framsteg:").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name="En växande region").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("En växande region")
    chart = page.get_by_role("img", name="Invånare i Umeåregionen")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Värden för Invånare i Umeåregionen (invånare)")
    expect(table.get_by_role("cell", name="165\u00a0300")).to_be_visible()
    expect(table.get_by_role("cell", name="250\u00a0000")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)


def test_a_member_shows_the_regions_vision_and_a_strategy_with_an_unmeasured_indicator(page: Page, axe):
    page.goto("/vannas/mal/")
    expect(
        page.get_by_role("link", name="Världens bästa livsmiljö för en kvarts miljon människor 2050")
    ).to_be_visible()
    page.get_by_role("link", name="Samverkan som ger effekt för kommunerna").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Inget värde uppmätt ännu.").first).to_be_visible()
    axe(page)


def test_the_policy_documents_in_force(page: Page, axe):
    page.goto("/munkedal/styrdokument/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Styrdokument för Munkedals kommun")
    expect(page.get_by_role("cell", name="Delegationsordning för kommunstyrelsen")).to_be_visible()
    expect(page.get_by_text("Riktlinje för representation")).to_have_count(0)
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)
